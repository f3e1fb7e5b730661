from django import template

from common import formatting

register = template.Library()


@register.filter
def euros(amount):
    """`{{ project.total_budget|euros }}` → `295 600 €`."""
    return formatting.format_euros(amount)


@register.filter
def fi_date(value):
    return formatting.format_date(value)
