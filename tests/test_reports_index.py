"""The reports index: every plan year and division, with a link to each report and format."""

from django.urls import reverse

from tests.reports_helpers import visible_text


def test_the_index_links_every_plan_year_division_and_format(client, board_member, kemi):
    client.force_login(board_member)
    response = client.get(reverse("reports:index"))

    html = response.content.decode()
    for year in (2022, 2023, 2024, 2025):
        assert f'href="/reports/overview/{year}/"' in html
        assert f'href="/reports/overview/{year}/pdf/"' in html
        for division in ("hyvinvointitoimiala", "perusturvatoimiala"):
            for suffix in ("", "pdf/", "docx/", "xlsx/"):
                assert f'href="/reports/annual/{year}/{division}/{suffix}"' in html
            assert f'href="/reports/projects/xlsx/?division={division}&amp;year={year}"' in html
    assert "Hankkeiden yhteenveto" in visible_text(response)


def test_the_index_without_plans_says_so(client, board_member):
    client.force_login(board_member)
    assert "Yhtään hyvinvointisuunnitelmaa ei ole vielä kirjattu." in visible_text(
        client.get("/reports/")
    )


def test_anonymous_user_is_sent_to_sign_in_from_every_report(client, kemi):
    for url in (
        "/reports/",
        "/reports/annual/2023/hyvinvointitoimiala/pdf/",
        "/reports/annual/2023/hyvinvointitoimiala/docx/",
        "/reports/projects/xlsx/",
        "/reports/overview/2023/goals.svg",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_the_index_runs_the_same_queries_however_many_closings(
    client, coordinator, kemi, django_assert_num_queries
):
    from tests.test_reports_closing import closed_2023

    closed_2023(coordinator)
    client.force_login(coordinator)
    # 1 session, 2 user, 3 the user's roles (the read check, kept for the navigation), 4 plans,
    # 5 divisions, 6 closings in force
    with django_assert_num_queries(6):
        client.get("/reports/")
