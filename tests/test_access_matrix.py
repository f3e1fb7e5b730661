"""Every URL of the app and of the admin, for every persona, with GET and POST.

The URLs come from the URL resolver (walked with its namespaces) and the admin registry; the
expected outcome of each (persona, URL, method) comes from `expected()`, which reads the rules
of `common.roles` — a URL name with no rule fails `test_every_url_name_has_a_rule`, so a new
view or admin class needs one. A refused request must answer 403 (404 or 405 also refuse;
anonymous users are sent to a sign-in page) and leave the database as it was; a permitted GET
must answer 200. Each request runs in a transaction that is rolled back, so one set of rows
serves a persona's whole walk.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import CheckboxInput
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from common import roles
from imports import document_services
from imports import services as import_services
from imports.models import ImportBatch
from indicators.models import FocusAreaIndicator, Indicator, IndicatorValue, Region
from plans.closing import close_year
from plans.models import InterpretationMark, Objective
from plans.services import update_action
from projects.models import EarmarkedPart, Project
from publication import services as publication_services
from publication.opendata import DATASETS
from reports.overview import CHARTS
from tests.document_files import seed_text
from tests.factories import (
    ActionFactory,
    CostShareFactory,
    DivisionFactory,
    DivisionPeriodFactory,
    FunderFactory,
    OrganizationFactory,
    ProjectFactory,
    UserFactory,
)
from tests.oidc import sign_in_with_city_account
from tests.spreadsheet_files import csv_bytes
from tests.workspace import PASSWORD, action_post, small_plan

PERSONAS = [
    "anonymous",
    "no_role",
    "board",
    "division_editor",
    "coordinator",
    "admin",
    "superuser",
]
# Models whose rows the walk compares before and after each refused write.
WATCHED_APPS = {
    "plans",
    "projects",
    "indicators",
    "imports",
    "publication",
    "auth",
    "admin",
    "axes",
    "social_django",
}


# --- the rules ------------------------------------------------------------------------------


def public(user, target) -> bool:
    return True


def nobody(user, target) -> bool:
    return False


def read(user, target) -> bool:
    return roles.can_read(user)


def add_actions(user, target) -> bool:
    return roles.can_add_actions(user)


def edit_action(user, target) -> bool:
    return roles.can_edit_action(user, target.obj)


def restore_version(user, target) -> bool:
    """Restoring is an edit of the action and of the division its older version names."""
    return roles.can_edit_action(user, target.obj) and roles.can_edit_action(user, target.record)


def link_indicators(user, target) -> bool:
    return roles.can_link_indicators(user)


def publish_year(user, target) -> bool:
    return roles.can_publish_year(user)


def import_kind(user, target) -> bool:
    kind = target.kwargs.get("kind")
    return roles.can_import(user, kind) if kind else bool(roles.importable_kinds(user))


def import_document(user, target) -> bool:
    return roles.can_import_document(user)


def signed_in(user, target) -> bool:
    """A person's own account: anyone signed in, with a role or without."""
    return user.is_authenticated


def use_admin(user, target) -> bool:
    return roles.can_use_admin(user)


def admin_may(user, app_label: str, model_name: str, *actions: str) -> bool:
    """The admin right `GROUP_PERMISSIONS` gives one of the user's roles (a superuser: all)."""
    if not roles.can_use_admin(user):
        return False
    if user.is_superuser:
        return True
    granted = set().union(*(roles.GROUP_PERMISSIONS[role] for role in roles.roles(user)))
    return any((app_label, f"{action}_{model_name}") in granted for action in actions)


def admin_app(user, target) -> bool:
    """An app's page in the admin lists the models the user may see; none: 404."""
    app_label = target.kwargs["app_label"]
    return any(
        admin_may(user, app_label, model._meta.model_name, "view", "change")
        for model in admin.site._registry
        if model._meta.app_label == app_label
    )


@dataclass
class Rule:
    get: Callable | None  # None: the URL refuses GET (405) for everyone
    post: Callable | None
    targets: str = "none"  # which rows fill the URL's arguments (see `targets`)
    get_ok: frozenset = frozenset({200})
    logs_out: bool = False


