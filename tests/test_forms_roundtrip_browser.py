"""Every form, saved unchanged in Chromium, stores exactly what it showed.

The forms are found, not listed by hand: every named URL of the resolver has to be classified
in FORMS below, and every model of the admin registry is opened and saved by every role that
may change it. A new page or a new admin model fails a test here until it is covered.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from plans.models import Action, Decision, Division, Plan, YearClosing
from projects.models import Project
from tests.browser_pages import (
    admin_request,
    admin_url_names,
    app_url_names,
    english_on_page,
    model_from_label,
    new_context,
    registered_models,
    registry_ids,
    sign_in,
    superuser,  # noqa: F401 (a fixture)
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FORM, NO_FORM = "form", "no form"

# Every named URL outside the admin: does it show a form, and how is the form tested?
FORMS: dict[str, tuple[str, str]] = {
    "home": (FORM, "year choice (GET): test_get_forms_render_the_same_choices_after_submit"),
    "actions:list": (FORM, "filter (GET): test_get_forms_render_the_same_choices_after_submit"),
    "actions:new": (FORM, "test_new_action_stores_what_was_typed"),
    "actions:edit": (FORM, "test_action_edit_saved_unchanged_changes_nothing"),
    "actions:delete": (FORM, "confirmation without fields: test_delete_confirmation_deletes"),
    "actions:carry_forward": (
        FORM,
        "step 1 (GET): test_get_forms_render_the_same_choices_after_submit; step 2 (POST) "
        "copies actions by design, tested in tests/test_carry_forward.py",
    ),
    "actions:detail": (
        FORM,
        "its only forms are the history's restore buttons (actions:restore), tested in "
        "tests/test_actions_edit.py",
    ),
    "actions:restore": (NO_FORM, "POST target of the restore buttons on actions:detail"),
    "actions:export_xlsx": (NO_FORM, "download (XLSX) of the filtered list"),
    "actions:export_csv": (NO_FORM, "download (CSV) of the filtered list"),
    "actions:project_suggestions": (NO_FORM, "JSON: the project filter's suggestions"),
    "coverage": (FORM, "choice (GET): test_get_forms_render_the_same_choices_after_submit"),
    "focus_areas:detail": (NO_FORM, "a focus area's page, no inputs"),
    "focus_areas:indicators": (
        FORM,
        "search, link and targets: tests/test_indicators_browser.py "
        "(test_a_target_stores_what_was_typed_and_saves_unchanged_as_it_was)",
    ),
    "focus_areas:target": (NO_FORM, "POST target of the target forms on focus_areas:indicators"),
    "focus_areas:unlink": (NO_FORM, "POST target of the buttons on focus_areas:indicators"),
    "login": (FORM, "sign-in form, tested in tests/test_sign_in_browser.py"),
    "logout": (NO_FORM, "POST target of the header's sign-out button"),
    "city_sign_in": (NO_FORM, "POST target of the sign-in page's city account button"),
    "city_sign_in_complete": (NO_FORM, "redirect back from the provider: tests/oidc.py"),
    "city_signed_out": (NO_FORM, "a link to the provider's sign-out"),
    "password_change": (
        FORM,
        "Django's password change, tested in tests/test_accounts.py "
        "(test_a_changed_password_signs_in_and_the_old_one_does_not)",
    ),
    "password_change_done": (NO_FORM, "confirmation page"),
    "password_reset": (
        FORM,
        "the address to send the link to, tested in tests/test_accounts.py "
        "(test_a_reset_sends_one_finnish_mail_whose_link_sets_a_new_password)",
    ),
    "password_reset_done": (NO_FORM, "the same page whether the address is known or not"),
    "password_reset_confirm": (
        FORM,
        "the new password, through the e-mailed link, tested in tests/test_accounts.py",
    ),
    "password_reset_complete": (NO_FORM, "confirmation page"),
    "healthz": (NO_FORM, "plain-text health check for the load balancer"),
    "imports:index": (NO_FORM, "links to the upload pages"),
    "imports:upload": (FORM, "test_upload_without_a_file_shows_a_finnish_error"),
    "imports:export": (NO_FORM, "download (XLSX/CSV) of the current list"),
    "imports:preview": (
        FORM,
        "its confirm button posts to imports:confirm, tested in tests/test_import_actions.py",
    ),
    "imports:confirm": (NO_FORM, "POST target of the preview's confirm button"),
    "imports:document_upload": (
        FORM,
        "the annual table's upload, tested in tests/test_import_document_browser.py",
    ),
    "imports:document_preview": (
        FORM,
        "corrections, merge, split and confirm, tested in tests/test_import_document_browser.py",
    ),
    "reports:index": (NO_FORM, "links to the reports"),
    "reports:annual": (FORM, "close and reopen: test_annual_close_stores_the_typed_decision"),
    "reports:annual_close": (NO_FORM, "POST target of the close form on reports:annual"),
    "reports:annual_reopen": (NO_FORM, "POST target of the reopen button on reports:annual"),
    "reports:annual_pdf": (NO_FORM, "download (PDF)"),
    "reports:annual_xlsx": (NO_FORM, "download (XLSX)"),
    "reports:annual_docx": (NO_FORM, "download (DOCX)"),
    "reports:projects": (
        FORM,
        "filter (GET): test_get_forms_render_the_same_choices_after_submit",
    ),
    "reports:projects_pdf": (NO_FORM, "download (PDF)"),
    "reports:project": (NO_FORM, "a project's report page, no inputs"),
    "reports:project_pdf": (NO_FORM, "download (PDF)"),
    "reports:projects_xlsx": (NO_FORM, "download (XLSX)"),
    "reports:overview": (NO_FORM, "report page with charts, no inputs"),
    "reports:overview_pdf": (NO_FORM, "download (PDF)"),
    "reports:overview_chart": (NO_FORM, "SVG image shown on reports:overview"),
    "publication:manage": (
        FORM,
        "publish and withdraw, tested in tests/test_publication_browser.py "
        "(test_coordinator_publishes_a_year_in_the_browser)",
    ),
    "publication:publish": (NO_FORM, "POST target of the publish form on publication:manage"),
    "publication:withdraw": (NO_FORM, "POST target of the withdraw buttons"),
    "set_language": (NO_FORM, "POST target of the language switch (a button, no field to fill)"),
    "public:index": (NO_FORM, "the citizens' page: no form, no session, no CSRF token"),
    "public:accessibility": (NO_FORM, "the accessibility statement, no form"),
    "public:plan": (NO_FORM, "the citizens' page of the plan, no form"),
    "public:year": (NO_FORM, "the citizens' page of a published year, no form"),
    "public:data_json": (NO_FORM, "open data download (JSON)"),
    "public:data_csv": (NO_FORM, "open data download (CSV)"),
}

# The admin's own pages, and the pages every ModelAdmin adds for its model.
ADMIN_SITE_URLS = {
    "admin:index": "no form; every page is opened in tests/test_pages_browser.py",
    "admin:login": "sign-in form like login; the app signs in at /accounts/login/",
    "admin:logout": "POST target of the admin's sign-out button",
    "admin:password_change": "Django's own password form; covered by the access matrix (tests/test_access_matrix.py)",
    "admin:password_change_done": "confirmation page without a form",
    "admin:autocomplete": "JSON for autocomplete widgets",
    "admin:jsi18n": "JavaScript catalogue",
    "admin:view_on_site": "redirect to the object's own page",
    "admin:app_list": "no form; links to an app's models",
}
ADMIN_MODEL_URLS = {
    "change": "test_admin_change_form_saved_unchanged_changes_nothing (every registered model)",
    "changelist": "covered by the access matrix (tests/test_access_matrix.py) and tests/test_pages_browser.py",
    "add": "covered by the access matrix (tests/test_access_matrix.py) and tests/test_pages_browser.py",
    "delete": "covered by the access matrix (tests/test_access_matrix.py)",
    "history": "covered by the access matrix (tests/test_access_matrix.py); no form",
    "simple_history": "history version page of django-simple-history; tests/test_budget_history.py",
    "password_change": "the User admin's password form; covered by the access matrix (tests/test_access_matrix.py)",
}

# Auto timestamps that every save rewrites by design; nothing else may change.
AUTO_TIMESTAMPS = {"updated_at"}  # Action.updated_at is auto_now


def test_every_url_name_is_classified():
    unclassified = sorted(set(app_url_names()) - set(FORMS))
    stale = sorted(set(FORMS) - set(app_url_names()))
    assert not unclassified, (
        f"URL names not classified in FORMS of {__name__}: {unclassified}. Add each as "
        f"(FORM, 'how the form is tested') or (NO_FORM, 'why: download/redirect/JSON/POST target')."
    )
    assert not stale, f"FORMS classifies URL names that no longer exist: {stale}"


def test_every_admin_url_name_is_classified():
    prefixes = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_": model._meta.label
        for model in registered_models()
    }
    unclassified = []
    for name in admin_url_names():
        if name in ADMIN_SITE_URLS:
            continue
        prefix = next((prefix for prefix in prefixes if name.startswith(prefix)), None)
        if prefix is None or name.removeprefix(prefix) not in ADMIN_MODEL_URLS:
            unclassified.append(name)
    assert not unclassified, (
        f"admin URL names not classified in ADMIN_SITE_URLS or ADMIN_MODEL_URLS of {__name__}: "
        f"{sorted(unclassified)}"
    )


# --- Stored values ------------------------------------------------------------------------


def row_state(model, pk) -> dict:
    """The stored values of one row: every concrete field and the ids of every m2m."""
    obj = model._base_manager.get(pk=pk)
    values = {
        field.attname: getattr(obj, field.attname)
        for field in model._meta.concrete_fields
        if field.name not in AUTO_TIMESTAMPS
    }
    for field in model._meta.many_to_many:
        values[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    return values


def inline_links(model) -> list[tuple]:
    """(model, foreign key name) of each inline of the model's admin."""
    links = []
    for inline in admin.site._registry[model].inlines:
        fk = inline.fk_name or next(
            field.name
            for field in inline.model._meta.fields
            if field.is_relation and field.related_model in (model, *model._meta.parents)
        )
        links.append((inline.model, fk))
    return links


