"""With debugging off, the app answers as the city's server must: HTTPS only, strict headers,
a Content-Security-Policy without inline script, host-only secure cookies, expiring sessions."""

import datetime
import os
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template import RequestContext, Template
from django.utils import timezone

from plans.models import Action
from projects.models import Project
from tests.conftest import PRODUCTION_ENVIRONMENT

HOST = "hyte.example.fi"
PASSWORD = "salasana-testi-123"


def get(client, url, **kwargs):
    return client.get(url, secure=True, headers={"host": HOST}, **kwargs)


def sign_in(client, username):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": PASSWORD},
        secure=True,
        headers={"host": HOST},
    )


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in policy.split(";")
        if directive.strip()
    }


class InlineCodeFinder(HTMLParser):
    """Inline script without a nonce, inline style attributes and <style> blocks."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        runs = attributes.get("type") not in {"application/json", "application/ld+json"}
        if tag == "script" and runs and not {"src", "nonce"} & attributes.keys():
            self.found.append(f"<script> without src or nonce at line {self.getpos()[0]}")
        if tag == "style":
            self.found.append(f"<style> block at line {self.getpos()[0]}")
        if "style" in attributes:
            self.found.append(f"style attribute on <{tag}> at line {self.getpos()[0]}")
        self.found += [f"{name} handler on <{tag}>" for name in attributes if name.startswith("on")]


def inline_code(response) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(response.content.decode())
    return finder.found


def test_deploy_check_passes_with_debugging_off():
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
        **PRODUCTION_ENVIRONMENT,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_plain_http_is_redirected_to_https(client, production):
    response = client.get("/accounts/login/", headers={"host": HOST})

    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/accounts/login/"


def test_sign_in_page_carries_the_security_headers(client, production):
    response = get(client, "/accounts/login/")

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_content_security_policy_allows_only_the_apps_own_files(client, production):
    directives = csp_directives(get(client, "/accounts/login/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]


def test_a_template_can_allow_one_inline_script_with_the_nonce(rf, production):
    """The csp context processor and SECURE_CSP together: {{ csp_nonce }} in a template is
    the nonce the header allows, and a new one on every response."""
    nonces = []
    for _ in range(2):
        request = rf.get("/")
        request.user = AnonymousUser()
        middleware = ContentSecurityPolicyMiddleware(lambda request: None)
        middleware.process_request(request)
        html = Template('<script nonce="{{ csp_nonce }}"></script>').render(RequestContext(request))
        response = middleware.process_response(request, HttpResponse(html))

        nonce = html.split('"')[1]
        assert f"'nonce-{nonce}'" in csp_directives(response)["script-src"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_cookies_are_secure_host_only_and_hidden_from_scripts(client, production, coordinator):
    csrf_cookie = get(client, "/accounts/login/").cookies["__Host-csrftoken"]
    sign_in(client, "koordinaattori")
    session_cookie = client.cookies["__Host-sessionid"]

    for cookie in (csrf_cookie, session_cookie):
        assert cookie["secure"] is True
        assert cookie["path"] == "/"
        assert cookie["domain"] == ""
    assert session_cookie["httponly"] is True
    assert session_cookie["samesite"] == "Lax"
    assert session_cookie["expires"] == "", "the session cookie ends when the browser closes"


def test_session_expires_after_eight_hours_on_the_server(client, production, coordinator):
    sign_in(client, "koordinaattori")
    session = Session.objects.get()

    expected = timezone.now() + datetime.timedelta(hours=8)
    assert abs(session.expire_date - expected) < datetime.timedelta(minutes=1)

    session.expire_date = timezone.now() - datetime.timedelta(seconds=1)
    session.save()
    response = get(client, "/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Lyhyt-sana1", "password_too_short"),
        ("password1234", "password_too_common"),
        ("123456789012345", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password)
    assert reason in [error.code for error in refused.value.error_list]


def test_a_long_uncommon_password_is_accepted():
    password_validation.validate_password("Kemin-hyte-suunnitelma-2025")


def test_own_pages_have_no_inline_script_or_style(client, production, coordinator, kemi):
    pages = [get(client, "/accounts/login/")]
    sign_in(client, "koordinaattori")
    action = Action.objects.first()
    for url in [
        "/",
        "/actions/",
        "/actions/new/",
        f"/actions/{action.pk}/",
        f"/actions/{action.pk}/edit/",
        "/actions/carry-forward/",
        "/coverage/?year=2023",
        "/reports/",
        "/reports/annual/2023/hyvinvointitoimiala/",
        "/reports/projects/",
        "/reports/overview/2023/",
        "/imports/",
        "/imports/actions/",
    ]:
        pages.append(get(client, url))

    for response in pages:
        assert response.status_code == 200
        assert "Content-Security-Policy" in response.headers
        assert inline_code(response) == [], response.request["PATH_INFO"]


def test_admin_works_under_the_content_security_policy(client, production, admin_user, kemi):
    admin_user.is_superuser = True
    admin_user.save()
    sign_in(client, "paakayttaja")
    project = Project.objects.first()

    for url in [
        "/admin/",
        "/admin/projects/project/",
        f"/admin/projects/project/{project.pk}/change/",
        "/admin/projects/project/add/",
    ]:
        response = get(client, url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert inline_code(response) == [], url