READ = Rule(read, read)

APP_RULES = {
    "home": READ,
    "coverage": READ,
    "login": Rule(public, public),
    "logout": Rule(public, public, logs_out=True),
    # a new password, set here, cycles the session of whoever sets it
    "password_change": Rule(signed_in, signed_in, logs_out=True),
    "password_change_done": Rule(signed_in, signed_in),
    # Asking for a reset link says nothing of whether the address is known; the link itself
    # is checked by its token (an invalid one is tried here).
    "password_reset": Rule(public, public, get_ok=frozenset({200})),
    "password_reset_done": Rule(public, public),
    "password_reset_confirm": Rule(public, public, targets="reset_link"),
    "password_reset_complete": Rule(public, public),
    "healthz": Rule(public, public),
    # The language switch sets a cookie, signed in or not (the sign-in page has it too).
    "set_language": Rule(public, public),
    # Signing in with the city's account: the button POSTs, the provider comes back with a GET
    # (without a sign-in started in the browser: a Finnish 400 page), and after signing out a
    # page offers the provider's sign-out. Off without the provider's settings: 404.
    "city_sign_in": Rule(None, public),
    "city_sign_in_complete": Rule(public, None),
    "city_signed_out": Rule(public, public),
    "actions:list": READ,
    "actions:export_xlsx": READ,
    "actions:export_csv": READ,
    "actions:project_suggestions": READ,
    "actions:detail": Rule(read, read, targets="action"),
    "actions:new": Rule(add_actions, add_actions),
    "actions:edit": Rule(edit_action, edit_action, targets="action"),
    "actions:delete": Rule(edit_action, edit_action, targets="action"),
    "actions:restore": Rule(None, restore_version, targets="version"),
    "actions:carry_forward": Rule(
        lambda user, target: roles.can_carry_forward(user),
        lambda user, target: roles.can_carry_forward(user),
        targets="carry_forward",
    ),
    "focus_areas:detail": Rule(read, read, targets="focus_area"),
    "focus_areas:indicators": Rule(link_indicators, link_indicators, targets="focus_area"),
    "focus_areas:target": Rule(None, link_indicators, targets="indicator_link"),
    "focus_areas:unlink": Rule(None, link_indicators, targets="indicator_link"),
    "reports:index": READ,
    "reports:annual": Rule(read, read, targets="annual"),
    "reports:annual_pdf": Rule(read, read, targets="annual"),
    "reports:annual_xlsx": Rule(read, read, targets="annual"),
    "reports:annual_docx": Rule(read, read, targets="annual"),
    "reports:annual_close": Rule(
        None, lambda user, target: roles.can_close_year(user), targets="annual"
    ),
    "reports:annual_reopen": Rule(
        None, lambda user, target: roles.can_reopen_year(user), targets="closing"
    ),
    "reports:projects": READ,
    "reports:projects_pdf": READ,
    "reports:projects_xlsx": READ,
    "reports:project": Rule(read, read, targets="project"),
    "reports:project_pdf": Rule(read, read, targets="project"),
    "reports:overview": Rule(read, read, targets="year"),
    "reports:overview_pdf": Rule(read, read, targets="year"),
    "reports:overview_chart": Rule(read, read, targets="chart"),
    # The citizens' pages: anyone reads, nobody writes (405).
    "public:index": Rule(public, None),
    "public:accessibility": Rule(public, None),
    "public:plan": Rule(public, None, targets="public_plan"),
    "public:year": Rule(public, None, targets="public_year"),
    "public:data_json": Rule(public, None, targets="public_year"),
    "public:data_csv": Rule(public, None, targets="public_file"),
    "publication:manage": Rule(publish_year, None),
    "publication:publish": Rule(None, publish_year),
    "publication:withdraw": Rule(None, publish_year, targets="publication"),
    "imports:index": Rule(import_kind, None),
    "imports:upload": Rule(import_kind, import_kind, targets="kind"),
    "imports:export": Rule(import_kind, None, targets="kind_format"),
    "imports:preview": Rule(import_kind, None, targets="batch"),
    "imports:confirm": Rule(None, import_kind, targets="batch"),
    # The plan's own annual table: the coordinator's; a preview is its uploader's alone.
    "imports:document_upload": Rule(import_document, import_document),
    "imports:document_preview": Rule(import_document, import_document, targets="document"),
    # The admin site's own pages; each model's pages are `admin_rule()`'s.
    "admin:login": Rule(public, public, get_ok=frozenset({200, 302})),
    "admin:logout": Rule(public, public, logs_out=True),  # refused: sent to the admin's index
    "admin:index": Rule(use_admin, use_admin),
    "admin:password_change": Rule(use_admin, use_admin),
    "admin:password_change_done": Rule(use_admin, use_admin),
    "admin:jsi18n": Rule(use_admin, use_admin),
    "admin:autocomplete": Rule(nobody, nobody),  # no admin class has autocomplete fields
    "admin:view_on_site": Rule(use_admin, use_admin, targets="view_on_site", get_ok={302}),
    "admin:app_list": Rule(admin_app, admin_app, targets="app_label"),
}

