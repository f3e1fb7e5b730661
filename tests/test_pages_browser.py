"""Every page at 1366 and 390 px in Chromium: Finnish only, nothing wider than the window.

The pages come from the URL resolver and the admin registry, filled with the real Kemi demo
data. Each page is saved as a full-page screenshot in var/screenshots/<width>/ for a person
to look at. A new URL name fails test_every_url_name_is_a_page_or_a_download until it is
listed below.
"""

import re

import pytest
from django.contrib import admin
from django.urls import reverse

from plans.models import Action, FocusArea, Plan
from projects.models import Project
from tests.browser_pages import (
    HEIGHT,
    WIDTHS,
    admin_request,
    app_url_names,
    english_words,
    judge_page,
    model_from_label,
    new_context,
    registry_ids,
    sign_in,
    superuser,  # noqa: F401 (a fixture)
)
from tests.document_files import seed_text
from tests.test_forms_roundtrip_browser import FORM, FORMS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

YEAR = 2023
DIVISION = "hyvinvointitoimiala"

# URL name: (arguments, query string). {action}, {plan}, {kind} are filled from the demo data.
PAGES = {
    "home": ({}, ""),
    "actions:list": ({}, ""),
    "actions:new": ({}, ""),
    "actions:carry_forward": ({}, f"?plan={{plan}}&year={YEAR}"),
    "actions:detail": ({"pk": "{action}"}, ""),
    "actions:edit": ({"pk": "{action}"}, ""),
    "actions:delete": ({"pk": "{action}"}, ""),
    "coverage": ({}, ""),
    "focus_areas:detail": ({"pk": "{focus_area}"}, ""),
    "focus_areas:indicators": ({"pk": "{focus_area}"}, "?q=huumaus"),
    "login": ({}, ""),
    "password_change": ({}, ""),
    "password_change_done": ({}, ""),
    "password_reset": ({}, ""),
    "password_reset_done": ({}, ""),
    # An old link: the page that says so (a valid one is followed in tests/test_accounts.py).
    "password_reset_confirm": ({"uidb64": "MQ", "token": "vanhentunut"}, ""),
    "password_reset_complete": ({}, ""),
    "reports:index": ({}, ""),
    "reports:annual": ({"year": YEAR, "division": DIVISION}, ""),
    "reports:projects": ({}, ""),
    "reports:overview": ({"year": YEAR}, ""),
    "reports:project": ({"pk": "{project}"}, ""),
    "imports:index": ({}, ""),
    "imports:upload": ({"kind": "{kind}"}, ""),
    "imports:preview": None,  # reached by uploading the current list: see open_preview
    "imports:document_upload": ({}, ""),
    "imports:document_preview": None,  # reached by uploading the seeds' table
    "publication:manage": ({}, ""),
}
# Not HTML pages: each must answer with something other than text/html.
DOWNLOADS = {
    "actions:export_xlsx": {},
    "actions:export_csv": {},
    "actions:project_suggestions": {},
    "imports:export": {"kind": "actions", "file_format": "csv"},
    "reports:annual_pdf": {"year": YEAR, "division": DIVISION},
    "reports:annual_xlsx": {"year": YEAR, "division": DIVISION},
    "reports:annual_docx": {"year": YEAR, "division": DIVISION},
    "reports:projects_pdf": {},
    "reports:projects_xlsx": {},
    "reports:project_pdf": {"pk": "{project}"},
    "reports:overview_pdf": {"year": YEAR},
    "reports:overview_chart": {"year": YEAR, "chart": "{chart}"},
    "healthz": {},
}
# Only a POST reaches these; the page that holds each button is judged instead.
POST_ONLY = {
    "logout": "header's sign-out button",
    # The sign-in with the city's account needs a provider: its button, the provider's way back
    # and the signed-out page are judged in tests/test_sign_in_city_browser.py.
    "city_sign_in": "city account button on the sign-in page",
    "city_sign_in_complete": "the provider's redirect back, judged with the provider running",
    "city_signed_out": "after the sign-out button, judged with the provider running",
    "actions:restore": "restore buttons on actions:detail",
    "imports:confirm": "confirm button on imports:preview",
    "reports:annual_close": "close form on reports:annual",
    "reports:annual_reopen": "reopen button on reports:annual",
    "focus_areas:target": "target forms on focus_areas:indicators",
    "focus_areas:unlink": "stop-following buttons on focus_areas:indicators",
    "publication:publish": "publish form on publication:manage",
    "publication:withdraw": "withdraw buttons on publication:manage",
    "set_language": "language switch in the page frame and on the sign-in page",
}
# The citizens' pages exist only for a published year: they are judged on a published year of
# the demo data in tests/test_publication_browser.py (axe-core at 1366 and 390 px, no sideways
# scroll, the Nu HTML checker) and their files in tests/test_publication.py.
PUBLIC = {
    "public:index",
    "public:accessibility",
    "public:plan",
    "public:year",
    "public:data_json",
    "public:data_csv",
}
APP_ROLES = ["coordinator", "admin_user"]
# The kind of import each role may make.
IMPORT_KIND = {"coordinator": "actions", "admin_user": "projects"}
# The uploaded file's name shows on the preview page: a name a Finnish user would give.
FILE_NAMES = {"actions": "toimenpiteet.csv", "projects": "hankkeet.csv"}


