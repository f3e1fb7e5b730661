"""`{% city "plan_title" %}`: a word of the configured municipality (common/city.py), in the
active language. A builtin, so that the PDFs' templates, rendered without a request, have it
too. `{% city "genitive" as city %}` keeps it for a `{% blocktranslate %}`."""

from django import template

from common.city import City, current_city

register = template.Library()

WORDS = {
    "name",
    "genitive",
    "organization",
    "number",
    "county",
    "plan_title",
    "share_label",
    "role_label",
    "latest_value_label",
}


@register.simple_tag(name="city")
def city_word(word: str) -> str:
    if word not in WORDS:
        raise template.TemplateSyntaxError(f"{{% city %}} knows no {word!r}")
    city: City = current_city()
    return getattr(city, word)
