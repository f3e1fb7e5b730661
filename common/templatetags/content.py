"""The plan's own texts on a page, in the reader's language (`common.content`).

`{{ goal|content:"name" }}` shows the Swedish name on a Swedish page where there is one;
where there is none, the Finnish name in `<span lang="fi">` followed by a visible
"(på finska)". With Finnish chosen, the Finnish text as it is. `{{ action|content_label }}`
does the same for an action's name (`Action.label`), and `{{ text|shown }}` for a text a
report has already chosen (`common.content.Shown`).
"""

from django import template
from django.utils.html import format_html

from common import content

register = template.Library()


@register.filter
def shown(text):
    """A `Shown` text as HTML: a Finnish fallback in `lang="fi"`, with its mark."""
    if not getattr(text, "fallback", False):
        return text
    return format_html(
        '<span lang="fi">{}</span> <span class="fallback-mark">{}</span>',
        text.text,
        content.fallback_mark(),
    )


@register.filter(name="content")
def content_filter(source, field: str):
    return shown(content.shown(source, field))


@register.filter
def content_label(action):
    return shown(action.shown_label())