def stored_state(model, pk) -> dict:
    """The row and the rows of its inlines, as stored."""
    state = {f"{model._meta.label} #{pk}": row_state(model, pk)}
    for inline_model, fk in inline_links(model):
        for inline_pk in (
            inline_model._base_manager.filter(**{fk: pk})
            .order_by("pk")
            .values_list("pk", flat=True)
        ):
            state[f"{inline_model._meta.label} #{inline_pk}"] = row_state(inline_model, inline_pk)
    return state


def differences(before: dict, after: dict) -> list[str]:
    changes = []
    for row in sorted(set(before) | set(after)):
        if row not in after:
            changes.append(f"{row} was deleted")
        elif row not in before:
            changes.append(f"{row} was created: {after[row]}")
        else:
            for field, old in before[row].items():
                new = after[row].get(field)
                if new != old:
                    changes.append(f"{row}.{field}: {old!r} → {new!r}")
    return changes


def restore(state: dict) -> None:
    """Write the stored values back, so each role starts from the same demo data."""
    from django.apps import apps

    for key, values in state.items():
        label, _, pk = key.partition(" #")
        model = apps.get_model(label)
        obj = model._base_manager.filter(pk=values[model._meta.pk.attname]).first()
        if obj is None:
            continue
        concrete = {field.attname for field in model._meta.concrete_fields}
        model._base_manager.filter(pk=obj.pk).update(
            **{field: value for field, value in values.items() if field in concrete}
        )
        for field in model._meta.many_to_many:
            getattr(obj, field.name).set(values[field.name])


