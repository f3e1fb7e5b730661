"""Charts drawn on the server as SVG with pygal, so they show on paper and in WeasyPrint too.

The SVG is served as an image (`<img>`), never inlined into a page: pygal writes a small
configuration `<script>` and a `<style>` into the SVG, which browsers do not run or apply
outside the image itself, and which a strict Content-Security-Policy on the page never sees.
Every chart's numbers are also printed in a table beside it. Every label goes through
`clean_text`: the SVG is XML, which cannot hold a control character typed before that rule.
"""

import base64
from dataclasses import dataclass

import pygal
from pygal.style import Style

from common.inputs import clean_text

# Suomi.fi brand blue and a lighter blue that both pass 3:1 against white.
STYLE = Style(
    font_family='"Source Sans 3", "DejaVu Sans", "Liberation Sans", Arial, sans-serif',
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2328",
    foreground_strong="#1f2328",
    foreground_subtle="#5f6b7a",
    colors=("#00357a", "#2a6ebb", "#ae332d", "#5f6b7a"),
    title_font_size=18,
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=13,
)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]


def bar_chart(
    *, title: str, labels: list[str], series: list[Series], horizontal: bool = False
) -> bytes:
    chart_class = pygal.HorizontalBar if horizontal else pygal.Bar
    chart = chart_class(
        style=STYLE,
        title=clean_text(title),
        width=900,
        height=max(400, 40 * len(labels) * len(series)) if horizontal else 450,
        js=[],
        disable_xml_declaration=False,
        print_values=True,
        legend_at_bottom=True,
        truncate_label=60,
        truncate_legend=40,
        x_label_rotation=0 if horizontal else 20,
        show_y_guides=True,
    )
    chart.x_labels = [clean_text(label) for label in labels]
    for each in series:
        chart.add(clean_text(each.name), each.values)
    return chart.render()


def line_chart(*, title: str, labels: list[str], series: list[Series]) -> bytes:
    chart = pygal.Line(
        style=STYLE,
        title=clean_text(title),
        width=900,
        height=400,
        js=[],
        print_values=True,
        legend_at_bottom=True,
        show_dots=True,
    )
    chart.x_labels = [clean_text(label) for label in labels]
    for each in series:
        chart.add(clean_text(each.name), each.values)
    return chart.render()


def data_uri(svg: bytes) -> str:
    """For WeasyPrint, which renders the same SVG from the document itself."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