def test_every_url_name_is_a_page_or_a_download():
    listed = set(PAGES) | set(DOWNLOADS) | set(POST_ONLY) | PUBLIC
    unlisted = sorted(set(app_url_names()) - listed)
    assert not unlisted, (
        f"URL names not listed in PAGES, DOWNLOADS or POST_ONLY of {__name__}: {unlisted}. "
        "A page needs its arguments from the demo data; a download or POST target its reason."
    )
    assert not listed - set(app_url_names()), (
        f"no longer URL names: {listed - set(app_url_names())}"
    )


def demo_values(role: str) -> dict:
    action = Action.objects.filter(division__slug=DIVISION, year=YEAR).order_by("pk").first()
    return {
        "action": action.pk,
        "plan": Plan.objects.get().pk,
        "kind": IMPORT_KIND[role],
        # a project with results, so that its page shows them
        "project": Project.objects.filter(results__isnull=False).order_by("pk").first().pk,
        # a focus area following one of the demo's indicators
        "focus_area": FocusArea.objects.get(text="Syrjäytymisen ehkäisy").pk,
    }


def fill(value, values: dict):
    return value.format(**values) if isinstance(value, str) else value


def page_url(name: str, role: str) -> str:
    values = demo_values(role)
    arguments, query = PAGES[name]
    return reverse(name, kwargs={key: fill(value, values) for key, value in arguments.items()}) + (
        query.format(**values)
    )


