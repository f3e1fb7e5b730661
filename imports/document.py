"""The city's own annual table read back into the plan's structure.

The table is the one the board gets every year (`../shared/seeds/002_…`, DOMAIN.md): a title
("Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023, hyvinvointitoimiala"), and per
strategic goal a band "STRATEGINEN PÄÄMÄÄRÄ …" with three columns: the city-strategy
objectives ("Kaupunkistrategia 2022–25:"), the focus areas ("Hyvinvointisuunnitelma 2022–25:",
decided in "Painopisteet (KV 3.10.2022 § 77)") and the year's realized actions, one paragraph
each.

Every format is first turned into lines of text as `pdftotext` prints such a table: a
whitespace-only line between paragraphs of a cell, an empty line between cells. `read_lines`
does that for a text file, a DOCX (python-docx: its table cells are known) and a PDF (pypdf:
the words' positions give the columns). `parse` then reads the lines into a plain dict, kept as
JSON on the batch (`DocumentImport.document`) and corrected in the preview.

Where the reading is a guess, the paragraph says so in `notes` (Finnish, for the preview):
a new sentence that starts a line inside a paragraph may begin a paragraph of its own
(`splits`: where), and a short line ending a sentence is read as the end of a paragraph even
without an empty line after it (`joined`: it may belong to the one before).
"""

import io
import re
import unicodedata
import zipfile
from collections import Counter

from django.conf import settings
from django.utils.translation import gettext as _

from common.spreadsheets import UNPACKED_SIZE_FACTOR

__all__ = ["DocumentError", "parse", "read_lines"]

BAND = re.compile(r"^\s*STRATEGINEN\s+PÄÄMÄÄRÄ\s*:?\s*(?P<name>.*?)\s*$", re.IGNORECASE)
TITLE = re.compile(
    r"^\s*(?P<plan>\S.*?)\s+(?P<start>\d{4})\s*[–—-]\s*(?P<end>\d{2,4})\s+toimenpiteet\s+"
    r"vuodelta\s+(?P<year>\d{4})\s*,?\s*(?P<division>.*?)\s*$",
    re.IGNORECASE,
)
DECISION = re.compile(
    r"\((?P<body>[A-ZÄÖÅa-zäöå]+)\s+(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"\s*§\s*(?P<section>\d+)\)"
)
HEADER_YEAR = re.compile(r"toimenpiteet\s+(?P<year>\d{4})", re.IGNORECASE)
STRATEGY = re.compile(r"^\s*(?P<name>Kaupunkistrategia\b.*?)\s*:\s*$", re.IGNORECASE)
PLAN_LABEL = re.compile(r"^\s*Hyvinvointisuunnitelma\b.*:\s*$", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?]$")
# A line shorter than this share of the column's longest line is the end of a paragraph.
SHORT_LINE = 0.6
SECTIONS = ("objectives", "focus_areas", "actions")


class DocumentError(Exception):
    """The upload cannot be read as an annual table; `message` is for the field."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- reading the formats into lines --------------------------------------------------------


def read_lines(name: str, data: bytes) -> list[str]:
    """The lines of an uploaded .txt, .docx or .pdf, in the layout `parse` reads."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "docx":
        return docx_lines(data)
    if suffix == "pdf":
        return pdf_lines(data)
    if suffix in ("txt", "text"):
        return decode_text(data).splitlines()
    raise DocumentError(
        _("Tiedoston on oltava tekstitiedosto (.txt), Word-asiakirja (.docx) tai PDF.")
    )


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 when UTF-8 fails and the
    bytes are plausible as Windows-1252; anything else is refused naming the encoding."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise encoding_error("UTF-16", data, error) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise encoding_error("UTF-8", data, utf8_error) from utf8_error
        if "ä" in text or "ö" in text or "Ä" in text:
            return text
        raise encoding_error("UTF-8", data, utf8_error) from utf8_error


def encoding_error(encoding: str, data: bytes, error: UnicodeDecodeError) -> DocumentError:
    line = data[: error.start].count(b"\n") + 1
    return DocumentError(
        _(
            "Tiedostoa ei voitu lukea merkistönä %(encoding)s: rivillä %(line)s on merkki, "
            "jota siinä ei ole. Tallenna tiedosto UTF-8-muodossa."
        )
        % {"encoding": encoding, "line": line}
    )


