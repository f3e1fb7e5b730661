"""Finnish first: the project's catalogue in locale/fi fills in what Django and the
libraries leave in English, and its compiled files match their sources."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale" / "fi" / "LC_MESSAGES"


def read_po(path: Path) -> dict:
    """The entries of a simple .po file: msgid (or (msgid, msgid_plural)) -> msgstr(s)."""
    entries, entry, key = {}, {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid ") and "msgid" in entry:
            key = None
        if not line.strip():
            if entry.get("msgid"):
                if "msgid_plural" in entry:
                    entries[(entry["msgid"], entry["msgid_plural"])] = [
                        entry[f"msgstr[{n}]"] for n in range(2)
                    ]
                else:
                    entries[entry["msgid"]] = entry["msgstr"]
            entry, key = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_matches_its_source(domain):
    entries = read_po(LOCALE / f"{domain}.po")
    with open(LOCALE / f"{domain}.mo", "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    assert len(entries) > 10
    for msgid, msgstr in entries.items():
        if isinstance(msgid, tuple):
            assert [catalogue.ngettext(*msgid, n) for n in (1, 2)] == msgstr, msgid
        else:
            assert catalogue.gettext(msgid) == msgstr, (
                f"{domain}.mo is older than {domain}.po: run msgfmt (README.md)"
            )


@pytest.mark.parametrize(
    ("english", "finnish"),
    [
        ("- Select an option -", "– valitse –"),  # Django's empty choice of every select
        ("Run", "Suorita"),  # the admin's action button
        ("Search %(name)s", "Hae: %(name)s"),
        ("access attempts", "kirjautumisyritykset"),  # django-axes
        ("Revert", "Palauta"),  # django-simple-history
        ("next", "seuraava"),  # django-tables2
        (
            "Multiple values may be separated by commas.",
            "Voit syöttää useita arvoja pilkulla erotettuna.",
        ),
    ],
)
def test_django_and_the_libraries_speak_finnish(english, finnish):
    with translation.override("fi"):
        assert translation.gettext(english) == finnish


def test_the_admin_lists_are_finnish(client, admin_user, kemi):
    admin_user.is_superuser = True  # as the demo's admin, who also sees the sign-in log
    admin_user.save()
    client.force_login(admin_user)
    admin_client = client
    changelist = admin_client.get("/admin/plans/action/").content.decode()
    attempts = admin_client.get("/admin/axes/accessattempt/")

    assert ">Suorita<" in changelist
    assert "Hae: toimenpiteet" in changelist
    assert ">Run<" not in changelist
    assert 'alt="Search"' not in changelist
    assert attempts.status_code == 200
    assert "Kirjautumisten valvonta" in attempts.content.decode()
    assert "Valitse näytettävä kirjautumisyritys" in attempts.content.decode()
    assert "Access attempt" not in attempts.content.decode()


def test_the_admins_picker_help_is_finnish(client, admin_user):
    client.force_login(admin_user)

    script = client.get("/admin/jsi18n/").content.decode()

    assert "Valitse %s merkitsem" in script
    assert "(Olet %(offset)s tuntia edell" in script


def test_the_history_pages_are_finnish(client, admin_user, kemi):
    from plans.models import Action

    client.force_login(admin_user)
    action = Action.objects.first()
    history = action.history.first()

    listing = client.get(f"/admin/plans/action/{action.pk}/history/").content.decode()
    version = client.get(
        f"/admin/plans/action/{action.pk}/history/{history.history_id}/"
    ).content.decode()

    assert "Muokkaushistoria" in listing
    assert "Choose a date" not in listing
    assert ">None<" not in listing.replace(" ", "").replace("\n", "")
    assert "Palauta" in version or "Näytä" in version
    assert "Hyvinvointisuunnitelmat" in version and "Historical" not in version
    assert "Revert" not in version
