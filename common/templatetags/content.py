"""The plan's own texts on a page, in the reader's language (`common.content`).

`{{ goal|content:"name" }}` shows the Swedish name on a Swedish page where there is one;
where there is none, the Finnish name in `<span lang="fi">` followed by a visible
"(på finska)". With Finnish chosen, the Finnish text as it is. `{{ action|content_label }}`
does the same for an action's name (`Action.label`), and `{{ text|shown }}` for a text a
report has already chosen (`common.content.Shown`).
"""

from django import template
from django.template.defaultfilters import linebreaks_filter, linebreaksbr
from django.utils.html import conditional_escape, format_html

from common import content

register = template.Library()


@register.filter
def shown(text, lines=""):
    """A `Shown` text as HTML: a Finnish fallback in `lang="fi"`, with its mark.
    `|shown:"lines"` keeps the text's line breaks (`linebreaksbr`), `|shown:"paragraphs"`
    makes paragraphs of it (`linebreaks`)."""
    if lines == "paragraphs":
        html = linebreaks_filter(text, autoescape=True)
        if not getattr(text, "fallback", False):
            return html
        return format_html(
            '<div lang="fi">{}</div><p class="fallback-mark">{}</p>', html, content.fallback_mark()
        )
    html = linebreaksbr(text, autoescape=True) if lines else conditional_escape(text)
    if not getattr(text, "fallback", False):
        return html
    return format_html(
        '<span lang="fi">{}</span> <span class="fallback-mark">{}</span>',
        html,
        content.fallback_mark(),
    )


@register.filter(name="content")
def content_filter(source, field: str):
    return shown(content.shown(source, field))


@register.filter
def text_of(source, field: str):
    """The text of a field in the reader's language (a `Shown`), for `|shown:"paragraphs"`."""
    return content.shown(source, field)


@register.filter
def content_label(action):
    return shown(action.shown_label())