def docx_lines(data: bytes) -> list[str]:
    """A DOCX in document order: paragraphs outside tables as lines, each table row's cells
    one after the other (a cell merged over several columns once), paragraphs of a cell
    separated by a whitespace-only line and cells by an empty line."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > settings.IMPORT_MAX_BYTES * UNPACKED_SIZE_FACTOR:
            raise DocumentError(_("Word-asiakirja on purettuna liian suuri."))
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as error:
        raise DocumentError(_("Word-asiakirjaa (.docx) ei voitu avata.")) from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines += [*block.text.splitlines(), ""]
        elif isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        if paragraph.text.strip():
                            lines += [*paragraph.text.splitlines(), " "]
                    lines.append("")
    return lines


def pdf_lines(data: bytes) -> list[str]:
    """A PDF's text by columns. On each page the text runs are placed by their position; below
    a band's header row ("Tavoite Painopisteet …", repeated on every page of the band) the
    three columns start where the runs most often start, and each column is read top to
    bottom, a gap clearly larger than a line's making a new paragraph. Text outside the bands
    (the title, the band headings) is read line by line."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page_runs(page) for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise DocumentError(_("PDF-tiedostoa ei voitu avata.")) from error
    lines: list[str] = []
    columns: list[float] = []
    for runs in pages:
        rows = rows_of(runs)
        index = 0
        while index < len(rows):
            text = joined(rows[index][1])
            index += 1
            if not is_header(text):
                lines += [text, ""]
                continue
            end = next(
                (i for i in range(index, len(rows)) if BAND.match(joined(rows[i][1]))), len(rows)
            )
            body = rows[index:end]
            found = column_starts(body)
            # A page that goes on with the band's last column alone keeps the band's columns.
            columns = found if len(found) == 3 else columns
            if len(columns) != 3:
                lines += [text, ""]
                continue
            # The header's own wrapped lines stand in its last column right below it, a line
            # apart; the body starts after the cell's padding, a wider gap.
            last_column = [y for y, row in body if any(x >= columns[2] - 2 for x, _t in row)]
            gaps = Counter(
                round(above - below, 1)
                for above, below in zip(last_column, last_column[1:], strict=False)
            )
            line_gap = gaps.most_common(1)[0][0] if gaps else 0
            previous = rows[index - 1][0]
            while (
                body
                and all(x >= columns[2] - 2 for x, _text in body[0][1])
                and previous - body[0][0] <= line_gap * 1.3
            ):
                text += " " + joined(body[0][1])
                previous = body[0][0]
                body = body[1:]
            lines += [text, "", *column_lines(body, columns)]
            index = end
    return lines


def is_header(text: str) -> bool:
    """The row of column headings: "Tavoite", "Painopisteet (KV …)", "… toimenpiteet 2023"."""
    return text.startswith("Tavoite") and "Painopisteet" in text


def column_starts(rows) -> list[float]:
    """The three positions where the most runs start: the table's columns."""
    starts = Counter(round(x) for _y, row in rows for x, _text in row)
    return sorted(float(x) for x, _count in starts.most_common(3))


def joined(row) -> str:
    return clean(" ".join(run for _x, run in row))


def page_runs(page) -> list[tuple[float, float, str]]:
    runs: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text and text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            runs.append((round(y, 1), round(x, 1), text.replace("\n", " ")))

    page.extract_text(visitor_text=visit)
    return runs


def rows_of(runs) -> list[tuple[float, list[tuple[float, str]]]]:
    """Runs on the same baseline (within a point) as one row, top to bottom, left to right."""
    rows: list[tuple[float, list[tuple[float, str]]]] = []
    for y, x, text in sorted(runs, key=lambda run: (-run[0], run[1])):
        if rows and abs(rows[-1][0] - y) <= 1.0:
            rows[-1][1].append((x, text))
        else:
            rows.append((y, [(x, text)]))
    return [(y, sorted(row)) for y, row in rows]


