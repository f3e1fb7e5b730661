"""Publishing a closed year to the citizens: the coordinator's page, the frozen copy, the
public pages and files, their cost and their caching, and what they never show."""

import datetime
import itertools
import json
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client

from plans.closing import close_year, reopen_year
from plans.models import Action
from publication.models import Publication
from publication.public_fields import public_fields
from publication.services import publish_year, withdraw
from tests.publication_helpers import (
    DECISION,
    YEAR_URL,
    close,
    public_urls,
    publish,
    year_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def text_of(response) -> str:
    return response.content.decode("utf-8-sig")


# --- publishing ---------------------------------------------------------------------------


def test_coordinator_publishes_a_closed_year_and_anyone_reads_it(client):
    world = year_world()
    closing = close(world)
    client.force_login(world.coordinator)
    page = client.get("/julkaisu/")
    assert "2023, Hyvinvointitoimiala" in text_of(page)

    response = client.post(
        "/julkaisu/julkaise/", {"closing": closing.pk, "decision_reference": DECISION}
    )

    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.published_by == world.coordinator
    assert publication.decision_reference == DECISION
    public = Client().get(YEAR_URL)
    assert public.status_code == 200
    assert DECISION in text_of(public)
    assert "Hyvinvointilautakunta 12.3.2024 § 15" in text_of(public)  # the board's closing
    assert "Uimakoulu kaikille ekaluokkalaisille 1." in text_of(public)


def test_a_year_not_closed_cannot_be_published():
    world = year_world()
    with pytest.raises(ValidationError) as refused:
        publish(world)
    assert "ei ole suljettu" in str(refused.value)
    assert not Publication.objects.exists()


def test_a_reopened_year_cannot_be_published_from_its_old_closing(client):
    world = year_world()
    closing = close(world)
    reopen_year(closing=closing, reopened_by=world.coordinator)
    client.force_login(world.coordinator)

    response = client.post(
        "/julkaisu/julkaise/", {"closing": closing.pk, "decision_reference": DECISION}
    )

    assert response.status_code == 400
    assert "Vuotta ei julkaistu." in text_of(response)
    assert not Publication.objects.exists()


def test_publishing_without_a_decision_is_refused_beside_the_field(client):
    world = year_world()
    closing = close(world)
    client.force_login(world.coordinator)

    response = client.post(
        "/julkaisu/julkaise/", {"closing": closing.pk, "decision_reference": " "}
    )

    assert response.status_code == 400
    assert "Kirjoita päätös, jolla vuosi julkaistaan" in text_of(response)
    assert not Publication.objects.exists()


def test_board_member_may_not_publish(client, board_member):
    world = year_world()
    closing = close(world)
    client.force_login(board_member)

    response = client.post(
        "/julkaisu/julkaise/", {"closing": closing.pk, "decision_reference": DECISION}
    )

    assert response.status_code == 403
    assert not Publication.objects.exists()


def test_publishing_again_replaces_the_copy_at_once(client):
    world = year_world()
    close(world)
    first = publish(world)
    second = publish_year(
        plan=world.small.plan,
        year=2023,
        division=world.small.division,
        decision_reference="Hyvinvointilautakunta 2.4.2024 § 30",
        published_by=world.coordinator,
    )
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert second.in_force
    assert "Hyvinvointilautakunta 2.4.2024 § 30" in text_of(client.get(YEAR_URL))


# --- the frozen copy --------------------------------------------------------------------------


def test_later_edits_and_a_reopening_do_not_reach_the_public_pages(client):
    world = year_world()
    closing = close(world)
    publish(world)
    reopen_year(closing=closing, reopened_by=world.coordinator)
    Action.objects.filter(pk=world.actions[0].pk).update(description="Muutettu myöhemmin.")

    page = text_of(client.get(YEAR_URL))

    assert "Uimakoulu kaikille ekaluokkalaisille 1." in page
    assert "Muutettu myöhemmin" not in page
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    manage = text_of(coordinator.get("/julkaisu/"))
    assert "Avattu uudelleen julkaisun jälkeen" in manage


def test_withdrawing_removes_the_year_from_every_public_page_and_file_at_once(client):
    world = year_world()
    close(world)
    publication = publish(world)
    for url in public_urls():  # every page and file read once, so each is in the cache
        assert client.get(url).status_code == 200, url
    coordinator = Client()
    coordinator.force_login(world.coordinator)

    response = coordinator.post(f"/julkaisu/{publication.pk}/peru/")

    assert response.status_code == 302
    for url in public_urls():
        response = client.get(url)
        if url in ("/julkinen/", "/julkinen/saavutettavuusseloste/"):
            assert response.status_code == 200
            assert "2023, Hyvinvointitoimiala" not in text_of(response)
        else:
            assert response.status_code == 404, url
    with pytest.raises(ValidationError):
        withdraw(publication=publication, withdrawn_by=world.coordinator)


# --- what the public pages are made of ----------------------------------------------------------


def test_public_pages_set_no_cookie_and_carry_no_token_form_or_script(client):
    world = year_world()
    close(world)
    publish(world)
    signed_in = Client()
    signed_in.force_login(world.coordinator)
    for browser in (client, signed_in):
        for url in public_urls():
            response = browser.get(url)
            assert response.status_code == 200, url
            assert not response.cookies, url
            assert "Set-Cookie" not in response, url
            body = text_of(response)
            assert "csrfmiddlewaretoken" not in body
            assert "<form" not in body and "<script" not in body
            assert response["Cache-Control"] == "public, no-cache"
            assert response["ETag"] and response["Last-Modified"]


def test_public_pages_refuse_writes(client):
    world = year_world()
    close(world)
    publish(world)
    for url in public_urls():
        assert client.post(url).status_code == 405, url


def test_an_unpublished_year_and_an_unknown_file_are_not_found(client):
    world = year_world()
    close(world)
    publish(world)
    assert client.get("/julkinen/2024/hyvinvointitoimiala/").status_code == 404
    assert client.get("/julkinen/2023/muu-toimiala/").status_code == 404
    assert client.get(YEAR_URL + "salaiset.csv").status_code == 404
    assert client.get("/julkinen/suunnitelma/2026-2029/").status_code == 404


def test_a_published_page_costs_two_queries_and_a_repeat_one(client, django_assert_num_queries):
    world = year_world(actions=30)
    close(world)
    publish(world)
    for url in public_urls():
        # 1 the state of the publications (ETag, Last-Modified), 2 the copy (none for the
        # accessibility statement)
        with django_assert_num_queries(1 if "saavutettavuus" in url else 2):
            first = client.get(url)
        assert first.status_code == 200
        # from the cache: the state only
        with django_assert_num_queries(1):
            again = client.get(url)
        assert again.content == first.content
        assert again["Content-Type"] == first["Content-Type"]
        # the browser's copy is still good: 304, the state only
        with django_assert_num_queries(1):
            unchanged = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert unchanged.status_code == 304


def test_publishing_changes_every_etag(client):
    world = year_world()
    close(world)
    publish(world)
    before = client.get("/julkinen/saavutettavuusseloste/")["ETag"]
    publish(world)
    assert client.get("/julkinen/saavutettavuusseloste/")["ETag"] != before


# --- the public fields only -------------------------------------------------------------------


MARKER = "ZQX"


def seed_markers() -> dict[str, str]:
    """A marker in every text field that is not public, of every model of the domain and of
    the users: each row's field gets its own, as long as the field allows."""
    counter = itertools.count(1)
    seeded = {}
    involved = [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"plans", "projects", "indicators"}
    ] + [User]
    for model in involved:
        try:
            public = set(public_fields(model))
        except KeyError:
            public = set()
        secret = [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
            and not field.choices
            and field.name not in public
            and not isinstance(field, models.GeneratedField)
        ]
        for pk in model._default_manager.values_list("pk", flat=True):
            # one update per row: a reason and its source are given together
            values = {}
            for field in secret:
                marker = f"{MARKER}{next(counter)}"
                if field.max_length and len(marker) > field.max_length:
                    continue
                seeded[marker] = f"{model._meta.label}.{field.name}"
                values[field.name] = marker
            if values:
                model._default_manager.filter(pk=pk).update(**values)
    return seeded