ADMIN_KINDS = {
    # kind: (needed for GET, needed for POST); None: nobody
    "changelist": (("view", "change"), ("delete",)),  # POSTed: the bulk delete_selected
    "add": (("add",), ("add",)),
    "change": (("view", "change"), ("change",)),
    "delete": (("delete",), ("delete",)),
    "history": (("view", "change"), ("view", "change")),  # a POST reads it too
    "simple_history": (("view", "change"), None),  # an earlier version: read-only
    "password_change": (("change",), ("change",)),  # auth's user: set a password
}


def admin_rule(name: str) -> Rule | None:
    """The rule of an admin page of a registered model, from `GROUP_PERMISSIONS`."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(prefix) and name.removeprefix(prefix) in ADMIN_KINDS:
            kind = name.removeprefix(prefix)
            needs_get, needs_post = ADMIN_KINDS[kind]
            return Rule(
                admin_check(model, needs_get),
                admin_check(model, needs_post),
                targets=f"admin_{kind}",
                # a new password, set here, cycles the session of whoever sets it
                logs_out=kind == "password_change",
            )
    return None


# Admin classes that refuse more than the permissions say: the sign-in records of django-axes
# are read-only (kemi_hyte/admin.py): nobody adds or changes one, a superuser neither; deleting
# an attempt (lifting a lockout) stays.
READ_ONLY_APPS = {"axes"}
# Sotkanet's indicators are read only for everyone, a superuser too (indicators/admin.py): the
# fetch command and the app's pages write them, through `indicators.services`.
VIEW_ONLY_APPS = {"indicators"}


def admin_check(model, needs: tuple[str, ...] | None) -> Callable:
    if needs is not None and model._meta.app_label in READ_ONLY_APPS:
        needs = tuple(action for action in needs if action not in {"add", "change"}) or None
    if needs is not None and model._meta.app_label in VIEW_ONLY_APPS:
        needs = tuple(action for action in needs if action == "view") or None
    if needs is None:
        return nobody
    meta = model._meta
    return lambda user, target: admin_may(user, meta.app_label, meta.model_name, *needs)


def rule_for(name: str) -> Rule | None:
    return APP_RULES.get(name) or admin_rule(name)


# --- the URLs -------------------------------------------------------------------------------


def url_names(resolver=None, namespace="") -> set[str]:
    """Every named URL pattern, with its namespaces ("admin:plans_action_change")."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_url_name_has_a_rule():
    assert sorted(name for name in url_names() if rule_for(name) is None) == []


def test_every_admin_class_of_the_project_follows_the_shared_rules():
    from simple_history.admin import SimpleHistoryAdmin

    from common.admin import HistoryAdmin, RoleAdminMixin

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"plans", "projects", "auth"}:
            assert isinstance(model_admin, RoleAdminMixin), model
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert isinstance(model_admin, HistoryAdmin), model


@dataclass
class Target:
    kwargs: dict = field(default_factory=dict)
    obj: object = None
    record: object = None
    query: str = ""
    label: str = ""


