"""Signing in with the city's account: the whole OpenID Connect code flow against a real provider
running in this process (tests/oidc.py), for each role, for a role removed in the provider, for
a person without a role, and for every way the flow can go wrong."""

import logging
import re
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from social_django.models import UserSocialAuth

from common import roles
from tests.conftest import production_settings
from tests.factories import DivisionFactory, UserFactory
from tests.oidc import CLIENT_ID, app_path, sign_in_with_city_account, start_sign_in

PASSWORD = "salasana-testi-123"


@pytest.fixture
def audit(caplog):
    caplog.set_level(logging.INFO, logger="kemi_hyte.audit")
    return lambda: [r for r in caplog.records if r.name == "kemi_hyte.audit"]


def signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def provider_sign_out_link(html: str) -> str:
    (link,) = re.findall(r'href="([^"]+)">Kirjaudu ulos myös kaupungin tunnuksesta', html)
    return link.replace("&amp;", "&")


def role_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


# The sign-in page


def test_without_the_provider_settings_the_sign_in_page_is_as_before(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert "Kirjaudu kaupungin tunnuksella" not in html
    assert 'name="password"' in html
    assert client.post("/accounts/city/login/").status_code == 404


def test_the_sign_in_page_offers_the_city_account_first(client, city_provider):
    html = client.get("/accounts/login/").content.decode()

    assert html.index("Kirjaudu kaupungin tunnuksella") < html.index('name="password"')
    assert 'action="/accounts/city/login/"' in html


def test_the_button_sends_the_browser_to_the_provider_with_state_nonce_and_pkce(
    client, city_provider
):
    location = start_sign_in(client)

    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{city_provider.url}/oauth2/authorize?")
    assert query["client_id"] == [CLIENT_ID]
    assert query["redirect_uri"] == ["http://testserver/accounts/city/complete/"]
    assert query["response_type"] == ["code"]
    assert set(query["scope"][0].split()) == {"openid", "profile", "email"}
    assert query["state"][0] and query["nonce"][0]
    assert query["code_challenge_method"] == ["S256"]


def test_the_sign_in_starts_only_with_a_post(client, city_provider):
    assert client.get("/accounts/city/login/").status_code == 405


# Each role


@pytest.mark.parametrize(
    ("claim", "role"),
    [
        ("Hyte.Coordinator", roles.COORDINATOR),
        ("Hyte.Board", roles.BOARD),
        ("Hyte.Admin", roles.ADMIN),
    ],
)
def test_each_role_of_the_provider_signs_in_with_its_role(client, city_provider, claim, role):
    city_provider.person("maija", roles=[claim], oid="0000-maija", name="Maija Meikäläinen")

    response = sign_in_with_city_account(client, city_provider, "maija")

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = signed_in_user(client)
    assert role_names(user) == {role}
    assert user.is_staff and not user.is_superuser
    assert not user.has_usable_password()
    assert (user.username, user.first_name, user.last_name, user.email) == (
        "maija@kemi.fi",
        "Maija",
        "Meikäläinen",
        "maija@kemi.fi",
    )
    assert UserSocialAuth.objects.get(user=user).uid == "0000-maija"
    home = client.get("/")
    assert home.status_code == 200
    assert "Kirjaudu ulos (maija@kemi.fi)" in home.content.decode()


def test_a_division_editor_edits_the_division_the_provider_names(client, city_provider):
    own = DivisionFactory(name="Hyvinvointitoimiala", slug="hyvinvointitoimiala")
    DivisionFactory(name="Perusturvatoimiala", slug="perusturvatoimiala")
    city_provider.person("ville", roles=["Hyte.DivisionEditor.hyvinvointitoimiala"])

    sign_in_with_city_account(client, city_provider, "ville")

    user = signed_in_user(client)
    assert role_names(user) == {roles.DIVISION_EDITOR}
    assert roles.editable_division_ids(user) == {own.pk}


def test_several_roles_give_each_of_them(client, city_provider):
    DivisionFactory(slug="hyvinvointitoimiala")
    city_provider.person(
        "maija", roles=["Hyte.Board", "Hyte.Admin", "Hyte.DivisionEditor.hyvinvointitoimiala"]
    )

    sign_in_with_city_account(client, city_provider, "maija")

    assert role_names(signed_in_user(client)) == {
        roles.BOARD,
        roles.ADMIN,
        roles.DIVISION_EDITOR,
    }


def test_next_is_followed_within_the_app_only(client, city_provider):
    city_provider.person("maija", roles=["Hyte.Board"])
    inside = sign_in_with_city_account(client, city_provider, "maija", next_url="/reports/")
    client.logout()
    outside = sign_in_with_city_account(
        client, city_provider, "maija", next_url="https://example.com/"
    )

    assert inside["Location"] == "/reports/"
    assert outside["Location"] == "/"


# Roles follow the provider at every sign-in


def test_a_role_changed_in_the_provider_changes_here_at_the_next_sign_in(
    client, city_provider, audit
):
    city_provider.person("maija", roles=["Hyte.Coordinator"])
    sign_in_with_city_account(client, city_provider, "maija")
    client.logout()
    city_provider.person("maija", roles=["Hyte.Board"])

    sign_in_with_city_account(client, city_provider, "maija")

    user = signed_in_user(client)
    assert User.objects.count() == 1
    assert role_names(user) == {roles.BOARD}
    changes = [
        (record.username, record.roles_before, record.roles_after, record.client_ip)
        for record in audit()
        if record.event == "roles_changed"
    ]
    assert changes == [
        ("maija@kemi.fi", [], ["coordinator"], "127.0.0.1"),
        ("maija@kemi.fi", ["coordinator"], ["board"], "127.0.0.1"),
    ]


def test_a_division_removed_in_the_provider_is_removed_here(client, city_provider):
    DivisionFactory(slug="hyvinvointitoimiala")
    other = DivisionFactory(slug="perusturvatoimiala")
    city_provider.person(
        "ville",
        roles=[
            "Hyte.DivisionEditor.hyvinvointitoimiala",
            "Hyte.DivisionEditor.perusturvatoimiala",
        ],
    )
    sign_in_with_city_account(client, city_provider, "ville")
    client.logout()
    city_provider.person("ville", roles=["Hyte.DivisionEditor.perusturvatoimiala"])

    sign_in_with_city_account(client, city_provider, "ville")

    assert roles.editable_division_ids(signed_in_user(client)) == {other.pk}


def test_a_person_whose_every_role_was_removed_is_refused_and_loses_the_roles(
    client, city_provider, audit
):
    city_provider.person("maija", roles=["Hyte.Coordinator"])
    sign_in_with_city_account(client, city_provider, "maija")
    user = signed_in_user(client)
    client.logout()
    city_provider.person("maija", roles=[])

    response = sign_in_with_city_account(client, city_provider, "maija")

    html = response.content.decode()
    assert response.status_code == 403
    assert "Ei käyttöoikeutta" in html
    assert "kaupungin hyte-koordinaattori tai järjestelmän pääkäyttäjä" in html
    assert signed_in_user(client) is None
    user.refresh_from_db()
    assert role_names(user) == set()
    assert not user.is_staff
    refusal = next(record for record in audit() if record.event == "login_refused")
    assert (refusal.username, refusal.reason, refusal.claimed_roles) == (
        "maija@kemi.fi",
        "no_role",
        [],
    )


def test_a_session_opened_before_the_role_was_removed_loses_it_too(client, city_provider):
    city_provider.person("maija", roles=["Hyte.Coordinator"])
    sign_in_with_city_account(client, city_provider, "maija")
    from django.test import Client

    city_provider.person("maija", roles=[])
    sign_in_with_city_account(Client(), city_provider, "maija")

    assert client.get("/").status_code == 403


def test_a_user_switched_off_in_the_admin_stays_off(client, city_provider, audit):
    city_provider.person("maija", roles=["Hyte.Coordinator"])
    sign_in_with_city_account(client, city_provider, "maija")
    user = signed_in_user(client)
    client.logout()
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = sign_in_with_city_account(client, city_provider, "maija")

    assert response.status_code == 403
    assert "poistettu käytöstä" in response.content.decode()
    assert signed_in_user(client) is None
    assert role_names(user) == {roles.COORDINATOR}
    refusal = next(record for record in audit() if record.event == "login_refused")
    assert refusal.reason == "inactive"


def test_a_person_without_a_role_is_refused_and_no_user_is_made(client, city_provider, audit):
    city_provider.person("outi", roles=["Jokin.Muu.Sovellus"])

    response = sign_in_with_city_account(client, city_provider, "outi")

    assert response.status_code == 403
    assert "Käyttöoikeuden myöntää" in response.content.decode()
    assert User.objects.count() == 0
    refusal = next(record for record in audit() if record.event == "login_refused")
    assert refusal.claimed_roles == ["Jokin.Muu.Sovellus"]


def test_a_division_the_app_does_not_know_gives_no_role(client, city_provider):
    city_provider.person("ville", roles=["Hyte.DivisionEditor.ei-ole-olemassa"])

    response = sign_in_with_city_account(client, city_provider, "ville")

    assert response.status_code == 403


# Who is who: the object id, never the address


def test_the_same_object_id_is_the_same_user_whatever_the_address(client, city_provider):
    city_provider.person("maija", roles=["Hyte.Board"], oid="0000-maija", email="maija@kemi.fi")
    sign_in_with_city_account(client, city_provider, "maija")
    client.logout()
    city_provider.person(
        "maija", roles=["Hyte.Board"], oid="0000-maija", email="maija.uusi@kemi.fi"
    )

    sign_in_with_city_account(client, city_provider, "maija")

    assert User.objects.count() == 1


def test_a_local_user_with_the_same_name_and_address_is_not_taken_over(client, city_provider):
    local = UserFactory(username="maija@kemi.fi", email="maija@kemi.fi", role="admin")
    city_provider.person("maija", roles=["Hyte.Board"], email="maija@kemi.fi")

    sign_in_with_city_account(client, city_provider, "maija")

    user = signed_in_user(client)
    assert user != local
    assert role_names(local) == {roles.ADMIN}
    assert role_names(user) == {roles.BOARD}


def test_a_signed_in_local_user_is_not_linked_to_the_city_account(client, city_provider):
    local = UserFactory(username="paikallinen", role="admin")
    client.force_login(local)
    city_provider.person("maija", roles=["Hyte.Board"])

    sign_in_with_city_account(client, city_provider, "maija")

    assert signed_in_user(client) != local
    assert not UserSocialAuth.objects.filter(user=local).exists()


def test_a_token_without_the_object_id_is_refused(client, city_provider, settings):
    settings.SOCIAL_AUTH_CITY_ID_KEY = "tid"  # a claim the provider does not send
    city_provider.person("maija", roles=["Hyte.Board"])

    response = sign_in_with_city_account(client, city_provider, "maija")

    assert response.status_code == 400
    assert User.objects.count() == 0


# What goes wrong is a Finnish page and a line in the audit log, never a 500


def test_a_tampered_state_is_refused(client, city_provider, audit):
    city_provider.person("maija", roles=["Hyte.Coordinator"])
    callback = city_provider.authorize(start_sign_in(client), "maija")
    parts = urlsplit(callback)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["state"] = "vaihdettu-" + query["state"]

    response = client.get(f"{parts.path}?{urlencode(query)}")

    assert response.status_code == 400
    assert "Aloita kirjautuminen alusta" in response.content.decode()
    assert signed_in_user(client) is None
    assert User.objects.count() == 0
    failure = next(record for record in audit() if record.event == "login_failed")
    assert failure.method == "city"


def test_a_callback_without_a_sign_in_started_in_this_browser_is_refused(client, city_provider):
    from django.test import Client

    city_provider.person("maija", roles=["Hyte.Coordinator"])
    callback = city_provider.authorize(start_sign_in(Client()), "maija")

    response = client.get(callback)

    assert response.status_code == 400
    assert signed_in_user(client) is None


def test_a_used_or_forged_code_is_refused(client, city_provider):
    city_provider.person("maija", roles=["Hyte.Coordinator"])
    callback = city_provider.authorize(start_sign_in(client), "maija")
    parts = urlsplit(callback)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query["code"] = "vanhentunut-koodi"

    response = client.get(f"{parts.path}?{urlencode(query)}")

    assert response.status_code == 400
    assert "Aloita kirjautuminen alusta" in response.content.decode()
    assert signed_in_user(client) is None


def test_a_replayed_callback_does_not_sign_in_again(client, city_provider):
    city_provider.person("maija", roles=["Hyte.Coordinator"])
    callback = city_provider.authorize(start_sign_in(client), "maija")
    assert client.get(callback).status_code == 302
    client.logout()

    replay = client.get(callback)

    assert replay.status_code == 400
    assert signed_in_user(client) is None


def test_declining_at_the_provider_is_explained(client, city_provider):
    callback = city_provider.authorize(start_sign_in(client), "", deny=True)

    response = client.get(callback)

    assert response.status_code == 400
    assert "Kirjautuminen peruttiin" in response.content.decode()


def test_a_provider_that_does_not_answer_gives_a_finnish_page(client, city_provider, settings):
    settings.SOCIAL_AUTH_CITY_OIDC_ENDPOINT = "http://127.0.0.1:9"  # nothing listens there

    response = client.post("/accounts/city/login/")

    assert response.status_code == 503
    assert "ei vastannut" in response.content.decode()


def test_the_failure_pages_answer_with_debugging_off(client, production, city_provider):
    response = client.get(
        "/accounts/city/complete/?code=x&state=y", secure=True, headers={"host": "hyte.example.fi"}
    )

    assert response.status_code == 400
    assert response.headers["Content-Security-Policy"]
    assert '<html lang="fi">' in response.content.decode()


# Signing out


def test_signing_out_offers_the_providers_sign_out(client, city_provider, audit):
    city_provider.person("maija", roles=["Hyte.Board"])
    sign_in_with_city_account(client, city_provider, "maija")

    response = client.post("/accounts/logout/", follow=True)

    html = response.content.decode()
    assert response.redirect_chain == [("/accounts/city/signed-out/", 302)]
    assert "Olet kirjautunut ulos" in html
    link = provider_sign_out_link(html)
    assert link.startswith(f"{city_provider.url}/oauth2/end_session?")
    assert f"client_id={CLIENT_ID}" in link
    assert "post_logout_redirect_uri=http%3A%2F%2Ftestserver%2Faccounts%2Flogin%2F" in link
    assert signed_in_user(client) is None
    events = [(record.event, getattr(record, "method", None)) for record in audit()]
    assert ("login", "city") in events
    assert ("logout", None) in events


def test_signing_out_a_local_user_goes_to_the_sign_in_page_as_before(client, city_provider):
    UserFactory(username="paikallinen", role="board")
    client.post("/accounts/login/", {"username": "paikallinen", "password": PASSWORD})

    response = client.post("/accounts/logout/")

    assert response["Location"] == "/accounts/login/"


def test_the_provider_sign_out_comes_back_to_the_sign_in_page(client, city_provider):
    """The provider's own sign-out page sends the browser back where the app asked."""
    import requests

    city_provider.person("maija", roles=["Hyte.Board"])
    sign_in_with_city_account(client, city_provider, "maija")
    html = client.post("/accounts/logout/", follow=True).content.decode()
    link = provider_sign_out_link(html)

    page = requests.get(link, timeout=5)

    assert page.status_code == 200
    assert "http://testserver/accounts/login/" in page.text


# The app's own passwords


def test_passwords_can_be_kept_for_the_break_glass_admin_only(client, city_provider, settings):
    settings.PASSWORD_USERS = ["varatunnus"]
    UserFactory(username="varatunnus", role="admin")
    UserFactory(username="koordinaattori", role="coordinator")

    others = client.post("/accounts/login/", {"username": "koordinaattori", "password": PASSWORD})
    break_glass = client.post("/accounts/login/", {"username": "varatunnus", "password": PASSWORD})

    assert others.status_code == 200
    assert "Kaupungin työntekijät kirjautuvat kaupungin tunnuksella." in others.content.decode()
    assert break_glass.status_code == 302


def test_the_break_glass_password_keeps_the_lockout(client, city_provider, settings):
    settings.PASSWORD_USERS = ["varatunnus"]
    UserFactory(username="varatunnus", role="admin")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "varatunnus", "password": "väärä"})

    locked = client.post("/accounts/login/", {"username": "varatunnus", "password": PASSWORD})

    assert locked.status_code == 429