def test_no_field_outside_the_public_list_appears_in_any_public_page_or_file(client, settings):
    settings.HYTE_PUBLIC_CONTACT_PERSONS = False
    world = year_world()
    Action.objects.filter(pk=world.actions[0].pk).update(needs_review=True)
    seeded = seed_markers()
    assert len(seeded) > 40  # every kind of row has had its text fields marked
    closing = close_year_anyway(world)
    publish(world)
    assert closing.closed_by == world.coordinator

    found = {}
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        for marker in re.findall(rf"{MARKER}\d+", text_of(response), flags=re.IGNORECASE):
            found.setdefault(seeded.get(marker.upper(), marker), []).append(url)
    assert found == {}
    year = text_of(client.get(YEAR_URL))
    assert "Uimakoulu kaikille ekaluokkalaisille 1." in year  # the public fields are there
    assert "tarkistamatta" not in year  # no review marks
    assert "Maija" not in year and "Maija" not in text_of(client.get(YEAR_URL + "hankkeet.csv"))


def close_year_anyway(world):
    """Closed although an action's carried text is unreviewed (its mark must not show)."""
    return close_year(
        plan=world.small.plan,
        year=2023,
        division=world.small.division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=15,
        closed_by=world.coordinator,
        confirm_unreviewed=True,
    )


def test_contact_persons_are_public_only_when_the_city_allows_it(client, settings):
    settings.HYTE_PUBLIC_CONTACT_PERSONS = True
    world = year_world()
    close(world)
    publish(world)
    assert "Maija Meikäläinen, projektipäällikkö" in text_of(client.get(YEAR_URL))
    assert "contact_name" in text_of(client.get(YEAR_URL + "hankkeet.csv"))


# --- the open data ----------------------------------------------------------------------------