def error_lists(page) -> list[str]:
    return [
        " ".join(text.split())
        for text in page.locator(".errorlist, .errornote, .error-summary").all_inner_texts()
    ]


# --- The admin registry -------------------------------------------------------------------

ROLES = ["coordinator", "board_member", "admin_user", "division_editor", "superuser"]
VAHVAX = "Vahvax"


def object_to_open(model):
    if model is Project:
        return Project.objects.filter(short_name=VAHVAX).first() or Project.objects.first()
    return model._base_manager.order_by("pk").first()


@pytest.fixture
def people(kemi, request, coordinator, board_member, admin_user, division_editor, superuser):  # noqa: F811
    return {role: request.getfixturevalue(role) for role in ROLES}


@pytest.mark.parametrize("label", registry_ids())
def test_admin_change_form_saved_unchanged_changes_nothing(browser, live_server, people, label):
    model = model_from_label(label)
    model_admin = admin.site._registry[model]
    # A score with two decimals: a localized number input drops it on saving.
    Action.objects.filter(pk=Action.objects.order_by("pk").values("pk")[:1]).update(
        feedback_score=Decimal("4.11")
    )
    may_change = [
        role
        for role, user in people.items()
        if model_admin.has_change_permission(admin_request(user))
    ]
    if not may_change:
        # A read-only admin (the sign-in records): no change form to round-trip.
        assert not any(
            model_admin.has_add_permission(admin_request(user)) for user in people.values()
        ), f"{label}: nobody may change it, but someone may add one"
        return
    obj = object_to_open(model)
    assert obj is not None, f"{label}: the demo data has no row to open"
    roles = [
        role
        for role, user in people.items()
        if model_admin.has_change_permission(admin_request(user), obj)
    ]
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    failures = []
    context = new_context(browser)
    try:
        page = context.new_page()
        before = stored_state(model, obj.pk)
        for role in roles:
            restore(before)
            sign_in(context, live_server, people[role])
            response = page.goto(live_server.url + url)
            if response.status != 200:
                failures.append(f"{role}: GET {url} answered {response.status}")
                continue
            with page.expect_navigation():
                page.locator('[name="_continue"]').click()
            after = stored_state(model, obj.pk)
            changed = differences(before, after)
            if changed:
                failures.append(f"{role}: saving unchanged changed stored values: {changed}")
            errors = error_lists(page)
            if errors:
                failures.append(f"{role}: the page after saving shows errors: {errors}")
    finally:
        context.close()
    assert not failures, f"{label} {url} (“Tallenna ja jatka muokkausta”):\n" + "\n".join(failures)