def column_lines(rows, columns: list[float]) -> list[str]:
    """The rows of one band below its header, column by column, each cell's paragraphs
    separated where the gap between two lines is clearly more than a line's."""
    lines: list[str] = []
    edges = [columns[1] - 2, columns[2] - 2]
    for number in range(3):
        cell = []
        for y, row in rows:
            parts = [
                text
                for x, text in row
                if (number == 0 and x < edges[0])
                or (number == 1 and edges[0] <= x < edges[1])
                or (number == 2 and x >= edges[1])
            ]
            if parts:
                cell.append((y, " ".join(parts)))
        gaps = [above[0] - below[0] for above, below in zip(cell, cell[1:], strict=False)]
        line_gap = min((gap for gap in gaps if gap > 0), default=0)
        for position, (_y, text) in enumerate(cell):
            if position and gaps[position - 1] > line_gap * 1.5:
                lines.append(" ")
            lines.append(text)
        lines.append("")
    return lines


# --- reading the lines ---------------------------------------------------------------------


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def sentence_case(text: str) -> str:
    """A band's name as the plan writes it: "HYVINVOIVAT KUNTALAISET" → "Hyvinvoivat
    kuntalaiset" (a name already in mixed case is kept)."""
    text = clean(text)
    if text.isupper():
        text = text.lower()
        return text[:1].upper() + text[1:]
    return text


def base_form(word: str) -> str:
    """The plan's name from the title's genitive: "Hyvinvointisuunnitelman" → "…suunnitelma"."""
    return word[:-1] if word.endswith("n") else word


def full_year(start: int, end_text: str) -> int:
    if len(end_text) == 4:
        return int(end_text)
    century = start - start % 100
    end = century + int(end_text)
    return end if end >= start else end + 100


def paragraphs(cell: list[str]) -> list[dict]:
    """The paragraphs of a cell's lines, with the places where the reading is unsure."""
    widest = max((len(line.strip()) for line in cell), default=0)
    found: list[dict] = []
    current: list[str] = []
    joined_start = False
    splits: list[str] = []
    previous = ""

    def finish():
        nonlocal current, joined_start, splits
        if current:
            text = clean(join_lines(current))
            found.append(paragraph(text, splits=splits, joined=joined_start))
        current, joined_start, splits = [], False, []

    for raw in cell:
        line = raw.rstrip()
        if not line.strip():
            finish()
            previous = ""
            continue
        new_sentence = (
            bool(previous)
            and SENTENCE_END.search(previous.strip())
            and (line.strip()[:1].isupper())
        )
        if current and line[:1].isspace():
            finish()
        elif current and new_sentence:
            if len(previous.strip()) < widest * SHORT_LINE:
                finish()
                joined_start = True
            else:
                splits.append(clean(line)[:40])
        current.append(line.strip())
        previous = line
    finish()
    return found


def join_lines(lines: list[str]) -> str:
    """Lines of one paragraph as one: a line ending in a hyphen ("liikunta-" + "aktivointiin",
    "ja -" + "polkuja") is joined without a space."""
    text = ""
    for line in lines:
        if text.endswith("-"):
            text += line
        elif text:
            text += " " + line
        else:
            text = line
    return text


def paragraph(text: str, *, splits=(), joined=False) -> dict:
    return {"text": text, "splits": [s for s in splits if s in text], "joined": joined}


def paragraph_notes(item: dict) -> list[str]:
    notes = []
    if item.get("joined"):
        notes.append(
            _(
                "Kappale alkaa rivin alusta ilman tyhjää riviä edellisen jälkeen: se voi "
                "kuulua edelliseen kappaleeseen."
            )
        )
    for start in item.get("splits", []):
        notes.append(
            _("Uusi virke alkaa rivin alusta (”%(start)s…”): kappale voi olla kaksi.")
            % {"start": start}
        )
    return notes


