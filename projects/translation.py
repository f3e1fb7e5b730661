"""A project's name in Finnish and Swedish (django-modeltranslation; see
`plans/translation.py`)."""

from modeltranslation.translator import TranslationOptions, register

from common.content import FinnishHistory, register_history
from projects.models import Project


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi",)
    # An untranslated name is NULL: the Swedish names are unique too, and many are missing.
    empty_values = None


register_history(Project, FinnishHistory())