def test_only_the_users_with_a_password_get_a_reset_link(client, db, settings, mailoutbox):
    settings.PASSWORD_USERS = ["varatunnus"]
    UserFactory(username="varatunnus", email="vara@kemi.fi")
    UserFactory(username="koordinaattori", email="koordinaattori@kemi.fi")

    client.post("/accounts/password/reset/", {"email": "koordinaattori@kemi.fi"})
    client.post("/accounts/password/reset/", {"email": "vara@kemi.fi"})

    assert [message.to for message in mailoutbox] == [["vara@kemi.fi"]]


def test_a_city_account_has_no_password_to_change(client, city_provider):
    city_provider.person("maija", roles=["Hyte.Board"])
    sign_in_with_city_account(client, city_provider, "maija")

    html = client.get("/").content.decode()

    assert "Vaihda salasana" not in html


def test_the_user_page_in_the_admin_shows_the_city_account(client, city_provider):
    city_provider.person("maija", roles=["Hyte.Board"], oid="0000-maija")
    sign_in_with_city_account(client, city_provider, "maija")
    user = signed_in_user(client)
    client.force_login(UserFactory(username="super", is_staff=True, is_superuser=True))

    html = client.get(f"/admin/auth/user/{user.pk}/change/").content.decode()

    assert "Kaupungin tunnus (oid)" in html
    assert "0000-maija" in html


