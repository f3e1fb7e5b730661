"""A user changes their own password; a forgotten one is chosen anew through an e-mailed link,
asked for on the sign-in page or sent by an admin."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

PASSWORD = "salasana-testi-123"
NEW_PASSWORD = "uusi-Salasana-2025-kemi"
HOST = "hyte.example.fi"


def signs_in(client, username: str, password: str) -> bool:
    client.logout()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


def reset_link(message) -> str:
    (link,) = re.findall(r"https?://\S+/accounts/reset/\S+/\S+/", message.body)
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


# Changing one's own password


def test_the_header_offers_a_signed_in_user_to_change_the_password(client, board_member):
    client.force_login(board_member)

    html = client.get("/reports/").content.decode()

    assert '<a href="/accounts/password/">Vaihda salasana</a>' in html


def test_a_wrong_old_password_is_refused_in_finnish(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        "/accounts/password/",
        {
            "old_password": "väärä-salasana",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Salasanaa ei vaihdettu" in html
    assert "Vanha salasana" in html
    assert "virheellinen" in html or "väärin" in html
    assert 'aria-invalid="true"' in html
    assert signs_in(client, "koordinaattori", PASSWORD)


def test_a_too_short_new_password_is_refused_in_finnish(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "lyhyt", "new_password2": "lyhyt"},
    )

    html = response.content.decode()
    assert "Tämä salasana on liian lyhyt. Sen tulee sisältää ainakin 12 merkkiä." in html
    assert 'aria-describedby="id_new_password2_helptext id_new_password2_error"' in html
    assert 'id="id_new_password2_error"' in html


def test_a_changed_password_signs_in_and_the_old_one_does_not(client, coordinator):
    client.force_login(coordinator)

    response = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/accounts/password/done/"
    assert "Salasanasi on vaihdettu." in response.content.decode()
    assert signs_in(client, "koordinaattori", NEW_PASSWORD)
    assert not signs_in(client, "koordinaattori", PASSWORD)


def test_changing_the_password_needs_a_sign_in(client, db):
    response = client.get("/accounts/password/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/password/"


# A forgotten password


def test_the_sign_in_page_links_to_the_reset(client, db):
    assert 'href="/accounts/password/reset/"' in client.get("/accounts/login/").content.decode()


def test_a_reset_sends_one_finnish_mail_whose_link_sets_a_new_password(client, db):
    UserFactory(username="lautakunta", email="lauta.kunta@kemi.fi")

    response = client.post(
        "/accounts/password/reset/", {"email": "Lauta.Kunta@kemi.fi"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert message.to == ["lauta.kunta@kemi.fi"]
    assert message.subject == "Kemin hyvinvointisuunnitelma: salasanan vaihtaminen"
    assert "käyttäjätunnukselle lautakunta on pyydetty uutta salasanaa" in message.body
    assert "vanhenee 3 päivän kuluttua" in message.body
    form = client.get(reset_link(message), follow=True)
    assert "Valitse uusi salasana" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == "/accounts/reset/done/"
    assert "Voit nyt kirjautua uudella salasanalla." in done.content.decode()
    assert signs_in(client, "lautakunta", NEW_PASSWORD)
    # The link works once.
    client.logout()
    again = client.get(reset_link(message), follow=True)
    assert "Linkki ei ole enää voimassa" in again.content.decode()


def test_an_unknown_address_shows_the_same_page_and_sends_nothing(client, db):
    UserFactory(username="lautakunta", email="lauta.kunta@kemi.fi")
    known = client.post("/accounts/password/reset/", {"email": "lauta.kunta@kemi.fi"}, follow=True)
    mail.outbox.clear()

    unknown = client.post("/accounts/password/reset/", {"email": "ei.ketaan@kemi.fi"}, follow=True)

    assert mail.outbox == []
    assert unknown.redirect_chain == known.redirect_chain
    # The same page but for the language switch's CSRF token, masked anew on every response.
    assert without_token(unknown.content) == without_token(known.content)


def without_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def test_a_reset_leaves_the_sign_in_lockout_in_force(client, db):
    UserFactory(username="lautakunta", email="lauta.kunta@kemi.fi")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "lautakunta", "password": "väärä"})

    client.post("/accounts/password/reset/", {"email": "lauta.kunta@kemi.fi"})

    locked = client.post("/accounts/login/", {"username": "lautakunta", "password": PASSWORD})
    assert locked.status_code == 429


# The admin sends the link


def test_the_admin_sends_a_reset_link_to_the_chosen_users(client, admin_user, db):
    with_email = UserFactory(username="lautakunta", email="lauta.kunta@kemi.fi")
    without = UserFactory(username="ilman-osoitetta", email="")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:auth_user_changelist"),
        {
            "action": "send_password_reset_links",
            "_selected_action": [with_email.pk, without.pk],
        },
        follow=True,
    )

    html = response.content.decode()
    assert "Salasanan vaihtolinkki lähetettiin: lautakunta." in html
    assert "käyttäjällä ei ole sähköpostiosoitetta: ilman-osoitetta." in html
    (message,) = mail.outbox
    assert message.to == ["lauta.kunta@kemi.fi"]
    client.logout()
    form = client.get(reset_link(message), follow=True)
    client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert signs_in(client, "lautakunta", NEW_PASSWORD)


def test_the_admin_action_is_offered_in_finnish(client, admin_user):
    client.force_login(admin_user)

    html = client.get(reverse("admin:auth_user_changelist")).content.decode()

    assert "Lähetä salasanan vaihtolinkki" in html


# With debugging off, as on the server


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/reset/done/",
        "/accounts/reset/MQ/ei-kelpaa/",
    ],
)
def test_the_reset_pages_answer_with_debugging_off(client, production, db, url):
    response = client.get(url, secure=True, headers={"host": HOST}, follow=True)

    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/accounts/password/", "/accounts/password/done/"])
def test_the_password_change_pages_answer_with_debugging_off(client, production, coordinator, url):
    client.force_login(coordinator)

    response = client.get(url, secure=True, headers={"host": HOST})

    assert response.status_code == 200


def test_the_reset_mail_links_to_the_https_address_with_debugging_off(client, production, db):
    UserFactory(username="lautakunta", email="lauta.kunta@kemi.fi")

    client.post(
        "/accounts/password/reset/",
        {"email": "lauta.kunta@kemi.fi"},
        secure=True,
        headers={"host": HOST},
    )

    (message,) = mail.outbox
    assert f"https://{HOST}/accounts/reset/" in message.body


def test_an_inactive_user_gets_no_link(client, db):
    User.objects.create_user("poissa", email="poissa@kemi.fi", password=PASSWORD, is_active=False)

    client.post("/accounts/password/reset/", {"email": "poissa@kemi.fi"})

    assert mail.outbox == []
