"""The audit trail of sign-ins: who signed in or out or was refused, when, and from where, and
the roles a sign-in with the city's account changed.

Each event is a line on the `kemi_hyte.audit` logger (JSON in production, so the city's log
collector keeps it). django-axes keeps the same events in the database as well, readable
in the admin: AccessLog (sign-ins and sign-outs), AccessFailureLog (every refusal) and
AccessAttempt (the counters behind a lockout).
"""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

logger = logging.getLogger("kemi_hyte.audit")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, read from the proxy's header when the app runs behind one.

    A proxy appends the address it saw to X-Forwarded-For, after whatever the client sent.
    So the Nth address from the right, N being the number of our own proxies, is the real
    client; anything further left may be forged.
    """
    if settings.CLIENT_IP_HEADER:
        addresses = [
            address.strip()
            for address in request.META.get(settings.CLIENT_IP_HEADER, "").split(",")
            if address.strip()
        ]
        if len(addresses) >= settings.CLIENT_IP_PROXY_COUNT:
            return addresses[-settings.CLIENT_IP_PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def _request_fields(request: HttpRequest | None) -> dict:
    if request is None:
        return {"client_ip": None, "user_agent": None}
    return {
        "client_ip": client_ip(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:255],
    }


def log_event(event: str, username: str, request: HttpRequest | None, **more) -> None:
    """One line of the audit trail; `more` adds fields (a refusal's reason, a role change)."""
    fields = {"event": event, "username": username, **_request_fields(request), **more}
    logger.info("%s %s from %s", event, username, fields["client_ip"], extra=fields)


_log = log_event

# The authentication backend of a sign-in with the city's account (kemi_hyte/city_sign_in.py).
CITY_BACKEND = "kemi_hyte.city_sign_in.CityAccountAuth"


@receiver(user_logged_in)
def log_sign_in(sender, request, user, **kwargs):
    method = "city" if getattr(user, "backend", None) == CITY_BACKEND else "password"
    _log("login", user.get_username(), request, method=method)


@receiver(user_logged_out)
def log_sign_out(sender, request, user, **kwargs):
    # A sign-out without a session (an expired one) has no user to name.
    _log("logout", user.get_username() if user else "", request)


@receiver(user_login_failed)
def log_refused_sign_in(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the name is kept.
    _log("login_failed", credentials.get("username", ""), request)


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    """Sent when the limit is reached and again for every attempt refused during cool-off."""
    _log("locked_out", username or "", request)
