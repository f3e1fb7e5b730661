"""A project's page for the board: its facts, results, earmarked parts, partners and history."""

import datetime

import pytest
from django.urls import reverse

from plans.models import InterpretationMark
from projects.models import Project, ProjectPartner, ProjectResult
from tests.factories import (
    DivisionPeriodFactory,
    FunderFactory,
    OrganizationFactory,
    ProjectFactory,
    UserFactory,
)
from tests.reports_helpers import pdf_text, squash, visible_text

VAHVAX = "Vahvax - digiosaamista ja -palveluja aikuisuuden ja vanhemmuuden vahvistamiseksi"


def project_url(name: str, *, pdf: bool = False) -> str:
    pk = Project.objects.get(name=name).pk
    return reverse("reports:project_pdf" if pdf else "reports:project", args=[pk])


def test_the_project_page_shows_the_facts_with_unknown_amounts_as_unknown(board_client, kemi):
    text = visible_text(board_client.get(project_url(VAHVAX)))

    assert "Rahoittaja ESR" in text
    assert "Kausi 1.9.2021–31.7.2023" in text
    assert "Kustannusarvio 295 600 €" in text
    assert "Kemin osuus ei tiedossa" in text
    assert "Omarahoitus 29 560 €" in text
    # No rate without Kemi's share: never a 0 % or a division by zero.
    assert "Omarahoitusosuus ei laskettavissa" in text
    assert "Yhteyshenkilö Projektipäällikkö, Saara Kaarnalinna" in text
    # The division from the project's start is read from the document, and marked as such.
    assert (
        "Toimiala Perusturvatoimiala 1.9.2021–31.12.2022 tulkinta Asiakirja luettelee hankkeen "
        "perusturvatoimialalla käynnissä oleviin" in text
    )
    assert (
        "Lähde: Perusturvatoimialalla käynnissä olevat hankkeet Hyvinvointitoimiala 1.1.2023–"
        in text
    )
    # So is a partner's role that the handbook does not name.
    assert "Kemin seurakunta yhteistyökumppani tulkinta Käsikirja kiittää seurakuntaa" in text


def test_the_results_are_grouped_by_kind_with_at_least_where_the_count_is_a_floor(
    board_client, kemi
):
    text = visible_text(board_client.get(project_url(VAHVAX)))

    trainings, events = text.index("Koulutukset (3)"), text.index("Tapahtumat (1)")
    assert trainings < events
    assert "Työyhteisöjen toimintakulttuurin muutos ja digimyönteisyys" in text[trainings:events]
    assert "38 paikan päällä + 22 etänä = 60 4,11 / 5" in text
    assert "31 etänä 2,8 / 5" in text
    assert "Veitsiluodon tehtaat" in text[events:]
    assert "vähintään 200 paikan päällä" in text[events:]
    assert "Digi- ja väestötietovirasto yhteistyökumppani" in text
    assert "Pohjois-Pohjanmaan ELY-keskus rahoittava viranomainen" in text


MODE_MARK = (
    "lähitoteutus tulkinta Toteutustapaa ei mainita; paikan päällä, koska kävijät käyttivät "
    "tabletteja ja QR-koodeja tapahtumassa. Lähde: Vahvax-hankkeen digituen käsikirja"
)


def test_a_results_toteutustapa_shows_its_interpretation_on_the_page_and_in_the_pdf(
    board_client, kemi, tmp_path
):
    text = visible_text(board_client.get(project_url(VAHVAX)))
    events = text.index("Tapahtumat (1)")
    assert MODE_MARK in text[events:]
    assert text.count("tulkinta Toteutustapaa") == 1  # the other results' modes are stated

    pdf = squash(pdf_text(board_client.get(project_url(VAHVAX, pdf=True)).content, tmp_path))
    assert "Toteutustapaa ei mainita; paikan päällä" in pdf


