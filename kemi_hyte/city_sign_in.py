"""Signing in with the city's account: Microsoft Entra ID, or any OpenID Connect provider, over
the authorization code flow, through python-social-auth (README.md says why that library).

The sign-in page's button POSTs to `begin`, which sends the browser to the provider with a
state, a nonce and a PKCE challenge. The provider sends it back to `complete` with a code, which
is exchanged for an ID token; python-social-auth checks its signature against the provider's
keys, its issuer, audience, expiry and nonce, and the state against the session. Then the
pipeline (`settings.SOCIAL_AUTH_PIPELINE`) runs these steps, in this order:

1. `forget_signed_in_user`: whoever is signed in in this browser is left out, so that a city
   account is never linked to a local account by being signed in to both.
2. python-social-auth finds the user linked to the token's object id
   (`settings.OIDC_USER_ID_CLAIM`, Entra's `oid`); never by e-mail address or user name.
3. `refuse_without_role`: the roles claim gives the user's roles (`common.roles.roles_from_claim`);
   with none, a known user loses the roles they had and the sign-in is refused with a page that
   says whom to ask.
4. python-social-auth creates the user at the first sign-in (without a usable password: only
   the city's account signs them in) and links it to the object id.
5. `apply_roles`: the user's role groups and divisions become exactly what the claim gives, at
   every sign-in, so a role removed in the provider is removed here the next time.

Every refusal and failure (a wrong or missing state, an expired code, a provider that does not
answer) is a Finnish page and a line in the audit log, never a 500.
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME, login
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from social_core.actions import do_auth, do_complete
from social_core.backends.open_id_connect import OpenIdConnectAuth
from social_core.exceptions import AuthResponseError, SocialAuthBaseException
from social_django.utils import load_backend, load_strategy

from common.roles import DIVISION_EDITOR, ROLES, no_role_message, roles_from_claim
from kemi_hyte.audit import log_event
from plans.models import Division

# Set in the session of a user signed in with the city's account: signing out then offers the
# provider's sign-out as well.
SESSION_KEY = "signed_in_with_city_account"


def enabled() -> bool:
    return settings.OIDC_ENABLED


class CityAccountAuth(OpenIdConnectAuth):
    """The provider named by `HYTE_OIDC_ISSUER` (or `HYTE_OIDC_TENANT`), found through its
    `/.well-known/openid-configuration`."""

    name = "city"
    # The authorization code is bound to this browser's sign-in, as Entra ID and OAuth 2.1 advise.
    DEFAULT_USE_PKCE = True
    # python-social-auth warns if one of these is set as the user's identifier.
    MUTABLE_ID_KEYS = ("email", "upn", "preferred_username", "unique_name")

    def user_data(self, access_token, *args, **kwargs):
        """Everything needed is in the validated ID token. Entra's userinfo endpoint belongs to
        Microsoft Graph and carries neither the roles nor the object id, so it is not asked."""
        return {}

    def get_user_id(self, details, response):
        """The stable identifier, from the ID token whose signature was checked, and only there."""
        claim = self.id_key()
        value = (self.id_token or {}).get(claim)
        if not isinstance(value, str) or not value:
            raise AuthResponseError(self, claim=claim, code="missing_claim", stage="pipeline")
        return value


# --- the pipeline's own steps ---------------------------------------------------------------


@dataclass(frozen=True)
class Grant:
    """The roles a sign-in gives, with the divisions of a division editor as rows."""

    roles: frozenset[str]
    divisions: tuple[Division, ...]
    claimed: tuple[str, ...]  # the claim's values as they came, for the audit log


class SignInRefused(Exception):
    """The provider knows the person, but this app lets them not in: no role (`no_role`), or
    the user has been switched off in the admin (`inactive`)."""

    def __init__(self, username: str, grant: Grant, reason: str = "no_role"):
        super().__init__(username)
        self.username = username
        self.grant = grant
        self.reason = reason


def grant_of(id_token: dict) -> Grant:
    values = id_token.get(settings.OIDC_ROLES_CLAIM) or []
    claimed = roles_from_claim(values)
    divisions = tuple(Division.objects.filter(slug__in=claimed.division_slugs).order_by("slug"))
    roles = set(claimed.roles) | ({DIVISION_EDITOR} if divisions else set())
    shown = tuple(str(value) for value in values) if isinstance(values, list) else (str(values),)
    return Grant(roles=frozenset(roles), divisions=divisions, claimed=shown)


def forget_signed_in_user(**kwargs) -> dict:
    return {"user": None}


def refuse_without_role(strategy, backend, details, user=None, **kwargs) -> dict:
    grant = grant_of(backend.id_token or {})
    if user is not None and not user.is_active:
        # Switched off by an admin: the provider's roles do not switch the user on again.
        raise SignInRefused(user.get_username(), grant, reason="inactive")
    if not grant.roles:
        if user is not None:
            set_roles(user=user, grant=grant, request=strategy.request)
        username = user.get_username() if user else str(details.get("username") or "")
        raise SignInRefused(username, grant)
    return {"grant": grant}


def apply_roles(strategy, user, grant: Grant, **kwargs) -> None:
    set_roles(user=user, grant=grant, request=strategy.request)


def role_names(user) -> list[str]:
    """`["board", "division_editor:hyvinvointitoimiala"]`: the user's roles as stored, read
    afresh (not the per-request cache of common.roles)."""
    names = sorted(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    slugs = sorted(user.editable_divisions.values_list("slug", flat=True))
    return names + [f"{DIVISION_EDITOR}:{slug}" for slug in slugs]


@transaction.atomic
def set_roles(*, user, grant: Grant, request=None) -> None:
    """The user's role groups, divisions and access to the admin become what `grant` gives; a
    change goes to the audit log."""
    before = role_names(user)
    groups = list(Group.objects.filter(name__in=ROLES))
    user.groups.remove(*[group for group in groups if group.name not in grant.roles])
    user.groups.add(*[group for group in groups if group.name in grant.roles])
    # Divisions whose editor the user is only by the provider's word: without the role, none.
    user.editable_divisions.set(grant.divisions if DIVISION_EDITOR in grant.roles else [])
    # Every role reads the admin (common.roles.GROUP_PERMISSIONS), as for a user made there.
    if user.is_staff != bool(grant.roles):
        user.is_staff = bool(grant.roles)
        user.save(update_fields=["is_staff"])
    after = role_names(user)
    for cached in ("_roles", "_editable_division_ids"):
        user.__dict__.pop(cached, None)
    if before != after:
        log_event(
            "roles_changed",
            user.get_username(),
            request,
            roles_before=before,
            roles_after=after,
        )


# --- the pages ------------------------------------------------------------------------------


def _backend(request) -> CityAccountAuth:
    return load_backend(
        load_strategy(request), CityAccountAuth.name, reverse("city_sign_in_complete")
    )


def _sign_in(backend, user, social_user) -> None:
    user.backend = f"{CityAccountAuth.__module__}.{CityAccountAuth.__name__}"
    login(backend.strategy.request, user)
    backend.strategy.request.session[SESSION_KEY] = True


@never_cache
@require_POST
def begin(request):
    """The sign-in page's button: off to the provider, with `next` kept for the way back."""
    if not enabled():
        raise Http404
    try:
        return do_auth(_backend(request), redirect_name=REDIRECT_FIELD_NAME)
    except SocialAuthBaseException as error:
        return failed(request, error)