def parse(lines: list[str]) -> dict:
    """The table's plan, year, division, decision, goals and paragraphs, as plain data.

    Raises DocumentError when no band "STRATEGINEN PÄÄMÄÄRÄ" is found: then the file is not
    an annual table.
    """
    document = {
        "title": "",
        "plan_name": "",
        "start_year": None,
        "end_year": None,
        "strategy_name": "",
        "year": None,
        "division": "",
        "decision": "",
        "goals": [],
        "stray": [],
    }
    goal = None
    section = None
    cell: list[str] = []
    header_years: set[int] = set()

    def close_cell():
        nonlocal cell
        if goal is not None and section in SECTIONS and any(line.strip() for line in cell):
            items = paragraphs(cell)
            if section == "actions":
                goal["actions"] += items
            else:
                goal[section] += [item["text"] for item in items]
        cell = []

    for raw in lines:
        line = raw.rstrip("\n")
        text = clean(line)
        band = BAND.match(text) if text else None
        if band:
            close_cell()
            goal = {
                "name": sentence_case(band["name"]),
                "objectives": [],
                "focus_areas": [],
                "actions": [],
            }
            document["goals"].append(goal)
            section = "header"
            continue
        if goal is None:
            title = TITLE.match(text) if text else None
            if title and not document["title"]:
                document["title"] = text
                document["plan_name"] = base_form(title["plan"])
                document["start_year"] = int(title["start"])
                document["end_year"] = full_year(int(title["start"]), title["end"])
                document["year"] = int(title["year"])
                document["division"] = sentence_case(title["division"]).capitalize()
            elif text:
                document["stray"].append(text)
            continue
        if section == "header":
            if STRATEGY.match(text):
                document["strategy_name"] = (
                    document["strategy_name"] or STRATEGY.match(text)["name"]
                )
                section, cell = "objectives", []
                continue
            if PLAN_LABEL.match(text):
                section, cell = "focus_areas", []
                continue
            decision = DECISION.search(text)
            if decision and not document["decision"]:
                document["decision"] = (
                    f"{decision['body']} {int(decision['day'])}.{int(decision['month'])}."
                    f"{decision['year']} § {decision['section']}"
                )
            if year := HEADER_YEAR.search(text):
                header_years.add(int(year["year"]))
            if (
                text
                and not text.startswith(("Tavoite", "Painopisteet", "Hyvinvointi"))
                and not (HEADER_YEAR.search(text) or DECISION.search(text))
            ):
                section, cell = "objectives", [line]
            continue
        if is_header(text):
            continue
        if STRATEGY.match(text):
            close_cell()
            document["strategy_name"] = document["strategy_name"] or STRATEGY.match(text)["name"]
            section = "objectives"
            continue
        if PLAN_LABEL.match(text):
            close_cell()
            section = "focus_areas"
            continue
        if line == "" and section != "actions":
            if any(item.strip() for item in cell):
                close_cell()
                section = SECTIONS[SECTIONS.index(section) + 1]
            continue
        cell.append(line)
    close_cell()
    if not document["goals"]:
        raise DocumentError(
            _(
                "Tiedostosta ei löytynyt yhtään strategista päämäärää (rivi, joka alkaa "
                "”STRATEGINEN PÄÄMÄÄRÄ”). Onko se hyvinvointisuunnitelman vuositaulukko?"
            )
        )
    if document["year"] is None and len(header_years) == 1:
        document["year"] = header_years.pop()
    suggest_focus_areas(document)
    return document


# --- the focus areas an action may serve ---------------------------------------------------


def stems(text: str) -> set[str]:
    """Words of five letters or more, cut to their first five: enough to tell "kiusaamiseen"
    and "kiusaamisen" are the same word, in a language of long inflected words."""
    return {word[:5] for word in re.findall(r"[a-zåäö]{5,}", text.lower())}


# Fewer shared words guessed wrong more often than right on the 2023 table.
SHARED_WORDS = 2


def suggest_focus_areas(document: dict) -> None:
    """The table does not say which focus area a paragraph serves; suggest the one of its band
    that shares the most words with it, at least `SHARED_WORDS` (else none: the coordinator
    chooses). The preview marks the suggestion and the coordinator corrects it."""
    for goal in document["goals"]:
        area_stems = [stems(text) for text in goal["focus_areas"]]
        # A word in many of the band's focus areas ("hyvinvoinnin") tells none of them apart.
        counts = Counter(stem for area in area_stems for stem in area)
        area_stems = [{stem for stem in area if counts[stem] < 3} for area in area_stems]
        for action in goal["actions"]:
            if "focus_areas" in action:
                continue
            words = stems(action["text"])
            shared = Counter({i: len(words & area) for i, area in enumerate(area_stems)})
            best = [(i, n) for i, n in shared.most_common(1) if n >= SHARED_WORDS]
            action["focus_areas"] = [goal["focus_areas"][i] for i, _n in best]
            action["suggested"] = bool(best)
