"""Failed sign-ins are limited per user name and address, behind a proxy too, and every
sign-in, sign-out and refusal is in the audit log: who, when, from where."""

import datetime
import json
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.utils import timezone

from kemi_hyte.jsonlog import JsonFormatter

PASSWORD = "salasana-testi-123"
LIMIT = 5


def sign_in(client, username, password, **headers):
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


def fail_until_locked(client, username, **headers):
    for _ in range(LIMIT):
        sign_in(client, username, "väärä-salasana", **headers)


@pytest.fixture
def behind_proxy(settings):
    """nginx in front, writing X-Forwarded-For; the app itself sees only the proxy's address."""
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.CLIENT_IP_PROXY_COUNT = 1


@pytest.fixture
def audit(caplog):
    caplog.set_level(logging.INFO, logger="kemi_hyte.audit")
    return lambda: [r for r in caplog.records if r.name == "kemi_hyte.audit"]


def test_failed_sign_ins_below_the_limit_are_not_locked_out(client, coordinator):
    for _ in range(LIMIT - 1):
        response = sign_in(client, "koordinaattori", "väärä-salasana")
        assert response.status_code == 200
        assert "Kirjautuminen ei onnistunut" in response.text

    response = sign_in(client, "koordinaattori", PASSWORD)
    assert response.status_code == 302


def test_the_attempt_after_the_limit_is_refused_even_with_the_right_password(client, coordinator):
    fail_until_locked(client, "koordinaattori")

    response = sign_in(client, "koordinaattori", PASSWORD)

    assert response.status_code == 429
    assert "Kirjautuminen on estetty hetkeksi" in response.text
    assert "15 minuutin kuluttua" in response.text
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_finnish_and_carries_the_security_policy(client, coordinator):
    fail_until_locked(client, "koordinaattori")

    response = sign_in(client, "koordinaattori", PASSWORD)

    assert response.headers["Content-Type"].startswith("text/html")
    assert "Content-Security-Policy" in response.headers
    assert '<html lang="fi">' in response.text


def test_another_user_from_the_same_address_can_still_sign_in(client, coordinator, board_member):
    fail_until_locked(client, "koordinaattori")

    response = sign_in(client, "lautakunnan-jasen", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_lockout_ends_after_the_cool_off(client, coordinator):
    fail_until_locked(client, "koordinaattori")
    assert sign_in(client, "koordinaattori", PASSWORD).status_code == 429

    sixteen_minutes_ago = timezone.now() - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)

    assert sign_in(client, "koordinaattori", PASSWORD).status_code == 302


def test_behind_a_proxy_the_lockout_follows_the_client_not_the_proxy(
    client, coordinator, behind_proxy
):
    fail_until_locked(
        client, "koordinaattori", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )

    from_attacker = sign_in(
        client,
        "koordinaattori",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    from_office = sign_in(
        client,
        "koordinaattori",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert from_attacker.status_code == 429
    assert from_office.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.5"


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(
    client, coordinator, behind_proxy
):
    """nginx appends the address it saw; whatever the client wrote stands to its left."""
    for forged in ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"]:
        sign_in(
            client,
            "koordinaattori",
            "väärä-salasana",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"{forged}, 203.0.113.5",
        )

    response = sign_in(
        client,
        "koordinaattori",
        PASSWORD,
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5",
    )

    assert response.status_code == 429


def test_the_admin_sign_in_is_limited_too(client, admin_user):
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": "paakayttaja", "password": "väärä-salasana"})

    response = client.post("/admin/login/", {"username": "paakayttaja", "password": PASSWORD})

    assert response.status_code == 429


def test_sign_in_and_sign_out_are_logged_with_who_and_from_where(client, coordinator, audit):
    sign_in(client, "koordinaattori", PASSWORD, REMOTE_ADDR="192.0.2.10", HTTP_USER_AGENT="Firefox")
    client.post("/accounts/logout/", REMOTE_ADDR="192.0.2.10")

    sign_in_record, sign_out_record = audit()
    assert sign_in_record.event == "login"
    assert sign_in_record.username == "koordinaattori"
    assert sign_in_record.client_ip == "192.0.2.10"
    assert sign_in_record.user_agent == "Firefox"
    assert sign_out_record.event == "logout"
    assert sign_out_record.username == "koordinaattori"
    assert sign_out_record.client_ip == "192.0.2.10"


def test_failed_sign_ins_and_the_lockout_are_logged_without_the_password(
    client, coordinator, audit
):
    fail_until_locked(client, "koordinaattori", REMOTE_ADDR="192.0.2.66")
    sign_in(client, "koordinaattori", PASSWORD, REMOTE_ADDR="192.0.2.66")

    events = [(record.event, record.username, record.client_ip) for record in audit()]
    assert events.count(("login_failed", "koordinaattori", "192.0.2.66")) == LIMIT + 1
    assert ("locked_out", "koordinaattori", "192.0.2.66") in events
    assert ("login", "koordinaattori", "192.0.2.66") not in events
    logged = " ".join(JsonFormatter().format(record) for record in audit())
    assert "väärä-salasana" not in logged
    assert PASSWORD not in logged


def test_audit_lines_are_json_with_time_and_fields(client, coordinator, audit):
    sign_in(client, "koordinaattori", PASSWORD, REMOTE_ADDR="192.0.2.10")

    line = json.loads(JsonFormatter().format(audit()[0]))

    assert line["logger"] == "kemi_hyte.audit"
    assert line["level"] == "INFO"
    assert line["event"] == "login"
    assert line["username"] == "koordinaattori"
    assert line["client_ip"] == "192.0.2.10"
    assert datetime.datetime.fromisoformat(line["time"]).tzinfo is not None
    assert line["message"] == "login koordinaattori from 192.0.2.10"


def test_sign_ins_and_refusals_are_kept_in_the_database_for_the_admin(client, coordinator):
    sign_in(client, "koordinaattori", "väärä-salasana", REMOTE_ADDR="192.0.2.66")
    sign_in(client, "koordinaattori", PASSWORD, REMOTE_ADDR="192.0.2.10")
    client.post("/accounts/logout/", REMOTE_ADDR="192.0.2.10")

    access = AccessLog.objects.get()
    assert (access.username, access.ip_address) == ("koordinaattori", "192.0.2.10")
    assert access.logout_time is not None
    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == ("koordinaattori", "192.0.2.66")