def test_earmarked_parts_and_co_funders_are_shown(board_client, kemi):
    vasa = Project.objects.get(earmarked_parts__isnull=False)
    text = visible_text(board_client.get(reverse("reports:project", args=[vasa.pk])))
    assert "Korvamerkityt osuudet" in text
    assert "Kemin kaupunki 25 000 € yhteisövaikuttavuuden mallin kehittäminen" in text

    two_funded = Project.objects.get(name__startswith="Irtisanomisesta selviytymiseen")
    text = visible_text(board_client.get(reverse("reports:project", args=[two_funded.pk])))
    assert "Muut rahoittajat Keminmaa, Simo" in text
    assert "Lapin yliopisto osatoteuttaja" in text


def test_the_project_summary_links_each_project_and_shows_results_and_earmarks(board_client, kemi):
    response = board_client.get("/reports/projects/?division=perusturvatoimiala&year=2022")

    html = response.content.decode()
    for project in Project.objects.all():
        assert f'href="{reverse("reports:project", args=[project.pk])}"' in html
    text = visible_text(response)
    details = text[text.index("Hankkeiden tulokset ja korvamerkityt osuudet") :]
    assert "Koulutukset (3)" in details
    assert "vähintään 200 paikan päällä" in details
    assert "Kemin kaupunki 25 000 €" in details


def test_the_project_pdf_and_the_summary_pdf_carry_results_and_earmarks(
    board_client, kemi, tmp_path
):
    response = board_client.get(project_url(VAHVAX, pdf=True))

    assert response["Content-Type"] == "application/pdf"
    text = squash(pdf_text(response.content, tmp_path))
    assert VAHVAX in text
    assert "Kemin osuus ei tiedossa" in text
    assert "vähintään 200 paikan päällä" in text
    assert "Sivu 1 /" in text

    summary = board_client.get("/reports/projects/pdf/?division=perusturvatoimiala&year=2022")
    text = squash(pdf_text(summary.content, tmp_path))
    assert "Hankkeiden tulokset ja korvamerkityt osuudet" in text
    assert "Kemin kaupunki 25 000 €" in text
    assert "38 paikan päällä + 22 etänä = 60" in text


def test_an_unknown_project_is_not_found(board_client, kemi):
    assert board_client.get(reverse("reports:project", args=[999999])).status_code == 404
    assert board_client.get(reverse("reports:project_pdf", args=[999999])).status_code == 404


def test_a_user_without_a_role_cannot_read_a_project(client, kemi):
    client.force_login(UserFactory())
    assert client.get(project_url(VAHVAX)).status_code == 403


@pytest.mark.parametrize("count", [1, 30])
def test_the_project_page_runs_the_same_queries_for_few_and_many_rows(
    board_client, django_assert_num_queries, count
):
    project = ProjectFactory(funders=[FunderFactory() for _ in range(min(count, 3))])
    for n in range(count):
        DivisionPeriodFactory(project=project, valid_from=datetime.date(2000 + n, 1, 1))
        ProjectPartner.objects.create(project=project, organization=OrganizationFactory())
        project.earmarked_parts.create(recipient=OrganizationFactory(), amount=100 + n)
        result = ProjectResult.objects.create(
            project=project, title=f"Koulutus {n}", kind="training", mode="remote"
        )
        InterpretationMark.objects.create(
            content_object=result, field_name="mode", interpretation="Luettu.", source="003"
        )
    # 1 session, 2 user, 3 the user's roles (the read check, kept for the navigation), 4 the
    # project, 5 its funders, 6 its partners with their organizations, 7 its earmarked parts
    # with their recipients, 8 its results, 9 its division periods with their divisions,
    # 10 the interpretation marks on its figures, its partners' roles and its results' modes
    with django_assert_num_queries(10):
        response = board_client.get(reverse("reports:project", args=[project.pk]))
    assert response.status_code == 200
    assert f"Koulutus {count - 1}" in visible_text(response)
