"""The input rules of `common.inputs` and the one rule of every spreadsheet cell."""

import pytest

from common.inputs import MAX_ID, cap_search, clean_text, parse_ascii_int
from common.spreadsheets import safe_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2023", 2023), (" 2023 ", 2023), ("²", None), ("①", None), ("١٢", None), ("-1", None),
     ("1e3", None), ("", None), (None, None), ("9" * 5000, None), ("1899", None)],
)  # fmt: skip
def test_a_number_is_ascii_digits_within_its_range(text, expected):
    assert parse_ascii_int(text, 1900, 2100) == expected


def test_an_id_fits_the_database():
    assert parse_ascii_int(str(MAX_ID), 1, MAX_ID) == MAX_ID
    assert parse_ascii_int(str(MAX_ID + 1), 1, MAX_ID) is None


def test_soft_line_breaks_become_newlines_and_other_controls_go():
    assert clean_text("a\x0bb\x0cc") == "a\nb\nc"
    assert clean_text("a\x00\x01\x1b\x7f\x85\ufffeb\t\r\n") == "ab\t\r\n"


def test_a_long_search_keeps_its_first_words_and_characters():
    assert cap_search(" ".join(["sana"] * 2000)) == (" ".join(["sana"] * 10), True)
    assert cap_search("a" * 50_000) == ("a" * 200, True)
    assert cap_search("  kaksi   sanaa ") == ("kaksi sanaa", False)


def test_a_control_character_cannot_hide_a_formula():
    assert safe_text("\x01=1+1") == "'=1+1"
    assert safe_text("rivi\x0brivi") == "rivi\nrivi"
    assert safe_text(5) == 5
