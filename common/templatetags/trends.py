"""`{{ trend|trend_chart }}`: an indicator's small line chart; `{{ trend|trend_arrow }}`: the
arrow of its change (common/trend_chart.py)."""

from django import template

from common.trend_chart import arrow_of, chart_of

register = template.Library()


@register.filter
def trend_chart(trend):
    return chart_of(trend)


@register.filter
def trend_arrow(trend):
    return arrow_of(trend.arrow_name)