# --- The app's own forms ------------------------------------------------------------------

DIVISION = "hyvinvointitoimiala"


def division_action():
    return (
        Action.objects.filter(division__slug=DIVISION, year=2023).order_by("pk").first()
        or Action.objects.filter(division__slug=DIVISION).order_by("pk").first()
    )


def action_state(pk) -> dict:
    state = row_state(Action, pk)
    state["projects"] = sorted(Action.objects.get(pk=pk).projects.values_list("pk", flat=True))
    return {f"Action #{pk}": state}


@pytest.mark.parametrize("role", ["coordinator", "division_editor"])
def test_action_edit_saved_unchanged_changes_nothing(browser, live_server, people, role):
    action = division_action()
    Action.objects.filter(pk=action.pk).update(
        feedback_score=Decimal("4.11"), participants=120, events=3
    )
    before = action_state(action.pk)
    context = new_context(browser)
    try:
        sign_in(context, live_server, people[role])
        page = context.new_page()
        page.goto(live_server.url + reverse("actions:edit", args=[action.pk]))
        with page.expect_navigation():
            page.get_by_role("button", name="Tallenna").click()
        errors = error_lists(page)
        changed = differences(before, action_state(action.pk))
    finally:
        context.close()
    assert not errors, f"{role}: action edit of #{action.pk} saved unchanged shows errors: {errors}"
    assert not changed, (
        f"{role}: action edit (actions:edit) of #{action.pk} saved unchanged changed stored "
        f"values: {changed}"
    )