@dataclass
class World:
    user: User | AnonymousUser
    small: object
    own: object
    other: object
    moved: object  # in the editor's division now; its older version in another division
    closing: object
    batches: dict
    samples: dict  # model -> a row to open in the admin
    indicator_link: object = None
    publication: object = None
    document: object = None  # an uploaded annual table, the persona's own


def build_world(persona: str, make_user: Callable) -> World:
    small = small_plan()  # its division is the division editor's own
    other_division = DivisionFactory(name="Perusturvatoimiala", slug="perusturvatoimiala")
    user = make_user(persona, small.division)
    own = ActionFactory(plan=small.plan, division=small.division, focus_areas=[small.wellbeing])
    InterpretationMark.objects.create(
        content_object=own, field_name="status", interpretation="Tulkittu.", source="002"
    )
    other = ActionFactory(plan=small.plan, division=other_division, focus_areas=[small.wellbeing])
    moved = ActionFactory(plan=small.plan, division=other_division, focus_areas=[small.wellbeing])
    moved.division = small.division
    update_action(action=moved, focus_areas=[small.wellbeing], expected_version=moved.version)
    closing = close_year(
        plan=small.plan,
        year=2022,
        division=other_division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2023, 3, 12),
        section=25,
        closed_by=UserFactory(role="coordinator"),
    )
    project = ProjectFactory(funders=[FunderFactory()])
    DivisionPeriodFactory(project=project, division=small.division)
    EarmarkedPart.objects.create(
        project=project, recipient=OrganizationFactory(), amount=1000, purpose="Osa"
    )
    CostShareFactory(percent=100)
    Objective.objects.create(goal=small.wellbeing.goal, order=1, text="Tavoite")
    indicator_link = make_indicator_link(small.wellbeing)
    publication = publication_services.publish_year(
        plan=small.plan,
        year=closing.year,
        division=other_division,
        decision_reference="Hyvinvointilautakunta 19.3.2023 § 30",
        published_by=UserFactory(role="coordinator"),
    )
    plain_user = UserFactory(username="kohde", role="board")
    batches = {}
    uploader = user if user.is_authenticated else UserFactory(role="admin")
    for kind, importer in import_services.IMPORTERS.items():
        rows = [importer.columns(), *importer.export_rows(importer.export_queryset())]
        batches[kind] = import_services.start_import(
            kind=kind,
            uploaded_file=SimpleUploadedFile(f"{kind}.csv", csv_bytes(rows)),
            user=uploader,
        )
    document = document_services.start_document_import(
        uploaded_file=SimpleUploadedFile("taulukko.txt", seed_text()), user=uploader
    )
    make_axes_rows()
    samples = {}
    for model in admin.site._registry:
        if model is User:
            samples[model] = plain_user
        elif model is Group:
            samples[model] = Group.objects.get(name=roles.BOARD)
        else:
            samples[model] = model._default_manager.order_by("pk").first()
    samples[type(own)] = own
    return World(
        user,
        small,
        own,
        other,
        moved,
        closing,
        batches,
        samples,
        indicator_link,
        publication,
        document,
    )


def make_indicator_link(focus_area):
    """A focus area following an indicator with a value, so that every indicators model has a
    row for the admin's pages."""
    region = Region.objects.create(
        sotkanet_id=310, role="city", category="KUNTA", code="240", title_fi="Kemi"
    )
    indicator = Indicator.objects.create(sotkanet_id=5, title_fi="Toimeentulotukea saaneet")
    IndicatorValue.objects.create(indicator=indicator, region=region, year=2023, value=5)
    return FocusAreaIndicator.objects.create(focus_area=focus_area, indicator=indicator)


def make_persona(persona: str, own_division):
    if persona == "anonymous":
        return AnonymousUser()
    if persona == "no_role":
        return UserFactory(username="ulkopuolinen")
    if persona == "superuser":
        return UserFactory(username="superkayttaja", is_staff=True, is_superuser=True)
    user = UserFactory(username=persona, role=persona)
    if persona == roles.DIVISION_EDITOR:
        own_division.editors.add(user)
    return user


# Users made by signing in with the city's account, with the provider's roles claim.
CITY_PERSONAS = {
    "city_board": ["Hyte.Board"],
    "city_division_editor": ["Hyte.DivisionEditor.{division}"],
    "city_coordinator": ["Hyte.Coordinator"],
    "city_admin": ["Hyte.Admin"],
}