def open_preview(page, live_server, role) -> None:
    """Upload the current list as it is exported, which leads to the preview page."""
    kind = IMPORT_KIND[role]
    export = page.context.request.get(
        live_server.url + reverse("imports:export", args=[kind, "csv"])
    )
    page.goto(live_server.url + reverse("imports:upload", args=[kind]))
    page.locator("input[type=file]").set_input_files(
        files=[{"name": FILE_NAMES[kind], "mimeType": "text/csv", "buffer": export.body()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Esikatsele").click()


def open_document_preview(page, live_server, role) -> str:
    """The coordinator uploads the seeds' annual table; anyone else is refused its page."""
    if role != "coordinator":
        return live_server.url + reverse("imports:document_preview", args=[0])
    page.goto(live_server.url + reverse("imports:document_upload"))
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "vuositaulukko.txt", "mimeType": "text/plain", "buffer": seed_text()}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Esikatsele").click()
    return page.url


def has_own_form(page) -> bool:
    return page.locator("main form").count() > 0


def judge_at_both_widths(page, url: str, shot: str, problems: list, who: str):
    """Open the page wide, judge it, narrow the same window and judge it again.

    A problem seen at both widths is listed once, naming both.
    """
    page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
    response = page.goto(url)
    if response.status >= 500:
        problems.append(f"{who}: answered {response.status}")
        return response
    seen: dict[str, list[str]] = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        page.wait_for_function(f"window.innerWidth === {width}")
        for problem in judge_page(page, width, shot):
            seen.setdefault(problem, []).append(f"{width}px")
    problems.extend(f"{who} @ {', '.join(widths)}: {problem}" for problem, widths in seen.items())
    return response


@pytest.mark.parametrize("name", list(PAGES))
def test_app_page_is_finnish_and_fits(
    browser,
    live_server,
    kemi,
    coordinator,
    admin_user,
    name,
):
    people = {"coordinator": coordinator, "admin_user": admin_user}
    problems: list[str] = []
    for role in APP_ROLES:
        context = new_context(browser)
        try:
            sign_in(context, live_server, people[role])
            page = context.new_page()
            if name == "imports:preview":
                open_preview(page, live_server, role)
                url = page.url
            elif name == "imports:document_preview":
                url = open_document_preview(page, live_server, role)
            else:
                url = live_server.url + page_url(name, role)
            judge_at_both_widths(page, url, f"{role}--{name}", problems, role)
            if has_own_form(page) and FORMS.get(name, ("",))[0] != FORM:
                problems.append(
                    f"{role}: the page has a form, but FORMS in "
                    "tests/test_forms_roundtrip_browser.py does not say how it is tested"
                )
        finally:
            context.close()
    assert not problems, f"{name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", list(DOWNLOADS))
def test_download_is_not_an_html_page(client, kemi, coordinator, admin_user, name):
    client.force_login(admin_user if name == "imports:export" else coordinator)
    values = demo_values("coordinator")
    overview = client.get(reverse("reports:overview", args=[YEAR])).content.decode()
    # A chart the overview page shows, e.g. /reports/overview/2023/<chart>.svg
    values["chart"] = re.search(rf"/reports/overview/{YEAR}/([\w-]+)\.svg", overview).group(1)
    url = reverse(name, kwargs={key: fill(value, values) for key, value in DOWNLOADS[name].items()})
    response = client.get(url)
    assert response.status_code == 200, f"{name} {url} answered {response.status_code}"
    assert not response["Content-Type"].startswith("text/html"), (
        f"{name} {url} is an HTML page: list it in PAGES so it is judged"
    )


# --- The admin ----------------------------------------------------------------------------

ADMIN_ROLES = ["coordinator", "superuser"]


def first_object(model):
    if model is Project:
        return Project.objects.filter(short_name="Vahvax").first()
    return model._base_manager.order_by("pk").first()


def admin_pages(model, user) -> list[tuple[str, str]]:
    """(kind, url) of the changelist, add and change pages the user may open."""
    model_admin = admin.site._registry[model]
    request = admin_request(user)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    pages = []
    if model_admin.has_view_or_change_permission(request):
        pages.append(("changelist", reverse(f"{prefix}_changelist")))
    if model_admin.has_add_permission(request):
        pages.append(("add", reverse(f"{prefix}_add")))
    obj = first_object(model)
    if obj is not None and model_admin.has_view_or_change_permission(request, obj):
        pages.append(("change", reverse(f"{prefix}_change", args=[obj.pk])))
    return pages


@pytest.mark.parametrize("label", ["index", *registry_ids()])
def test_admin_page_is_finnish_and_fits(browser, live_server, kemi, coordinator, superuser, label):  # noqa: F811
    people = {"coordinator": coordinator, "superuser": superuser}
    problems: list[str] = []
    for role in ADMIN_ROLES:
        if label == "index":
            pages = [("index", reverse("admin:index"))]
        else:
            pages = admin_pages(model_from_label(label), people[role])
        if not pages:
            continue
        context = new_context(browser)
        try:
            sign_in(context, live_server, people[role])
            page = context.new_page()
            for kind, url in pages:
                judge_at_both_widths(
                    page,
                    live_server.url + url,
                    f"{role}--admin-{label}-{kind}",
                    problems,
                    f"{role} {kind} {url}",
                )
        finally:
            context.close()
    assert not problems, f"admin {label}:\n" + "\n".join(problems)


# --- Error pages, as the server shows them with debugging off ----------------------------


@pytest.mark.parametrize(
    ("status", "role", "path"),
    [
        (404, None, "/ei-tallaista-sivua/"),
        (404, "coordinator", "/ei-tallaista-sivua/"),
        (404, "coordinator", "/actions/999999/"),
        (403, "coordinator", "/imports/projects/"),
        (403, "board_member", "/actions/new/"),
    ],
)
def test_error_page_is_finnish_and_fits(
    browser, live_server, settings, coordinator, board_member, status, role, path
):
    settings.DEBUG = False
    people = {"coordinator": coordinator, "board_member": board_member}
    problems: list[str] = []
    context = new_context(browser)
    try:
        if role:
            sign_in(context, live_server, people[role])
        page = context.new_page()
        who = role or "anonymous"
        response = judge_at_both_widths(
            page, live_server.url + path, f"{who}--error-{status}{path}", problems, who
        )
        if response.status != status:
            problems.append(f"{who}: answered {response.status}, not {status}")
    finally:
        context.close()
    assert not problems, f"{status} page at {path}:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "summary",
    ["algoritmi: md5 tiiviste: 1be731**********", "suola: be****** tiivistelmä: the*****"],
)
def test_a_masked_password_hash_is_never_read_as_english_words(summary):
    assert english_words(f"Salasana {summary} Nollaa salasana") == []
