"""Django's makemessages, reading `_lazy(...)` too: the project imports gettext_lazy under that
name wherever `_` is gettext (model fields, choices, form labels)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
