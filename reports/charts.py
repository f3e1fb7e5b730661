"""Horizontal bar charts drawn on the server as plain SVG, for the screen and for WeasyPrint.

Written by hand rather than with a chart library (reports/README.md says why): a label column
on the left, wrapped to as many lines as it needs, one bar per series beside it and the value
printed after each bar in the Finnish format. A value that is not known draws no bar and says
so ("ei tiedossa", "ei tietoa"): unknown is never drawn as zero.

The SVG is served as an image (`<img>` with a text alternative) and put into the PDF as a data
URI; it holds no script and no `<style>`, only presentation attributes, so neither a strict
Content-Security-Policy nor WeasyPrint has anything to refuse. Every text goes through
`clean_text` and is escaped: the SVG is XML, which cannot hold a control character.
"""

import base64
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from common.inputs import clean_text

FONT = '"Source Sans 3", "DejaVu Sans", "Liberation Sans", Arial, sans-serif'
# Suomi.fi brand blue, a lighter blue and a red: each passes 3:1 against white.
COLORS = ("#2a6ebb", "#00357a", "#ae332d")
TEXT = "#1f2328"
MUTED = "#5f6b7a"

WIDTH = 900
LABEL_WIDTH = 330  # the label column; bars start after it
VALUE_ROOM = 190  # room right of the longest bar for its value ("n. 2 449 000 €")
FONT_SIZE = 14
LINE = 16  # line height of a wrapped label
BAR = 16
BAR_GAP = 2
GROUP_GAP = 12
LEGEND = 32  # the legend's band at the top
LABEL_CHARACTERS = 42  # a label wraps at about this many characters at FONT_SIZE


@dataclass(frozen=True)
class Value:
    """One bar: `amount` None draws no bar, only `text` ("ei tiedossa")."""

    amount: Decimal | int | None
    text: str


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Value]


def attributes(**values) -> str:
    return " ".join(f'{name.replace("_", "-")}="{value}"' for name, value in values.items())


def text_element(x: float, y: float, content: str, **extra) -> str:
    return f"<text {attributes(x=round(x, 1), y=round(y, 1), **extra)}>{escape(content)}</text>"


def bar_chart(*, title: str, description: str, labels: list[str], series: list[Series]) -> bytes:
    """A horizontal bar chart: one group of bars per label, one bar per series."""
    title, description = clean_text(title), clean_text(description)
    wrapped = [textwrap.wrap(clean_text(label), LABEL_CHARACTERS) or [""] for label in labels]
    largest = max(
        (float(value.amount) for each in series for value in each.values if value.amount),
        default=0,
    )
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / largest if largest else 0
    bars_height = len(series) * BAR + (len(series) - 1) * BAR_GAP

    parts = []
    # The legend names each series by its colour, in the order of the bars in every group.
    x = LABEL_WIDTH
    for index, each in enumerate(series):
        color = COLORS[index % len(COLORS)]
        parts.append(f"<rect {attributes(x=x, y=8, width=14, height=14, fill=color)}/>")
        parts.append(text_element(x + 20, 20, clean_text(each.name), fill=TEXT))
        x += 40 + 8 * len(each.name)

    y = LEGEND
    for index, lines in enumerate(wrapped):
        group_height = max(bars_height, len(lines) * LINE)
        # The label's lines, centred on the group's bars.
        first = y + (group_height - len(lines) * LINE) / 2 + FONT_SIZE
        for number, line in enumerate(lines):
            parts.append(
                text_element(
                    LABEL_WIDTH - 10, first + number * LINE, line, fill=TEXT, text_anchor="end"
                )
            )
        top = y + (group_height - bars_height) / 2
        for number, each in enumerate(series):
            value = each.values[index]
            bar_y = top + number * (BAR + BAR_GAP)
            length = float(value.amount) * scale if value.amount else 0
            if value.amount is not None:
                color = COLORS[number % len(COLORS)]
                box = attributes(
                    x=LABEL_WIDTH, y=round(bar_y, 1), width=round(length, 1), height=BAR, fill=color
                )
                # The title names the bar to whoever hovers or reads the SVG by itself.
                name = escape(f"{clean_text(each.name)}: {clean_text(value.text)}")
                parts.append(f"<rect {box}><title>{name}</title></rect>")
            parts.append(
                text_element(
                    LABEL_WIDTH + length + 6,
                    bar_y + BAR - 4,
                    clean_text(value.text),
                    fill=TEXT if value.amount is not None else MUTED,
                    font_style="normal" if value.amount is not None else "italic",
                )
            )
        y += group_height + GROUP_GAP
    height = round(y)
    # The axis: where every bar starts.
    axis = attributes(
        x1=LABEL_WIDTH, y1=LEGEND - 4, x2=LABEL_WIDTH, y2=height - GROUP_GAP + 4, stroke=MUTED
    )
    parts.append(f"<line {axis}/>")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" {attributes(width=WIDTH, height=height)} '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="title desc" '
        f"font-family='{FONT}' font-size=\"{FONT_SIZE}\">"
        f'<title id="title">{escape(title)}</title><desc id="desc">{escape(description)}</desc>'
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>' + "".join(parts) + "</svg>"
    )
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + svg).encode("utf-8")


def data_uri(svg: bytes) -> str:
    """For WeasyPrint, which renders the same SVG from the document itself."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
