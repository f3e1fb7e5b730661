"""Starting from the city's own annual table: upload → preview (correct, merge, split) → confirm.

The table is the seeds' 2023 table of the welfare division; the demo data is the same table
transcribed by hand, so an import into an empty database must give what `load_demo` gives.
"""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from imports.document import DocumentError, parse
from imports.models import DocumentImport
from kemi_hyte.demo import load_demo
from plans.closing import close_year
from plans.models import Action, ActionFocusArea, Division, FocusArea, Objective, Plan
from tests.document_files import bands, seed_text, table_docx, table_pdf

SEED_LINES = seed_text().decode().splitlines()
HEADER_FIELDS = ["plan_name", "start_year", "end_year", "strategy_name", "year", "division"]


class RolledBack(Exception):
    pass


def plan_snapshot() -> dict:
    """The plan's structure and the 2023 paragraphs of the welfare division, as stored."""
    plan = Plan.objects.select_related("decision").get()
    division = Division.objects.get(name="Hyvinvointitoimiala")
    return {
        "plan": (plan.name, plan.start_year, plan.end_year, plan.strategy_name),
        "decision": plan.decision.reference,
        "goals": [
            (
                goal.order,
                goal.name,
                [objective.text for objective in goal.objectives.order_by("order")],
                [
                    (area.order, area.text, [d.reference for d in area.decisions.all()])
                    for area in goal.focus_areas.order_by("order")
                ],
            )
            for goal in plan.goals.order_by("order")
        ],
        "actions": [
            (action.description, action.status)
            for action in Action.objects.filter(plan=plan, year=2023, division=division).order_by(
                "order", "pk"
            )
        ],
    }


def demo_snapshot() -> dict:
    """What `load_demo` creates, read inside a transaction that is then rolled back."""
    try:
        with transaction.atomic():
            load_demo()
            snapshot = plan_snapshot()
            raise RolledBack
    except RolledBack:
        pass
    assert not Plan.objects.exists()
    return snapshot


def upload(client, data: bytes, name: str = "taulukko.txt"):
    return client.post("/imports/document/", {"file": SimpleUploadedFile(name, data)})


def uploaded(client, data: bytes, name: str = "taulukko.txt") -> DocumentImport:
    response = upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = DocumentImport.objects.latest("pk")
    assert response["Location"] == f"/imports/document/{batch.pk}/"
    return batch


def form_data(response, op="save", **changes) -> dict:
    """What the browser posts back from the preview as it is shown, with `changes`."""
    html = response.content.decode()
    data = {"op": op}
    for name, value in re.findall(
        r'<input type="(?:text|hidden)" name="([^"]+)"[^>]*?value="([^"]*)"', html
    ):
        data[name] = unescape(value)
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = unescape(value)
    for name, value in re.findall(
        r'<input type="checkbox" name="([^"]+)" value="(\d+)"[^>]*? checked>', html
    ):
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    data.update(changes)
    return data


def unescape(value: str) -> str:
    import html

    return html.unescape(value)


def first_area_where_none_chosen(response) -> dict:
    """Tick the first focus area of each paragraph for which nothing is suggested."""
    html = response.content.decode()
    chosen = {}
    for key in re.findall(
        r'<fieldset class="checkbox-group" id="(action-\d+-\d+)-focus_areas"', html
    ):
        if f'name="{key}-focus_areas" value="' in html and not re.search(
            rf'name="{key}-focus_areas" value="\d+"[^>]*? checked', html
        ):
            chosen[f"{key}-focus_areas"] = ["0"]
    return chosen