def test_the_year_as_json_with_its_licence_and_thl_attribution(client):
    world = year_world()
    close(world)
    publication = publish(world)

    data = json.loads(client.get(YEAR_URL + "aineisto.json").content)

    assert data["publication"]["decision_reference"] == DECISION
    assert data["publication"]["licence"]["name"] == "CC BY 4.0"
    assert any("THL" in line for line in data["publication"]["attribution"])
    assert data["schema"] == 1
    assert data["year"] == 2023
    assert [action["title"] for action in data["actions"]] == ["Uimakoulu 1", "Uimakoulu 2"]
    assert data["actions"][0]["focus_areas"] == [{"number": "1.1", "interpretation": True}]
    project = data["projects"][0]
    assert project["total_budget"] == "295600.00"
    assert project["city_share"] is None  # unknown, never zero
    latest = data["indicators"][0]["values"][-1]
    assert (latest["region"], latest["year"], Decimal(latest["value"])) == (
        "city",
        2023,
        Decimal("7.5"),
    )
    assert publication.snapshot == {key: data[key] for key in publication.snapshot}


def test_the_csv_files_have_stable_field_names(client):
    world = year_world()
    close(world)
    publish(world)

    actions = text_of(client.get(YEAR_URL + "toimenpiteet.csv")).splitlines()
    projects = text_of(client.get(YEAR_URL + "hankkeet.csv")).splitlines()
    indicators = text_of(client.get(YEAR_URL + "indikaattorit.csv")).splitlines()

    assert actions[0] == (
        "year;division;order;title;description;status;focus_areas;interpreted_focus_areas"
    )
    assert actions[1].startswith("2023;Hyvinvointitoimiala;1;Uimakoulu 1;")
    assert projects[0] == (
        "year;division;name;short_name;funders;start_date;end_date;total_budget;"
        "total_budget_approximate;city_share;self_financing"
    )
    assert ";295600,00;false;;29560,00" in projects[1]
    assert indicators[0].startswith("year;focus_area;sotkanet_id;title;title_sv;unit;direction;")
    assert "Lähde: THL, Sotkanet.fi (CC BY 4.0)." in indicators[1]


# --- the accessibility statement --------------------------------------------------------------


def test_the_accessibility_statement_says_what_the_settings_say(client, settings):
    settings.HYTE_ACCESSIBILITY = {
        **settings.HYTE_ACCESSIBILITY,
        "compliance": "full",
        "problems": [],
        "prepared": "1.2.2026",
        "reviewed": "3.12.2026",
        "feedback_email": "saavutettavuus@example.fi",
        "response_days": 14,
    }

    page = text_of(client.get("/julkinen/saavutettavuusseloste/"))

    assert "täyttää WCAG 2.1 -ohjeiston AA-tason saavutettavuusvaatimukset." in page
    assert "Tunnettuja saavutettavuuspuutteita ei ole." in page
    assert "1.2.2026" in page and "3.12.2026" in page
    assert "saavutettavuus@example.fi" in page
    assert "14 päivän kuluessa" in page
    assert "Liikenne- ja viestintävirasto Traficom" in page
    assert "306/2019" in page


def test_the_statement_names_no_feedback_channel_the_city_has_not_set(client, settings):
    settings.HYTE_ACCESSIBILITY = {
        **settings.HYTE_ACCESSIBILITY,
        "feedback_email": "",
        "feedback_url": "",
    }

    page = text_of(client.get("/julkinen/saavutettavuusseloste/"))

    assert "Palautekanavaa ei ole vielä ilmoitettu." in page
    assert "mailto:" not in client.get("/julkinen/saavutettavuusseloste/").content.decode()


def test_the_swedish_statement_is_swedish_and_marks_a_text_given_only_in_finnish(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"

    page = text_of(client.get("/julkinen/saavutettavuusseloste/"))

    assert "Transport- och kommunikationsverket Traficom" in page
    assert "självbedömning" in page
    assert "Tabellerna över projekt och indikatorer" in page
    assert "Liikenne- ja viestintävirasto" not in page

    settings.HYTE_ACCESSIBILITY = {
        **settings.HYTE_ACCESSIBILITY,
        "method": "ulkoinen arviointi",
        "method_sv": "",
    }
    cache.clear()  # the page is kept until the settings change with a restart
    html = client.get("/julkinen/saavutettavuusseloste/").content.decode()

    assert '<p lang="fi">ulkoinen arviointi</p>' in html


def test_a_citizen_reads_the_public_pages_in_swedish_by_their_address(client):
    world = year_world()
    close(world)
    publish(world)

    response = client.get(f"{YEAR_URL}?kieli=sv")
    page = text_of(response)

    assert 'lang="sv"' in page and "Publicerade år" in page
    assert not response.cookies
    # Every link between the public pages keeps the language; the switch leads back.
    assert 'href="/julkinen/?kieli=sv"' in page
    assert f'href="{YEAR_URL}?kieli=fi" lang="fi" hreflang="fi">Suomeksi</a>' in page
    finnish = text_of(client.get(YEAR_URL))
    assert "Julkaistut vuodet" in finnish and "?kieli=fi" not in finnish
    assert f'href="{YEAR_URL}?kieli=sv" lang="sv" hreflang="sv">På svenska</a>' in finnish
