"""A small line chart of an indicator's values by year, one line per region, as plain SVG for
the screen and for WeasyPrint (no script, no `<style>`: nothing for the Content-Security-Policy
or the PDF to refuse).

Each region has its own colour and dash pattern and is named in the legend, so the lines are
told apart without colour. A year with no value breaks the line (missing is never drawn as 0);
the target, when it has a value, is a grey dashed line labelled "tavoite". The numbers are in
the table beside every chart: the chart is their picture, with a text alternative.
"""

import base64
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext

from common.inputs import clean_text

WIDTH, HEIGHT = 420, 190
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 34, 26
FONT = '"Source Sans 3", "DejaVu Sans", "Liberation Sans", Arial, sans-serif'
# Brand blue, dark blue and a red, each 3:1 against white; solid, dashed and dotted.
STYLES = (("#2a6ebb", ""), ("#00357a", "6 3"), ("#ae332d", "2 3"))
MUTED = "#5f6b7a"
TEXT = "#1f2328"


def _text(x, y, content, **extra) -> str:
    attributes = " ".join(f'{k.replace("_", "-")}="{v}"' for k, v in extra.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {attributes}>{escape(clean_text(content))}</text>'


def trend_chart(
    *,
    title: str,
    years: list[int],
    series: list[tuple[str, dict[int, Decimal]]],
    target: Decimal | None = None,
    label=str,
) -> str:
    """The chart as an `<svg>` element (text, safe to put into a page as it is). `series` is
    (name, {year: value}) per region; `label` formats a value for the axis."""
    numbers = [float(v) for _, values in series for v in values.values()]
    if target is not None:
        numbers.append(float(target))
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        if len(years) == 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (year - years[0]) / (years[-1] - years[0])

    def y(value) -> float:
        return TOP + plot_h * (1 - (float(value) - low) / (high - low))

    parts = [
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        f'stroke="{MUTED}"/>'
    ]
    # The axis: the lowest and highest value drawn, and every year (every other when many).
    for value in (low + pad, high - pad):
        parts.append(
            _text(
                LEFT - 4,
                y(value) + 4,
                label(Decimal(str(round(value, 4)))),
                fill=MUTED,
                text_anchor="end",
                font_size=11,
            )
        )
    step = 1 if len(years) <= 8 else 2
    for year in years[::step]:
        parts.append(
            _text(x(year), HEIGHT - 8, str(year), fill=MUTED, text_anchor="middle", font_size=11)
        )
    if target is not None:
        parts.append(
            f'<line x1="{LEFT}" y1="{y(target):.1f}" x2="{WIDTH - RIGHT}" y2="{y(target):.1f}" '
            f'stroke="{MUTED}" stroke-dasharray="8 4"/>'
        )
        parts.append(
            _text(
                WIDTH - RIGHT, y(target) - 4, "tavoite", fill=MUTED, text_anchor="end", font_size=11
            )
        )
    legend_x = LEFT
    for index, (name, values) in enumerate(series):
        color, dash = STYLES[index % len(STYLES)]
        dash_attribute = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{legend_x}" y1="14" x2="{legend_x + 22}" y2="14" stroke="{color}" '
            f'stroke-width="3"{dash_attribute}/>'
        )
        parts.append(_text(legend_x + 26, 18, name, fill=TEXT, font_size=12))
        legend_x += 40 + 7 * len(name)
        # A line through consecutive years with values; a missing year breaks it.
        run: list[str] = []
        for year in [*years, None]:
            if year is not None and year in values:
                run.append(f"{x(year):.1f},{y(values[year]):.1f}")
                parts.append(
                    f'<circle cx="{x(year):.1f}" cy="{y(values[year]):.1f}" r="3" fill="{color}">'
                    f"<title>{escape(clean_text(name))} {year}: "
                    f"{escape(label(values[year]))}</title></circle>"
                )
                continue
            if len(run) > 1:
                parts.append(
                    f'<polyline points="{" ".join(run)}" fill="none" stroke="{color}" '
                    f'stroke-width="2"{dash_attribute}/>'
                )
            run = []
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f"font-family='{FONT}'><title>{escape(clean_text(title))}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>' + "".join(parts) + "</svg>"
    )


def chart_of(trend) -> str:
    """The chart of an `indicators.trends.IndicatorTrend` (read by its attributes: common
    imports no app) as an `<img>` with a text alternative, the SVG inside as a data URI: the
    same markup for the screen and for WeasyPrint, as the overview's charts."""
    from django.utils.html import format_html

    regions = ", ".join(s.title for s in trend.series)
    title = f"{trend.indicator.title_fi}: {regions}"
    if trend.sample:
        title += f" ({trend.sample_note})"
    svg = trend_chart(
        title=title,
        years=trend.years,
        series=[(s.title, s.values) for s in trend.series],
        target=trend.link.target_value,
        label=trend.number,
    )
    alt = gettext(
        "Viivakaavio: %(title)s vuosina %(first)s–%(last)s, alueittain (%(regions)s). "
        "Luvut ovat taulukossa."
    ) % {
        "title": trend.indicator.title_fi,
        "first": trend.years[0],
        "last": trend.years[-1],
        "regions": regions,
    }
    return format_html(
        '<img class="trend-chart" src="{}" alt="{}" width="{}" height="{}">',
        data_uri(svg),
        alt,
        WIDTH,
        HEIGHT,
    )


def data_uri(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


ARROWS = {
    "up": "6,0 12,6 8,6 8,12 4,12 4,6 0,6",
    "down": "6,12 12,6 8,6 8,0 4,0 4,6 0,6",
    "flat": "12,6 6,0 6,4 0,4 0,8 6,8 6,12",
}


def arrow_of(name: str) -> str:
    """A small arrow ("up", "down", "flat") as an image beside the words that say the same:
    drawn, since the PDF's font has no arrow characters."""
    from django.utils.html import format_html

    if name not in ARROWS:
        return ""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12" viewBox="0 0 12 12">'
        f'<polygon fill="{TEXT}" points="{ARROWS[name]}"/></svg>'
    )
    return format_html(
        '<img class="trend-arrow" src="{}" alt="" width="12" height="12"> ', data_uri(svg)
    )