def confirmed(client, batch) -> None:
    preview = client.get(f"/imports/document/{batch.pk}/")
    assert preview.status_code == 200
    data = form_data(preview, op="confirm", **first_area_where_none_chosen(preview))
    response = client.post(f"/imports/document/{batch.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    batch.refresh_from_db()
    assert batch.status == DocumentImport.Status.DONE


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


# --- the 2023 table of the seeds -----------------------------------------------------------


def test_the_2023_table_uploaded_as_text_into_an_empty_database_equals_the_demo_data(signed_in):
    expected = demo_snapshot()
    batch = uploaded(signed_in, seed_text())
    confirmed(signed_in, batch)
    assert plan_snapshot() == expected
    assert batch.created_count == 26


def test_every_imported_focus_area_link_is_marked_as_the_importers_reading(signed_in):
    batch = uploaded(signed_in, seed_text())
    confirmed(signed_in, batch)
    links = ActionFocusArea.objects.all()
    assert links.count() >= 26
    assert not links.facts().exists()
    assert {link.source for link in links} == {
        "Hyvinvointisuunnitelman 2022–25 toimenpiteet vuodelta 2023, hyvinvointitoimiala"
    }


@pytest.mark.parametrize(
    ("name", "build"), [("taulukko.docx", table_docx), ("taulukko.pdf", table_pdf)]
)
def test_the_same_table_as_docx_and_as_pdf_is_read_as_the_text_is(signed_in, name, build):
    from_text = uploaded(signed_in, seed_text()).document
    document = uploaded(signed_in, build(), name).document
    for key in HEADER_FIELDS + ["decision"]:
        assert document[key] == from_text[key], key
    assert [
        (
            goal["name"],
            goal["objectives"],
            goal["focus_areas"],
            [a["text"] for a in goal["actions"]],
        )
        for goal in document["goals"]
    ] == [
        (band["name"], band["objectives"], band["focus_areas"], band["actions"]) for band in bands()
    ]
    assert [[a["text"] for a in goal["actions"]] for goal in document["goals"]] == [
        [a["text"] for a in goal["actions"]] for goal in from_text["goals"]
    ]


def test_the_preview_shows_what_was_read_and_where_the_reading_is_unsure(signed_in):
    batch = uploaded(signed_in, seed_text())
    response = signed_in.get(f"/imports/document/{batch.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="KV 3.10.2022 § 77"' in html
    assert 'value="Hyvinvointitoimiala"' in html
    assert "Päämäärä 1: Hyvinvoivat kuntalaiset" in html
    assert "Päämäärä 3: Elinvoimainen kaupunki" in html
    assert "Suunnitelmaa ei ole sovelluksessa: se luodaan." in html
    # A paragraph that may be two, and a line that may belong to the paragraph before.
    assert "kappale voi olla kaksi" in html
    assert "Jaa ennen ”Kouluille on nimetty häirintäyhdysopetta…”" in html
    assert "se voi kuulua edelliseen kappaleeseen" in html
    assert "Toimenpiteiksi tuodaan 26 uutta kappaletta; 0 on jo sovelluksessa." in html


def test_text_that_fits_no_band_is_shown_and_not_imported(signed_in):
    text = "Liite 3\n" + seed_text().decode()
    batch = uploaded(signed_in, text.encode())
    html = signed_in.get(f"/imports/document/{batch.pk}/").content.decode()
    assert "Teksti, joka ei sovi mihinkään päämäärään" in html
    assert "<li>Liite 3</li>" in html


# --- corrections ---------------------------------------------------------------------------


def test_merging_two_paragraphs_and_splitting_them_again_gives_the_same_paragraphs(signed_in):
    batch = uploaded(signed_in, seed_text())
    texts = [a["text"] for a in batch.document["goals"][0]["actions"]]
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    response = signed_in.post(f"/imports/document/{batch.pk}/", form_data(preview, op="merge-0-0"))
    assert response["Location"] == f"/imports/document/{batch.pk}/#action-0-0"
    batch.refresh_from_db()
    merged = batch.document["goals"][0]["actions"]
    assert len(merged) == 14
    assert merged[0]["text"] == f"{texts[0]} {texts[1]}"
    assert f"{texts[1][:40]}" in merged[0]["splits"]

    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    assert f"Jaa ennen ”{texts[1][:40]}…”" in preview.content.decode()
    number = merged[0]["splits"].index(texts[1][:40])
    response = signed_in.post(
        f"/imports/document/{batch.pk}/", form_data(preview, op=f"split-0-0-{number}")
    )
    assert response.status_code == 302
    batch.refresh_from_db()
    assert [a["text"] for a in batch.document["goals"][0]["actions"]] == texts


def test_a_blank_line_typed_in_a_paragraph_splits_it_and_an_emptied_one_is_left_out(signed_in):
    batch = uploaded(signed_in, seed_text())
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    data = form_data(
        preview,
        **{
            "action-1-0-text": "Ensimmäinen osa.\n\nToinen osa.",
            "action-1-1-text": "  ",
            "goal-1-name": "Sujuva arki ja asuminen",
        },
    )
    assert signed_in.post(f"/imports/document/{batch.pk}/", data).status_code == 302
    batch.refresh_from_db()
    goal = batch.document["goals"][1]
    assert goal["name"] == "Sujuva arki ja asuminen"
    assert [a["text"] for a in goal["actions"]][:3] == [
        "Ensimmäinen osa.",
        "Toinen osa.",
        "Viestinnässä käytetään useita kanavia; wilma, Fb, IG, WhatsApp, sähköposti, "
        "nettisivut, podcast, sivujen päivitysvuorot/ päivitysringit vastuutettu.",
    ]
    assert batch.revision == 1


def test_a_bad_year_is_told_beside_the_field_and_nothing_is_kept(signed_in):
    batch = uploaded(signed_in, seed_text())
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    response = signed_in.post(
        f"/imports/document/{batch.pk}/", form_data(preview, op="confirm", year="20x3")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_year_error1"' in html
    assert 'aria-invalid="true"' in html
    batch.refresh_from_db()
    assert batch.revision == 0 and batch.status == DocumentImport.Status.PENDING
    assert not Plan.objects.exists()


def test_a_year_outside_the_plan_and_a_paragraph_without_focus_area_refuse_the_confirm(signed_in):
    batch = uploaded(signed_in, seed_text())
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    data = form_data(preview, op="confirm", year="2027")
    data.pop("action-0-0-focus_areas", None)
    response = signed_in.post(f"/imports/document/{batch.pk}/", data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Vuosi 2027 ei ole suunnitelman kaudella 2022–2025." in html
    assert not Plan.objects.exists() and not Action.objects.exists()

    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    data = form_data(preview, op="confirm", year="2023")
    data.pop("action-0-0-focus_areas", None)
    response = signed_in.post(f"/imports/document/{batch.pk}/", data)
    assert response.status_code == 409
    assert (
        "Päämäärä 1, kappale 1: valitse vähintään yksi painopiste, jota kappale palvelee."
        in response.content.decode()
    )
    assert not Plan.objects.exists() and not Action.objects.exists()


def test_a_correction_from_a_stale_window_is_refused(signed_in):
    batch = uploaded(signed_in, seed_text())
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    first = form_data(preview, **{"goal-0-name": "Ensimmäinen ikkuna"})
    second = form_data(preview, **{"goal-0-name": "Toinen ikkuna"})
    assert signed_in.post(f"/imports/document/{batch.pk}/", first).status_code == 302
    response = signed_in.post(f"/imports/document/{batch.pk}/", second)
    assert response.status_code == 409
    assert "muutettu toisessa ikkunassa" in response.content.decode()
    batch.refresh_from_db()
    assert batch.document["goals"][0]["name"] == "Ensimmäinen ikkuna"


def test_a_document_is_confirmed_once(signed_in):
    batch = uploaded(signed_in, seed_text())
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    data = form_data(preview, op="confirm", **first_area_where_none_chosen(preview))
    assert signed_in.post(f"/imports/document/{batch.pk}/", data).status_code == 302
    data["revision"] = "1"
    again = signed_in.post(f"/imports/document/{batch.pk}/", data)
    assert again.status_code == 409
    assert "Tämä tiedosto on jo tuotu" in again.content.decode()
    assert Action.objects.count() == 26


# --- with the plan already in the app ------------------------------------------------------


def test_with_the_demo_loaded_the_table_matches_its_plan_and_adds_only_new_paragraphs(
    signed_in, kemi
):
    counts = (FocusArea.objects.count(), Objective.objects.count(), Plan.objects.count())
    text = (
        seed_text()
        .decode()
        .replace(
            "hyödynnetään toiminnan suunnittelussa ja toteuttamisessa.  \n",
            "hyödynnetään toiminnan suunnittelussa ja toteuttamisessa.  \n \n"
            "Uusi kappale: järjestöjen kanssa pidetty kaksi kumppanuusfoorumia.  \n",
        )
    )
    batch = uploaded(signed_in, text.encode())
    html = signed_in.get(f"/imports/document/{batch.pk}/").content.decode()
    assert "Suunnitelma on jo sovelluksessa" in html
    assert "Toimenpiteiksi tuodaan 1 uutta kappaletta; 26 on jo sovelluksessa." in html
    before = Action.objects.count()
    confirmed(signed_in, batch)
    assert (FocusArea.objects.count(), Objective.objects.count(), Plan.objects.count()) == counts
    assert Action.objects.count() == before + 1
    new = Action.objects.latest("pk")
    assert new.description == "Uusi kappale: järjestöjen kanssa pidetty kaksi kumppanuusfoorumia."
    assert new.focus_areas.get().goal.name == "Hyvinvoivat kuntalaiset"


def test_the_same_table_again_has_nothing_new_to_import(signed_in, kemi):
    batch = uploaded(signed_in, seed_text())
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    assert "ne kaikki ovat jo sovelluksessa" in preview.content.decode()
    before = Action.objects.count()
    response = signed_in.post(f"/imports/document/{batch.pk}/", form_data(preview, op="confirm"))
    assert response.status_code == 409
    assert Action.objects.count() == before


def test_a_closed_year_refuses_the_import_and_writes_nothing(signed_in, kemi, coordinator):
    plan = Plan.objects.get()
    close_year(
        plan=plan,
        year=2023,
        division=Division.objects.get(name="Hyvinvointitoimiala"),
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=25,
        closed_by=coordinator,
        confirm_unreviewed=True,
    )
    text = (
        seed_text()
        .decode()
        .replace("avustusta. \n", "avustusta. \n \nUusi kappale lukitulle vuodelle.  \n", 1)
    )
    batch = uploaded(signed_in, text.encode())
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    assert "on lukittu" in preview.content.decode()
    before = Action.objects.count()
    data = form_data(preview, op="confirm", **first_area_where_none_chosen(preview))
    response = signed_in.post(f"/imports/document/{batch.pk}/", data)
    assert response.status_code == 409
    assert "on lukittu" in response.content.decode()
    assert Action.objects.count() == before


# --- files refused at the upload -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "told"),
    [
        ("taulukko.txt", b"", "Tiedosto on tyhj"),
        (
            "taulukko.xlsx",
            b"PK\x03\x04abc",
            "tekstitiedosto (.txt), Word-asiakirja (.docx) tai PDF",
        ),
        ("taulukko.txt", "Pöytäkirja\nEi taulukkoa".encode(), "STRATEGINEN PÄÄMÄÄRÄ"),
        ("taulukko.txt", b"STRATEGINEN P\xc4\xc4M\xc4\xc4R\xc4 X\n\x81\x8d", "merkistönä UTF-8"),
        ("taulukko.docx", b"PK\x03\x04 not a document", "Word-asiakirjaa (.docx) ei voitu avata"),
        ("taulukko.pdf", b"%PDF-1.7 broken", "PDF-tiedostoa ei voitu avata"),
    ],
)
def test_a_file_that_cannot_be_read_is_told_beside_the_field_and_not_kept(
    signed_in, name, data, told
):
    response = upload(signed_in, data, name)
    assert response.status_code == 400
    html = response.content.decode()
    assert told in html
    assert 'id="id_file_error1"' in html
    assert not DocumentImport.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(signed_in, settings, monkeypatch):
    settings.IMPORT_MAX_BYTES = 1000
    monkeypatch.setattr("imports.document_services.read_lines", pytest.fail)
    response = upload(signed_in, seed_text())
    assert response.status_code == 400
    assert "Tiedosto on liian suuri" in response.content.decode()


def test_a_windows_1252_text_file_is_read(signed_in):
    batch = uploaded(signed_in, seed_text().decode().replace("–", "-").encode("cp1252"))
    assert batch.document["goals"][0]["name"] == "Hyvinvoivat kuntalaiset"
    assert batch.document["start_year"] == 2022


# --- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["admin_user", "board_member", "outsider"])
def test_only_the_coordinator_may_import_the_annual_table(client, db, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/imports/document/").status_code == 403
    assert upload(client, seed_text()).status_code == 403
    assert not DocumentImport.objects.exists()


def test_an_upload_is_seen_only_by_its_uploader(client, signed_in, coordinator):
    from tests.factories import UserFactory

    batch = uploaded(signed_in, seed_text())
    other = UserFactory(username="toinen", role="coordinator")
    client.force_login(other)
    assert client.get(f"/imports/document/{batch.pk}/").status_code == 404


def test_the_imports_page_offers_the_annual_table_to_the_coordinator_only(
    client, coordinator, admin_user
):
    client.force_login(coordinator)
    assert "/imports/document/" in client.get("/imports/").content.decode()
    client.force_login(admin_user)
    assert "/imports/document/" not in client.get("/imports/").content.decode()


# --- query budgets --------------------------------------------------------------------------


def with_more_paragraphs(text: bytes, count: int) -> bytes:
    """The table with `count` more paragraphs at the end of its last band."""
    extra = "\n \n".join(f"Lisätty kappale {n} kuntalaisten liikunnasta." for n in range(count))
    return (text.decode() + "\n \n" + extra + "\n").encode()


def queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


def confirm_queries(client, batch) -> int:
    """The queries of confirming the batch into the database as it is, rolled back after."""
    url = f"/imports/document/{batch.pk}/"
    preview = client.get(url)
    data = form_data(preview, op="confirm", **first_area_where_none_chosen(preview))
    try:
        with transaction.atomic():
            with CaptureQueriesContext(connection) as context:
                response = client.post(url, data)
            assert response.status_code == 302, response.content.decode()[:2000]
            batch.refresh_from_db()
            assert batch.status == DocumentImport.Status.DONE
            raise RolledBack
    except RolledBack:
        pass
    return len(context.captured_queries)


def test_the_preview_and_the_confirm_cost_the_same_queries_for_26_or_66_paragraphs(signed_in):
    small = uploaded(signed_in, seed_text())
    large = uploaded(signed_in, with_more_paragraphs(seed_text(), 40))
    assert len(large.document["goals"][2]["actions"]) == 47
    url = "/imports/document/{}/"
    # The session, the user, the user's roles, the batch; then `check_document`: the plan,
    # the decision and the division (the plan is not there yet: nothing more).
    with CaptureQueriesContext(connection) as context:
        assert signed_in.get(url.format(small.pk)).status_code == 200
    assert len(context.captured_queries) == 7, [q["sql"] for q in context.captured_queries]
    assert queries(lambda: signed_in.get(url.format(large.pk))) == 7
    # Everything written in bulk: the same queries for 26 paragraphs as for 66.
    assert confirm_queries(signed_in, small) == confirm_queries(signed_in, large)


def test_the_preview_of_a_plan_in_the_app_costs_a_fixed_number_of_queries(signed_in, kemi):
    small = uploaded(signed_in, seed_text())
    large = uploaded(signed_in, with_more_paragraphs(seed_text(), 40))
    url = "/imports/document/{}/"
    # As above, and the plan's goals, objectives and focus areas, the year's actions and the
    # year's closing.
    with CaptureQueriesContext(connection) as context:
        assert signed_in.get(url.format(small.pk)).status_code == 200
    assert len(context.captured_queries) == 12, [q["sql"] for q in context.captured_queries]
    assert queries(lambda: signed_in.get(url.format(large.pk))) == 12
    # Two new paragraphs or forty: the same queries.
    two_new = uploaded(signed_in, with_more_paragraphs(seed_text(), 2))
    assert confirm_queries(signed_in, two_new) == confirm_queries(signed_in, large)


# --- never a 500 ----------------------------------------------------------------------------


@pytest.mark.parametrize("op", ["merge-9-99", "split-0-0-99", "split-0", "poista-1", ""])
def test_a_button_value_that_names_nothing_changes_nothing(signed_in, op):
    batch = uploaded(signed_in, seed_text())
    before = batch.document
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    assert (
        signed_in.post(f"/imports/document/{batch.pk}/", form_data(preview, op=op)).status_code
        == 302
    )
    batch.refresh_from_db()
    assert batch.document["goals"] == before["goals"]


def test_a_goal_name_too_long_for_the_plan_is_refused_with_nothing_written(signed_in):
    batch = uploaded(signed_in, seed_text())
    preview = signed_in.get(f"/imports/document/{batch.pk}/")
    data = form_data(
        preview,
        op="confirm",
        **{"goal-2-name": "Elinvoimainen " * 20},
        **first_area_where_none_chosen(preview),
    )
    response = signed_in.post(f"/imports/document/{batch.pk}/", data)
    assert response.status_code == 409
    assert "enintään 200 merkkiä" in response.content.decode()
    assert not Plan.objects.exists() and not Action.objects.exists()


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SEED_LINES + ["", " ", "STRATEGINEN PÄÄMÄÄRÄ", "x-"]), max_size=60))
def test_any_arrangement_of_lines_is_read_or_refused_with_a_finnish_message(lines):
    try:
        document = parse(lines)
    except DocumentError as error:
        assert "päämäärää" in error.message
    else:
        assert document["goals"]
