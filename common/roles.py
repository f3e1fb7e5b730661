"""Who may see and change what: the one place that names the roles and answers every
"may this user …?" of the app's pages, downloads, imports and admin.

The roles are groups of the same names (`auth.Group`):

| role | in the app | in the admin (`/admin/`) |
|---|---|---|
| coordinator (hyte-koordinaattori) | reads everything; adds and edits every action; carries a year forward; records the board's decision that closes a year; imports actions and the plan's annual table; links focus areas to indicators and sets their targets | edits the plan (plans, goals, focus areas, decisions, divisions, actions); reads projects |
| division_editor (toimialan muokkaaja) | reads everything; adds and edits the actions of the divisions listed in `Division.editors` | reads only: actions are edited in the app, where each is checked against the editor's divisions |
| board (lautakunnan jäsen) | reads everything | reads only |
| admin (pääkäyttäjä) | reads everything; reopens a closed year; imports actions and projects | edits projects, budgets, funders, partners, cost splits and users; reads the plan and the groups |

A superuser has every role: coordinator, admin, board and a division editor of every division,
in the app and in the admin alike. A signed-in user in no role may see nothing: every page
answers 403 with `NO_ROLE_MESSAGE`, which names whom to ask (`settings.HYTE_SUPPORT_CONTACT`).

Users who sign in with the city's account (kemi_hyte/city_sign_in.py) get their roles from the
identity provider at every sign-in: `roles_from_claim` below reads the ID token's roles claim
through `settings.OIDC_ROLE_MAP` (a value such as `Hyte.Coordinator` gives `coordinator`) and
`settings.OIDC_DIVISION_EDITOR_PREFIX` (`Hyte.DivisionEditor.hyvinvointitoimiala` makes a
division editor of that division); the sign-in then sets the same groups and `Division.editors`
that an admin sets by hand, so every check below treats both kinds of user alike.

The groups' admin permissions are `GROUP_PERMISSIONS` below; `sync_role_groups` sets them after
every `migrate` (kemi_hyte/apps.py connects it), so a group's permissions changed by hand in the
admin last only until the next migrate.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

COORDINATOR = "coordinator"
DIVISION_EDITOR = "division_editor"
BOARD = "board"
ADMIN = "admin"
ROLES = (COORDINATOR, DIVISION_EDITOR, BOARD, ADMIN)

# The app's own imports, by kind (`imports.models.ImportBatch.Kind`), and the roles that make them.
IMPORT_KINDS = {
    "actions": {COORDINATOR, ADMIN},
    "projects": {ADMIN},
}

PLAN_MODELS = ("decision", "division", "plan", "strategicgoal", "objective", "focusarea", "action")
PROJECT_MODELS = (
    "funder",
    "organization",
    "project",
    "projectpartner",
    "divisionperiod",
    "earmarkedpart",
    "projectresult",
    "costsplit",
    "costshare",
)
# Sotkanet's indicators, their values and the focus areas' links: read-only in the admin for
# every role (`indicators/admin.py`); written by the fetch command and the app's pages.
INDICATOR_MODELS = ("indicator", "region", "indicatorvalue", "focusareaindicator")
READ = ("view",)
WRITE = ("view", "add", "change", "delete")
# Interpretation marks on figures of either app: the coordinator and the admin write them, each
# only on the rows they may change (`plans.admin.InterpretationMarkAdmin` checks the row).
MARK_MODELS = ("interpretationmark",)


def _permissions(app_label: str, models: tuple[str, ...], actions: tuple[str, ...]) -> set:
    return {(app_label, f"{action}_{model}") for model in models for action in actions}


# What each role's group may do in the admin, as (app label, permission codename). The admin's
# model pages read these through Django's permissions; nothing else grants an admin right.
GROUP_PERMISSIONS: dict[str, set[tuple[str, str]]] = {
    COORDINATOR: _permissions("plans", PLAN_MODELS + MARK_MODELS, WRITE)
    | _permissions("projects", PROJECT_MODELS, READ)
    | _permissions("indicators", INDICATOR_MODELS, READ),
    DIVISION_EDITOR: _permissions("plans", PLAN_MODELS + MARK_MODELS, READ)
    | _permissions("projects", PROJECT_MODELS, READ)
    | _permissions("indicators", INDICATOR_MODELS, READ),
    BOARD: _permissions("plans", PLAN_MODELS + MARK_MODELS, READ)
    | _permissions("projects", PROJECT_MODELS, READ)
    | _permissions("indicators", INDICATOR_MODELS, READ),
    ADMIN: _permissions("plans", PLAN_MODELS, READ)
    | _permissions("indicators", INDICATOR_MODELS, READ)
    | _permissions("plans", MARK_MODELS, WRITE)
    | _permissions("projects", PROJECT_MODELS, WRITE)
    | _permissions("auth", ("user",), WRITE)
    | _permissions("auth", ("group",), READ),
}


def sync_role_groups(apps=None, using: str = "default", **kwargs) -> None:
    """Create the four role groups and give each exactly the permissions of `GROUP_PERMISSIONS`.

    A `post_migrate` receiver: `apps` is the migrated state's registry. Permissions not in the
    database yet (a partly migrated database) are left out until the next migrate.
    """
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    known = {
        (app_label, codename): pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for role, wanted in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([known[permission] for permission in wanted if permission in known])


@dataclass(frozen=True)
class ClaimedRoles:
    """What an identity provider's roles claim gives: the roles, and the divisions (by slug)
    whose editor the user is."""

    roles: frozenset[str]
    division_slugs: frozenset[str]


def roles_from_claim(values) -> ClaimedRoles:
    """The app's roles from the values of the roles claim. Values the mapping does not name are
    left out: a role in the provider that this app does not know gives nothing here."""
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list | tuple):
        values = []
    mapping = settings.OIDC_ROLE_MAP
    prefix = settings.OIDC_DIVISION_EDITOR_PREFIX
    found, slugs = set(), set()
    for value in values:
        if not isinstance(value, str):
            continue
        if value in mapping:
            found.add(mapping[value])
        elif prefix and value.startswith(prefix) and len(value) > len(prefix):
            slugs.add(value.removeprefix(prefix))
    return ClaimedRoles(frozenset(found & {COORDINATOR, BOARD, ADMIN}), frozenset(slugs))


def roles(user) -> frozenset[str]:
    """The user's roles, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(ROLES)
    if not hasattr(user, "_roles"):
        user._roles = frozenset(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    return user._roles


def is_coordinator(user) -> bool:
    return COORDINATOR in roles(user)


def is_admin(user) -> bool:
    return ADMIN in roles(user)


def editable_division_ids(user) -> set[int] | None:
    """The divisions whose actions the user may edit; None means every division."""
    if is_coordinator(user):
        return None
    if DIVISION_EDITOR not in roles(user):
        return set()
    if not hasattr(user, "_editable_division_ids"):
        user._editable_division_ids = set(user.editable_divisions.values_list("pk", flat=True))
    return user._editable_division_ids


def can_read(user) -> bool:
    """Every role reads everything: the plan, its actions, the projects and every report."""
    return bool(roles(user))


def can_add_actions(user) -> bool:
    divisions = editable_division_ids(user)
    return divisions is None or bool(divisions)


def can_edit_action(user, action) -> bool:
    """`action` is an action or one of its history rows: restoring a row is an edit of the
    division the row names, too."""
    divisions = editable_division_ids(user)
    return divisions is None or action.division_id in divisions


def can_carry_forward(user) -> bool:
    return is_coordinator(user)


def can_close_year(user) -> bool:
    return is_coordinator(user)


def can_link_indicators(user) -> bool:
    """Linking a focus area to THL's indicators and setting the targets: the coordinator's."""
    return is_coordinator(user)


def can_reopen_year(user) -> bool:
    return is_admin(user)


def can_publish_year(user) -> bool:
    """Publishing a closed year to the citizens (`/julkinen/`) and withdrawing it: the
    coordinator's and the admin's."""
    return is_coordinator(user) or is_admin(user)


def importable_kinds(user) -> list[str]:
    return [kind for kind, allowed in IMPORT_KINDS.items() if roles(user) & allowed]


def can_import(user, kind: str) -> bool:
    return kind in importable_kinds(user)


def can_import_document(user) -> bool:
    """The plan's own annual table (`/imports/document/`) writes the plan's structure, which
    is the coordinator's (a superuser has the role too)."""
    return is_coordinator(user)


def can_use_admin(user) -> bool:
    """The admin lets in staff users with a role; what they see there, their role gives."""
    return user.is_active and user.is_staff and bool(roles(user))


def support_contact() -> str:
    return settings.HYTE_SUPPORT_CONTACT


class NoRole(PermissionDenied):
    """The user is signed in but has no role in the app."""


def no_role_message() -> str:
    return gettext(
        "Sinulla ei ole roolia tässä sovelluksessa, joten et voi nähdä sen tietoja. "
        "Käyttöoikeuden myöntää %(contact)s."
    ) % {"contact": support_contact()}


def require_read(user) -> None:
    if not can_read(user):
        raise NoRole(no_role_message())


def require_add_actions(user) -> None:
    require_read(user)
    if not can_add_actions(user):
        raise PermissionDenied(gettext("Sinulla ei ole oikeutta lisätä toimenpiteitä."))


def require_edit_action(user, action) -> None:
    require_read(user)
    if not can_edit_action(user, action):
        raise PermissionDenied(gettext("Sinulla ei ole oikeutta muokata tätä toimenpidettä."))


def require_carry_forward(user) -> None:
    require_read(user)
    if not can_carry_forward(user):
        raise PermissionDenied(gettext("Vain hyte-koordinaattori voi siirtää toimenpiteitä."))


def require_close_year(user) -> None:
    require_read(user)
    if not can_close_year(user):
        raise PermissionDenied(
            gettext("Vain hyte-koordinaattori voi kirjata lautakunnan päätöksen.")
        )


def require_link_indicators(user) -> None:
    require_read(user)
    if not can_link_indicators(user):
        raise PermissionDenied(
            gettext("Vain hyte-koordinaattori voi liittää indikaattoreita ja asettaa tavoitteita.")
        )


def require_reopen_year(user) -> None:
    require_read(user)
    if not can_reopen_year(user):
        raise PermissionDenied(gettext("Vain pääkäyttäjä voi avata käsitellyn vuoden uudelleen."))


def require_publish_year(user) -> None:
    require_read(user)
    if not can_publish_year(user):
        raise PermissionDenied(
            gettext("Vain hyte-koordinaattori tai pääkäyttäjä voi julkaista vuoden.")
        )


def require_import_document(user) -> None:
    require_read(user)
    if not can_import_document(user):
        raise PermissionDenied(gettext("Vain hyte-koordinaattori voi tuoda vuositaulukon."))


def require_import(user, kind: str | None = None) -> None:
    """May the user import `kind`, or anything at all when no kind is named."""
    require_read(user)
    if not (can_import(user, kind) if kind else importable_kinds(user)):
        raise PermissionDenied(gettext("Sinulla ei ole oikeutta tuoda näitä tietoja."))