def test_the_callback_url_the_provider_is_given_is_the_one_documented(client, city_provider):
    location = start_sign_in(client)

    assert app_path(parse_qs(urlsplit(location).query)["redirect_uri"][0]) == (
        "/accounts/city/complete/"
    )


def test_the_sign_in_page_lets_its_form_lead_to_the_provider_only(client, city_provider):
    """Browsers check form-action against the redirect to the provider, too."""
    policy = client.get("/accounts/login/").headers["Content-Security-Policy"]

    assert f"form-action 'self' {city_provider.url}" in policy
    assert (
        "form-action 'self';"
        in client.get("/accounts/password/reset/").headers["Content-Security-Policy"] + ";"
    )


def test_without_the_provider_the_sign_in_page_keeps_the_policy(client, db):
    policy = client.get("/accounts/login/").headers["Content-Security-Policy"]

    assert "form-action 'self';" in policy + ";"


# The settings, from the environment


def test_the_city_sign_in_is_off_without_its_variables(monkeypatch):
    values = production_settings(monkeypatch)

    assert values["OIDC_ENABLED"] is False
    assert values["PASSWORD_USERS"] == []


def test_an_entra_tenant_gives_the_issuer_and_a_secret_file_the_secret(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("salainen-arvo\n")

    values = production_settings(
        monkeypatch,
        HYTE_OIDC_TENANT="11111111-2222-3333-4444-555555555555",
        HYTE_OIDC_CLIENT_ID="asiakas",
        HYTE_OIDC_CLIENT_SECRET_FILE=str(secret),
        HYTE_PASSWORD_USERS="varatunnus",
    )

    assert values["OIDC_ENABLED"] is True
    assert values["SOCIAL_AUTH_CITY_OIDC_ENDPOINT"] == (
        "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"
    )
    assert values["SOCIAL_AUTH_CITY_SECRET"] == "salainen-arvo"
    assert values["SOCIAL_AUTH_CITY_ID_KEY"] == "oid"
    assert values["OIDC_ROLES_CLAIM"] == "roles"
    assert values["PASSWORD_USERS"] == ["varatunnus"]


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        (
            {"HYTE_OIDC_ISSUER": "https://id.example.fi", "HYTE_OIDC_CLIENT_ID": "asiakas"},
            "HYTE_OIDC_CLIENT_SECRET",
        ),
        ({"HYTE_OIDC_ROLE_MAP": "Hyte.Boss=superuser"}, "HYTE_OIDC_ROLE_MAP"),
        ({"HYTE_OIDC_CLIENT_SECRET_FILE": "/ei/ole/olemassa"}, "cannot be read"),
        (
            {
                "HYTE_OIDC_ISSUER": "http://127.0.0.1:9400",
                "HYTE_OIDC_CLIENT_ID": "asiakas",
                "HYTE_OIDC_CLIENT_SECRET": "salainen",
            },
            "must be an https:// URL",
        ),
    ],
)
def test_a_wrong_setting_stops_the_app_with_its_name(monkeypatch, environment, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        production_settings(monkeypatch, **environment)


def test_the_role_map_is_read_from_the_environment(monkeypatch):
    values = production_settings(
        monkeypatch,
        HYTE_OIDC_ROLE_MAP="Kemi.Hyte.Koordinaattori=coordinator, Kemi.Hyte.Lauta=board",
    )

    assert values["OIDC_ROLE_MAP"] == {
        "Kemi.Hyte.Koordinaattori": "coordinator",
        "Kemi.Hyte.Lauta": "board",
    }


def test_the_mapping_reads_only_the_values_it_names(settings):
    claimed = roles.roles_from_claim(
        ["Hyte.Board", "Hyte.DivisionEditor.hyvinvointitoimiala", "Hyte.DivisionEditor.", 7, "Muu"]
    )

    assert claimed == roles.ClaimedRoles(
        roles=frozenset({roles.BOARD}), division_slugs=frozenset({"hyvinvointitoimiala"})
    )
    assert roles.roles_from_claim("Hyte.Admin").roles == {roles.ADMIN}
    assert roles.roles_from_claim(None).roles == frozenset()


def test_the_local_providers_people_give_the_roles_the_docs_name():
    """docs/local-provider-users.yaml, which `make oidc-provider` serves, with the default map."""
    people = yaml.safe_load(
        (Path(settings.BASE_DIR) / "docs/local-provider-users.yaml").read_text()
    )

    given = {person["sub"]: roles.roles_from_claim(person["roles"]) for person in people}

    assert {sub: (set(each.roles), set(each.division_slugs)) for sub, each in given.items()} == {
        "koordinaattori": ({roles.COORDINATOR}, set()),
        "lautakunta": ({roles.BOARD}, set()),
        "paakayttaja": ({roles.ADMIN}, set()),
        "toimiala": (set(), {"hyvinvointitoimiala"}),
        "ei-roolia": (set(), set()),
    }
    assert len({person["oid"] for person in people}) == len(people)


def test_the_sign_in_and_signed_out_pages_read_nothing_from_the_database(
    client, city_provider, django_assert_num_queries
):
    city_provider.person("maija", roles=["Hyte.Board"])
    client.get("/accounts/city/signed-out/")  # the provider's discovery, read once and kept

    # No query: an anonymous visitor has no session to read, and the pages name no rows.
    with django_assert_num_queries(0):
        assert client.get("/accounts/login/").status_code == 200
        assert client.get("/accounts/city/signed-out/").status_code == 200