def test_new_action_stores_what_was_typed(browser, live_server, people):
    plan = Plan.objects.get()
    division = Division.objects.get(slug=DIVISION)
    area = plan.goals.order_by("order").first().focus_areas.order_by("order").first()
    context = new_context(browser)
    try:
        sign_in(context, live_server, people["coordinator"])
        page = context.new_page()
        page.goto(live_server.url + reverse("actions:new"))
        page.get_by_label("Suunnitelma").select_option(label=str(plan))
        page.get_by_label("Vuosi").select_option("2024")
        page.get_by_label("Toimiala").select_option(label=division.name)
        page.get_by_label("Otsikko", exact=True).fill("Liikuntaviikko kouluissa")
        page.get_by_label("Kuvaus", exact=True).fill("Viikon mittainen liikuntatapahtuma.")
        page.get_by_label("Tila").select_option(label="käynnissä")
        page.get_by_label(f"{area.goal.order}.{area.order} {area.text}").check()
        page.get_by_label("Osallistujia").fill("250")
        page.get_by_label("Tapahtumia").fill("12")
        page.get_by_label("Palautteen keskiarvo (1–5)").press_sequentially("4.25")
        with page.expect_navigation():
            page.get_by_role("button", name="Tallenna").click()
        errors = error_lists(page)
    finally:
        context.close()
    assert not errors, f"new action (actions:new) shows errors: {errors}"
    stored = Action.objects.get(title="Liikuntaviikko kouluissa")
    assert {
        "plan": stored.plan_id,
        "year": stored.year,
        "division": stored.division_id,
        "description": stored.description,
        "status": stored.status,
        "focus_areas": list(stored.focus_areas.values_list("pk", flat=True)),
        "participants": stored.participants,
        "events": stored.events,
        "feedback_score": stored.feedback_score,
    } == {
        "plan": plan.pk,
        "year": 2024,
        "division": division.pk,
        "description": "Viikon mittainen liikuntatapahtuma.",
        "status": Action.Status.ONGOING,
        "focus_areas": [area.pk],
        "participants": 250,
        "events": 12,
        "feedback_score": Decimal("4.25"),
    }


def test_new_action_without_title_is_refused_only_without_text(browser, live_server, people):
    plan = Plan.objects.get()
    division = Division.objects.get(slug=DIVISION)
    area = plan.goals.order_by("order").first().focus_areas.order_by("order").first()
    text = "Kirjastossa järjestettiin lukulemmikkituokioita koko vuoden ajan."
    context = new_context(browser)
    try:
        sign_in(context, live_server, people["coordinator"])
        page = context.new_page()
        page.goto(live_server.url + reverse("actions:new"))
        page.get_by_label("Suunnitelma").select_option(label=str(plan))
        page.get_by_label("Vuosi").select_option("2024")
        page.get_by_label("Toimiala").select_option(label=division.name)
        page.get_by_label("Tila").select_option(label="toteutunut")
        page.get_by_label(f"{area.goal.order}.{area.order} {area.text}").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Tallenna").click()
        refused = error_lists(page)
        beside_title = page.locator("#id_title_error").inner_text()
        # What was chosen is still there: only the text is added before saving again.
        page.get_by_label("Kuvaus", exact=True).fill(text)
        with page.expect_navigation():
            page.get_by_role("button", name="Tallenna").click()
        errors = error_lists(page)
        heading = page.get_by_role("heading", level=1).inner_text()
    finally:
        context.close()
    assert "Anna toimenpiteelle otsikko tai kuvaus." in " ".join(refused)
    assert "Anna toimenpiteelle otsikko tai kuvaus." in beside_title
    assert not errors, f"new action without a title shows errors: {errors}"
    stored = Action.objects.get(description=text)
    assert (stored.title, stored.year, list(stored.focus_areas.all())) == ("", 2024, [area])
    assert heading == text


def test_delete_confirmation_deletes(browser, live_server, people):
    action = division_action()
    context = new_context(browser)
    try:
        sign_in(context, live_server, people["coordinator"])
        page = context.new_page()
        page.goto(live_server.url + reverse("actions:delete", args=[action.pk]))
        with page.expect_navigation():
            page.get_by_role("button", name="Kyllä, poista").click()
        errors = error_lists(page)
    finally:
        context.close()
    assert not errors, f"deleting action #{action.pk} shows errors: {errors}"
    assert not Action.objects.filter(pk=action.pk).exists()


FORM_VALUES_JS = """
(selector) => {
  const form = document.querySelector(selector);
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.type === 'submit' || el.type === 'button') continue;
    if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) continue;
    if (el.tagName === 'SELECT') {
      values[el.name] = Array.from(el.selectedOptions).map((o) => o.value + ' ' + o.textContent.trim());
    } else {
      (values[el.name] = values[el.name] || []).push(el.value);
    }
  }
  return values;
}
"""

