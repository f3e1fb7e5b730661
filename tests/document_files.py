"""The 2023 annual table of the seeds, as the city sends it: text, DOCX and PDF.

The text is the seed itself. The DOCX and the PDF are built here from the demo data's own
transcription of the same table (`projects/demo_data/kemi.yaml`), laid out as the city's
table is: a title, and per goal a band heading and a table of three columns. So the DOCX and
PDF readers are tested against what the demo says the table holds, not against the parser.
"""

import html
import io
from pathlib import Path

import yaml
from django.conf import settings

SEED = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "002_fb6bcd1bb478527e.txt"
DEMO = Path(settings.BASE_DIR) / "projects" / "demo_data" / "kemi.yaml"
TITLE = "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023, hyvinvointitoimiala"
HEADER = (
    "Tavoite",
    "Painopisteet (KV 3.10.2022 § 77)",
    "Hyvinvointi- ja terveystavoitteiden (painopisteiden) toteutuneet toimenpiteet 2023",
)
# The demo file's comment: "15 for goal 1, 4 for goal 2 and 7 for goal 3".
ACTIONS_PER_GOAL = (15, 4, 7)


def seed_text() -> bytes:
    return SEED.read_bytes()


def bands() -> list[dict]:
    """Each goal's band of the demo's 2023 table: name, objectives, focus areas, paragraphs."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    paragraphs = [
        row["description"]
        for row in data["actions"]
        if row["year"] == 2023 and row["division"] == "hyvinvointitoimiala"
    ]
    result, start = [], 0
    for goal, count in zip(data["plan"]["goals"], ACTIONS_PER_GOAL, strict=True):
        result.append(
            {
                "name": goal["name"],
                "objectives": goal["objectives"],
                "focus_areas": [area["text"] for area in goal["focus_areas"]],
                "actions": paragraphs[start : start + count],
            }
        )
        start += count
    return result


def table_docx() -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph(TITLE)
    for band in bands():
        document.add_paragraph(f"STRATEGINEN PÄÄMÄÄRÄ  {band['name'].upper()}")
        table = document.add_table(rows=2, cols=3)
        for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
            cell.text = text
        columns = [
            ["Kaupunkistrategia 2022–25:", *band["objectives"]],
            ["Hyvinvointisuunnitelma 2022–25:", *band["focus_areas"]],
            band["actions"],
        ]
        for cell, texts in zip(table.rows[1].cells, columns, strict=True):
            cell.text = texts[0]
            for text in texts[1:]:
                cell.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def table_pdf() -> bytes:
    """The table as the board's PDF: A4 landscape, one band per page, header row on top."""
    from weasyprint import HTML

    parts = [
        "<style>@page { size: A4 landscape; margin: 1.5cm }"
        " body { font: 9pt sans-serif } table { width: 100%; border-collapse: collapse;"
        " table-layout: fixed } td, th { vertical-align: top; text-align: left; padding: 4pt;"
        " border: 1px solid #999 } p { margin: 0 0 8pt } section + section"
        " { break-before: page }</style>",
        f"<h1 style='font-size: 11pt'>{html.escape(TITLE)}</h1>",
    ]
    for band in bands():
        cells = [
            ["Kaupunkistrategia 2022–25:", *band["objectives"]],
            ["Hyvinvointisuunnitelma 2022–25:", *band["focus_areas"]],
            band["actions"],
        ]
        parts.append(
            f"<section><p><b>STRATEGINEN PÄÄMÄÄRÄ  {html.escape(band['name'].upper())}</b></p>"
            "<table><thead><tr>"
            + "".join(f"<th>{html.escape(text)}</th>" for text in HEADER)
            + "</tr></thead><tbody><tr>"
            + "".join(
                "<td>" + "".join(f"<p>{html.escape(text)}</p>" for text in texts) + "</td>"
                for texts in cells
            )
            + "</tr></tbody></table></section>"
        )
    return HTML(string="".join(parts)).write_pdf()