def city_persona_maker(provider) -> Callable:
    """Makes a persona as the sign-in does: the whole code flow against the local provider,
    whose roles claim gives the role (and the division editor's division)."""

    def make(persona: str, own_division):
        claims = [claim.format(division=own_division.slug) for claim in CITY_PERSONAS[persona]]
        provider.person(persona, roles=claims, oid=f"oid-{persona}")
        browser = Client()
        response = sign_in_with_city_account(browser, provider, persona)
        assert response.status_code == 302, response.content.decode()
        return User.objects.get(pk=browser.session["_auth_user_id"])

    return make


def make_axes_rows():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    fields = {"user_agent": "testi", "ip_address": "10.0.0.1", "username": "joku"}
    AccessAttempt.objects.create(**fields, failures_since_start=1)
    AccessLog.objects.create(**fields)
    AccessFailureLog.objects.create(**fields)


def targets(world: World, rule: Rule, name: str) -> list[Target]:
    small = world.small
    kind = rule.targets
    if kind == "none":
        return [Target()]
    if kind == "carry_forward":
        return [Target(query=f"?plan={small.plan.pk}&year=2023")]
    if kind == "action":
        return [
            Target({"pk": world.own.pk}, obj=world.own, label="own"),
            Target({"pk": world.other.pk}, obj=world.other, label="other"),
        ]
    if kind == "version":
        found = []
        for label, action, record in [
            ("own", world.own, world.own.history.order_by("history_id").first()),
            ("other", world.other, world.other.history.order_by("history_id").first()),
            ("moved", world.moved, world.moved.history.order_by("history_id").first()),
        ]:
            kwargs = {"pk": action.pk, "history_id": record.history_id}
            found.append(Target(kwargs, obj=action, record=record, label=label))
        return found
    if kind == "annual":
        return [Target({"year": 2023, "division": small.division.slug})]
    if kind == "closing":
        closing = world.closing
        kwargs = {"year": closing.year, "division": closing.division.slug, "closing": closing.pk}
        return [Target(kwargs)]
    if kind == "year":
        return [Target({"year": 2023})]
    if kind == "focus_area":
        return [Target({"pk": small.wellbeing.pk})]
    if kind == "indicator_link":
        return [Target({"pk": small.wellbeing.pk, "link": world.indicator_link.pk})]
    if kind == "chart":
        return [Target({"year": 2023, "chart": CHARTS[0]})]
    if kind == "project":
        return [Target({"pk": Project.objects.order_by("pk").first().pk})]
    if kind == "kind":
        return [Target({"kind": kind}) for kind in ImportBatch.Kind.values]
    if kind == "kind_format":
        return [Target({"kind": kind, "file_format": "xlsx"}) for kind in ImportBatch.Kind.values]
    if kind == "batch":
        return [
            Target({"kind": kind, "batch_id": batch.pk}) for kind, batch in world.batches.items()
        ]
    if kind == "public_plan":
        return [Target({"start_year": 2022, "end_year": 2025})]
    if kind == "public_year":
        publication = world.publication
        return [Target({"year": publication.year, "division": publication.division_slug})]
    if kind == "public_file":
        publication = world.publication
        return [
            Target(
                {"year": publication.year, "division": publication.division_slug, "dataset": name}
            )
            for name in DATASETS
        ]
    if kind == "publication":
        return [Target({"pk": world.publication.pk})]
    if kind == "document":
        return [Target({"batch_id": world.document.pk})]
    if kind == "reset_link":
        return [Target({"uidb64": "MQ", "token": "vanhentunut-linkki"})]
    if kind == "view_on_site":
        content_type = ContentType.objects.get_for_model(world.own)
        return [Target({"content_type_id": content_type.pk, "object_id": world.own.pk})]
    if kind == "app_label":
        labels = {model._meta.app_label for model in admin.site._registry}
        return [Target({"app_label": label}) for label in sorted(labels)]
    if kind.startswith("admin_"):
        return admin_targets(world, name, kind.removeprefix("admin_"))
    raise AssertionError(f"no targets for {kind}")


