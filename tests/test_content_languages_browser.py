"""The plan's texts in both languages in Chromium: the action form with the Finnish and
Swedish texts saved unchanged stores exactly what it showed, and the Swedish action list and
annual report show a translated text and a marked Finnish one (screenshots in
`var/screenshots/`)."""

import pytest
from django.conf import settings
from django.urls import reverse

from plans.models import Action
from tests.browser_pages import SCREENSHOTS, new_context, sign_in
from tests.content_helpers import bilingual_plan, translated_and_finnish_actions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTH = 1366
TEXTS = ("title_fi", "title_sv", "description_fi", "description_sv", "title", "description")


@pytest.fixture
def actions():
    """The action translated into Swedish, beside one in Finnish only."""
    translated, _finnish_only = translated_and_finnish_actions(bilingual_plan())
    return translated


def stored_texts(pk: int) -> dict:
    return Action.objects.rewrite(False).filter(pk=pk).values(*TEXTS, "version").get()


def swedish_context(browser, live_server, user):
    context = new_context(browser, WIDTH)
    sign_in(context, live_server, user)
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "sv", "url": live_server.url}]
    )
    return context


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_action_form_with_both_languages_saved_unchanged_changes_nothing(
    browser, live_server, actions, language
):
    coordinator = UserFactory(username="koordinaattori", role="coordinator")
    before = stored_texts(actions.pk)
    context = new_context(browser, WIDTH)
    try:
        sign_in(context, live_server, coordinator)
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(live_server.url + reverse("actions:edit", args=[actions.pk]))
        assert page.locator("#id_title").input_value() == "Uimakoulu"
        assert page.locator("#id_title_sv").input_value() == "Simskola"
        with page.expect_navigation():
            page.locator("form.stacked-form button[type=submit]").click()
        errors = page.locator(".errorlist").all_inner_texts()
    finally:
        context.close()
    assert not errors
    assert stored_texts(actions.pk) == before


def test_the_swedish_action_list_and_annual_report_look_right(browser, live_server, actions):
    coordinator = UserFactory(username="koordinaattori", role="coordinator")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = swedish_context(browser, live_server, coordinator)
    try:
        page = context.new_page()
        page.goto(live_server.url + reverse("actions:list"))
        assert page.get_by_role("link", name="Simskola").is_visible()
        fallback = page.locator('[lang="fi"]', has_text="Someturvan käyttöönotto")
        assert fallback.is_visible()
        assert page.locator(".fallback-mark").first.inner_text() == "(på finska)"
        page.screenshot(path=SCREENSHOTS / "content-sv-actions.png", full_page=True)

        page.goto(live_server.url + "/reports/annual/2023/hyvinvointitoimiala/")
        assert page.get_by_text("Simskola för alla förstaklassare.").is_visible()
        assert page.locator('[lang="fi"]', has_text="Koulujen some-neuvontapalvelu.").is_visible()
        page.screenshot(path=SCREENSHOTS / "content-sv-annual.png", full_page=True)
    finally:
        context.close()