GET_FORMS = {
    # URL name: (query string with real choices, a selector of the form)
    "home": ("?year=2023", "form.inline-form"),
    "actions:list": (
        "?q=liikunta&plan={plan}&year=2023&division={division}&status=done&project={project}",
        "form.filter-form",
    ),
    "actions:carry_forward": ("?plan={plan}&year=2023&division={division}", "form.filter-form"),
    "coverage": ("", "form.filter-form"),
    "reports:projects": ("?division=hyvinvointitoimiala&year=2023", "form.report-filter"),
}


@pytest.mark.parametrize("name", list(GET_FORMS))
def test_get_forms_render_the_same_choices_after_submit(browser, live_server, people, name):
    query, selector = GET_FORMS[name]
    query = query.format(
        plan=Plan.objects.get().pk,
        division=Division.objects.get(slug=DIVISION).pk,
        # given by its id, as other pages link to it; the field shows its name
        project=Project.objects.filter(actions__isnull=False).first().pk,
    )
    context = new_context(browser)
    try:
        sign_in(context, live_server, people["coordinator"])
        page = context.new_page()
        page.goto(live_server.url + reverse(name) + query)
        shown = page.evaluate(FORM_VALUES_JS, selector)
        rounds = []
        for _ in range(2):
            with page.expect_navigation():
                page.locator(f"{selector} [type=submit]").click()
            rounds.append((page.url, page.evaluate(FORM_VALUES_JS, selector), error_lists(page)))
    finally:
        context.close()
    for url, values, errors in rounds:
        assert not errors, f"{name}: submitting the GET form unchanged shows errors: {errors}"
        assert values == shown, (
            f"{name}: after submitting unchanged ({url}) the form shows {values}, "
            f"before it showed {shown}"
        )


def test_upload_without_a_file_shows_a_finnish_error(browser, live_server, people):
    context = new_context(browser)
    try:
        sign_in(context, live_server, people["coordinator"])
        page = context.new_page()
        response = page.goto(live_server.url + reverse("imports:upload", args=["actions"]))
        assert response.status == 200, f"imports:upload answered {response.status}"
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Esikatsele").click()
        status = navigation.value.status
        summary = " ".join(page.locator(".error-summary").all_inner_texts())
        english = english_on_page(page)
    finally:
        context.close()
    assert status == 400, f"imports:upload without a file answered {status}, expected 400"
    assert "Valitse tiedosto." in summary, f"no Finnish error shown, the summary reads: {summary!r}"
    assert not english, "imports:upload without a file shows English: " + "; ".join(english)


def test_annual_close_stores_the_typed_decision(browser, live_server, people):
    url = reverse("reports:annual", args=[2023, DIVISION])
    context = new_context(browser)
    try:
        sign_in(context, live_server, people["coordinator"])
        page = context.new_page()
        page.goto(live_server.url + url)
        page.get_by_label("Toimielin").fill("Hyvinvointilautakunta")
        page.get_by_label("Päivämäärä").fill("12.3.2024")
        page.get_by_label("Pykälä (§)").fill("25")
        with page.expect_navigation():
            page.get_by_role("button", name="Kirjaa päätös ja lukitse").click()
        close_errors = error_lists(page)
        closing = YearClosing.objects.in_force().filter(year=2023).first()
        if closing:
            sign_in(context, live_server, people["admin_user"])
            page.goto(live_server.url + url)
            with page.expect_navigation():
                page.get_by_role("button", name="Avaa vuosi uudelleen muokattavaksi").click()
        reopen_errors = error_lists(page)
    finally:
        context.close()
    assert not close_errors, f"reports:annual close form shows errors: {close_errors}"
    assert closing is not None, "reports:annual close form stored no closing"
    decision = Decision.objects.get(pk=closing.decision_id)
    assert (decision.body, decision.date, decision.section) == (
        "Hyvinvointilautakunta",
        datetime.date(2024, 3, 12),
        25,
    )
    assert not reopen_errors, f"reports:annual reopen shows errors: {reopen_errors}"
    closing.refresh_from_db()
    assert closing.reopened_at is not None, "the admin's reopen button did not reopen the year"