def admin_targets(world: World, name: str, kind: str) -> list[Target]:
    model = next(
        model
        for model in admin.site._registry
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_")
    )
    if kind in ("changelist", "add"):
        return [Target(label=model._meta.label, obj=world.samples[model])]
    objects = [world.samples[model]]
    if model is type(world.own):
        objects.append(world.other)
    found = []
    for obj in objects:
        if kind == "simple_history":
            record = obj.history.order_by("history_id").first()
            args = [obj.pk, record.history_id]
        else:
            args = [obj.pk]
        found.append(Target(obj=obj, label=f"{model._meta.label} {obj.pk}", kwargs={"args": args}))
    return found


def url_of(name: str, target: Target) -> str:
    kwargs = dict(target.kwargs)
    if "args" in kwargs:
        return reverse(name, args=kwargs["args"])
    return reverse(name, kwargs=kwargs)


# --- what each POST sends: data that would succeed if the persona were allowed ---------------


def post_data(world: World, name: str, target: Target, superuser_client) -> dict:
    small = world.small
    if name == "actions:new":
        return action_post(small, title="Uusi toimenpide")
    if name == "actions:edit":
        action = target.obj
        return action_post(
            small, division=action.division_id, title="Muutettu", version=action.version
        )
    if name == "actions:restore":
        return {"version": target.obj.version}
    if name == "actions:carry_forward":
        return {"actions": [world.own.pk]}
    if name == "password_change":
        new = "uusi-salasana-kesalla-2026"
        return {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    if name == "password_reset":
        return {"email": "koordinaattori@example.fi"}
    if name == "focus_areas:indicators":
        indicator = Indicator.objects.create(sotkanet_id=127, title_fi="Väestö 31.12.")
        return {"indicator": indicator.pk}
    if name == "focus_areas:target":
        return {f"link-{target.kwargs['link']}-direction": "down"}
    if name == "reports:annual_close":
        return {"body": "Hyvinvointilautakunta", "date": "12.3.2024", "section": "7"}
    if name == "publication:publish":
        return {
            "closing": world.closing.pk,
            "decision_reference": "Hyvinvointilautakunta 2.4.2023 § 3",
        }
    if name == "imports:upload":
        importer = import_services.IMPORTERS[target.kwargs["kind"]]
        rows = [importer.columns(), *importer.export_rows(importer.export_queryset())]
        return {"file": SimpleUploadedFile("tiedosto.csv", csv_bytes(rows))}
    if name == "imports:document_upload":
        return {"file": SimpleUploadedFile("taulukko.txt", seed_text())}
    if name == "imports:document_preview":
        read = world.document.document
        header = ["plan_name", "start_year", "end_year", "strategy_name", "year", "division"]
        return {"revision": world.document.revision, "op": "save", **{k: read[k] for k in header}}
    if name.startswith("admin:"):
        return admin_post_data(name, target, superuser_client)
    return {}


def admin_post_data(name: str, target: Target, superuser_client) -> dict:
    if target.obj is None:  # the admin site's own pages
        return {}
    if name.endswith("_changelist"):
        return {
            "action": "delete_selected",
            "_selected_action": [target.obj.pk],
            "index": "0",
            "post": "yes",
        }
    if name.endswith("_delete"):
        return {"post": "yes"}
    if name.endswith("_password_change"):
        return {"password1": "Uusi-salasana-2024", "password2": "Uusi-salasana-2024"}
    if name.endswith(("_change", "_simple_history", "_add")):
        obj = target.obj
        meta = obj._meta
        change_url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        data = dict(superuser_client(change_url))
        for key in ("title", "name", "text", "username", "code", "purpose", "body"):
            if isinstance(data.get(key), str) and data[key]:
                data[key] += " muutettu"
                break
        if name.endswith("_add"):
            data = {k: v for k, v in data.items() if not k.endswith(("-id", "version"))}
            for key in list(data):
                if key.endswith("INITIAL_FORMS"):
                    data[key] = "0"
            for key in ("slug", "username", "code"):
                if isinstance(data.get(key), str):
                    data[key] += "-uusi"
        return data
    return {}


def current_form_data(response) -> dict:
    """What a browser would post back from the admin's change page, unchanged."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        forms.append(formset.management_form)
        forms.extend(formset.forms)
    for form in forms:
        for name in form.fields:
            bound = form[name]
            value = bound.value()
            widget = bound.field.widget
            if isinstance(widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = [str(item) for item in value]
            elif value is not None:
                formatted = widget.format_value(value)
                data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


# --- the walk -------------------------------------------------------------------------------


WATCHED_TABLES = sorted(
    {
        table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in WATCHED_APPS
        for table in [model._meta.db_table]
    }
)


def snapshot() -> dict:
    """Every row of the watched tables (a handful each): read raw, as this runs a thousand times."""
    rows = {}
    with connection.cursor() as cursor:
        for table in WATCHED_TABLES:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        ("/accounts/login/", "/admin/login/")
    )


def judge(persona, user, name, method, rule, target, response) -> str | None:
    """What is wrong with the response, if anything."""
    check = rule.get if method == "GET" else rule.post
    status = response.status_code
    allowed = False if check is None else check(user, target)
    if check is public:
        return None if status < 500 else f"{status}"
    if not user.is_authenticated:
        if status == 405 or is_login_redirect(response):
            return None
        return f"{status}, not the sign-in page"
    if status >= 500:
        return f"{status}"
    if allowed:
        if method == "GET" and status not in rule.get_ok:
            return f"{status}, expected {sorted(rule.get_ok)}"
        if method == "POST" and status == 403:
            return "403 for a permitted write"
        return None
    if 200 <= status < 400 and not is_login_redirect(response):
        return f"{status} for a refused {'write' if method == 'POST' else 'read'}"
    return None


def walk(persona: str, make_user: Callable = make_persona) -> tuple[list[str], int]:
    world = build_world(persona, make_user)
    client = Client()
    if world.user.is_authenticated:
        client.force_login(world.user)
    superuser_client = Client()
    superuser_client.force_login(
        User.objects.filter(is_superuser=True).first()
        or UserFactory(username="apu-super", is_staff=True, is_superuser=True)
    )
    form_data = {}

    def current_data(change_url: str) -> dict:
        """The change page's form as it stands, read once per walk by a superuser."""
        if change_url not in form_data:
            response = superuser_client.get(change_url)
            assert response.status_code == 200, change_url
            form_data[change_url] = current_form_data(response)
        return form_data[change_url]

    problems, count = [], 0
    for name in sorted(url_names()):
        rule = rule_for(name)
        for target in targets(world, rule, name):
            url = url_of(name, target) + target.query
            for method in ("GET", "POST"):
                count += 1
                check = rule.get if method == "GET" else rule.post
                refused = check is None or (check is not public and not check(world.user, target))
                with transaction.atomic():
                    if method == "POST":
                        data = post_data(world, name, target, current_data)
                        before = snapshot() if refused else None
                        response = client.post(url, data)
                    else:
                        before = None
                        response = client.get(url)
                    after = snapshot() if before is not None else None
                    transaction.set_rollback(True)
                problem = judge(persona, world.user, name, method, rule, target, response)
                if before is not None and before != after:
                    changed = [label for label in before if before[label] != after[label]]
                    problem = (problem or "") + f" and changed {changed}"
                if problem:
                    problems.append(f"{persona} {method} {url} ({name} {target.label}): {problem}")
                if rule.logs_out and world.user.is_authenticated:
                    client.force_login(world.user)
    return problems, count


@pytest.fixture
def fast_pdfs(monkeypatch):
    """Who may download a PDF is the question here, not how it is laid out."""
    monkeypatch.setattr("reports.pdf.lay_out", lambda *args, **kwargs: b"%PDF-1.7")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_reaches_only_what_its_role_allows(persona, fast_pdfs):
    problems, count = walk(persona)
    assert count > 250
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", CITY_PERSONAS)
def test_users_made_by_the_city_sign_in_reach_what_their_role_gives(
    persona, city_provider, fast_pdfs
):
    problems, count = walk(persona, city_persona_maker(city_provider))
    assert count > 250
    assert not problems, "\n".join(problems)