@never_cache
@require_GET
def complete(request):
    """The provider sends the browser back here with a code, or with an error."""
    if not enabled():
        raise Http404
    try:
        return do_complete(
            _backend(request),
            _sign_in,
            user=None,
            redirect_name=REDIRECT_FIELD_NAME,
            request=request,
        )
    except SignInRefused as refusal:
        log_event(
            "login_refused",
            refusal.username,
            request,
            reason=refusal.reason,
            claimed_roles=list(refusal.grant.claimed),
        )
        if refusal.reason == "inactive":
            message = gettext(
                "Käyttäjätunnuksesi on poistettu käytöstä tässä sovelluksessa. "
                "Käyttöoikeuden myöntää %(contact)s."
            ) % {"contact": settings.HYTE_SUPPORT_CONTACT}
        else:
            message = no_role_message()
        context = {"message": message}
        return render(request, "registration/city_sign_in_refused.html", context, status=403)
    except SocialAuthBaseException as error:
        return failed(request, error)


# What the person can do about a failure, by python-social-auth's advice (`error.recovery`).
RETRY_LATER = {"retry_later"}
START_AGAIN = {"restart_login", "reauthenticate", "correct_input", "none"}


def failed(request, error: SocialAuthBaseException):
    log_event(
        "login_failed",
        "",
        request,
        method="city",
        reason=error.code,
        stage=error.stage,
    )
    if error.code == "authorization_declined":
        message, status = (
            gettext("Kirjautuminen peruttiin kaupungin kirjautumispalvelussa."),
            400,
        )
    elif error.recovery in RETRY_LATER:
        message, status = (
            gettext("Kaupungin kirjautumispalvelu ei vastannut. Yritä hetken kuluttua uudelleen."),
            503,
        )
    elif error.recovery in START_AGAIN:
        message, status = (
            gettext(
                "Kirjautuminen keskeytyi tai vanhentui, joten sitä ei voitu viedä loppuun. "
                "Aloita kirjautuminen alusta."
            ),
            400,
        )
    else:
        message, status = (
            gettext(
                "Kirjautuminen kaupungin tunnuksella ei onnistunut. Jos tämä toistuu, "
                "ota yhteyttä: %(contact)s."
            )
            % {"contact": settings.HYTE_SUPPORT_CONTACT},
            400,
        )
    return render(
        request, "registration/city_sign_in_failed.html", {"message": message}, status=status
    )


def csp_with_provider() -> dict:
    """The Content-Security-Policy of the page with the sign-in button: its form may lead to the
    provider's origin. Browsers check `form-action` against every redirect that follows a form,
    so without it the button's redirect to the provider is blocked. The provider's sign-in page is
    on the issuer's origin (`login.microsoftonline.com` for Entra ID)."""
    policy = dict(settings.SECURE_CSP)
    if enabled():
        parts = urlsplit(settings.SOCIAL_AUTH_CITY_OIDC_ENDPOINT)
        policy["form-action"] = [*policy.get("form-action", []), f"{parts.scheme}://{parts.netloc}"]
    return policy


def provider_sign_out_url(request) -> str | None:
    """The provider's own sign-out, which comes back to the sign-in page; None when the provider
    names none or does not answer."""
    backend = _backend(request)
    try:
        endpoint = backend.oidc_config().get("end_session_endpoint")
    except SocialAuthBaseException:
        return None
    if not isinstance(endpoint, str) or not endpoint.startswith(("https://", "http://")):
        return None
    query = urlencode(
        {
            "client_id": settings.OIDC_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


@never_cache
def signed_out(request):
    """After signing out of the app: the provider's session is still open in this browser."""
    if not enabled():
        raise Http404
    context = {"provider_sign_out_url": provider_sign_out_url(request)}
    return render(request, "registration/city_signed_out.html", context)
