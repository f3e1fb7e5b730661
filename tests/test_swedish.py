"""Swedish: every string of the app's own sources has Swedish in locale/sv, the switch turns
the pages Swedish, and a Swedish page shows none of the catalogue's Finnish.

The catalogue's msgids are the Finnish source strings, so a string that makemessages finds
in the code or a template but that has no Swedish (an empty or fuzzy msgstr) would show in
Finnish on a Swedish page. test_every_string_of_the_sources_has_swedish runs makemessages
into a temporary copy of the catalogue, so a string added without updating the catalogue is
listed too (it needs GNU gettext's xgettext and msgmerge, as makemessages does).
"""

import ast
import datetime
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from common.formatting import format_euros
from plans.closing import close_year
from plans.models import Division, Plan
from publication.services import publish_year
from tests.browser_pages import admin_request, registered_models
from tests.document_files import seed_text
from tests.test_pages_browser import DIVISION as PAGES_DIVISION
from tests.test_pages_browser import PAGES, first_object, page_url
from tests.test_pages_browser import YEAR as PAGES_YEAR

pytestmark = pytest.mark.django_db

SOURCE = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"
LIBRARIES = Path(settings.BASE_DIR) / "locale_libraries" / "sv" / "LC_MESSAGES" / "django.po"
LIBRARIES_JS = LIBRARIES.with_name("djangojs.po")
# As the catalogue's header says to run it.
MAKEMESSAGES_IGNORE = [".venv", "tests", "bench", "var", "staticfiles", "node_modules"]


def read_catalogue(path: Path) -> list[dict]:
    """The entries of a .po file: msgid, msgid_plural, the msgstr(s) and whether it is fuzzy."""
    entries, entry, key = [], {}, None

    def close():
        if entry.get("msgid"):
            entries.append(entry)

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("#~"):
            continue  # obsolete: no longer in the sources
        if line.startswith("#,"):
            if entry.get("msgid") is not None:
                close()
                entry = {}
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#") or not line.strip():
            if not line.strip() and "msgid" in entry:
                close()
                entry, key = {}, None
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            if key == "msgid" and "msgid" in entry:
                close()
                entry = {}
            entry[key] = ast.literal_eval(value)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def untranslated(path: Path) -> list[str]:
    return [
        entry["msgid"]
        for entry in read_catalogue(path)
        if entry.get("fuzzy") or not all(translations(entry))
    ]


def test_the_catalogue_has_swedish_for_every_entry():
    entries = read_catalogue(SOURCE)
    missing = untranslated(SOURCE)

    assert len(entries) > 700
    assert not missing, "No Swedish in locale/sv for:\n" + "\n".join(missing)


@pytest.mark.skipif(not shutil.which("msgmerge"), reason="GNU gettext is not installed")
def test_every_string_of_the_sources_has_swedish(tmp_path, settings, monkeypatch):
    """makemessages over the sources, merged into a copy of the catalogue: every msgid it
    finds must already have Swedish.

    makemessages writes into the `locale` folder beside the files it reads, so it runs in a
    folder of links to the sources with a copy of the catalogue: the project's own catalogue
    is never touched by a test."""
    base = Path(settings.BASE_DIR)
    for entry in base.iterdir():
        skipped = entry.name == "locale" or entry.name in MAKEMESSAGES_IGNORE
        if not skipped and not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    copy = tmp_path / "locale" / "sv" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(SOURCE, copy / "django.po")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)

    call_command(
        "makemessages",
        locale=["sv"],
        ignore_patterns=MAKEMESSAGES_IGNORE,
        no_location=True,
        symlinks=True,
        verbosity=0,
    )
    missing = untranslated(copy / "django.po")

    assert len(read_catalogue(copy / "django.po")) > 700
    assert not missing, (
        "These strings of the sources have no Swedish: run makemessages and translate them "
        "(locale/sv/LC_MESSAGES/django.po):\n" + "\n".join(missing)
    )


@pytest.mark.parametrize(
    "path", [SOURCE, LIBRARIES, LIBRARIES_JS], ids=["app", "libraries", "libraries-js"]
)
def test_the_compiled_swedish_matches_its_source(path):
    import gettext

    with open(path.with_suffix(".mo"), "rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    entries = read_catalogue(path)
    assert len(entries) > 10
    for entry in entries:
        if "msgid_plural" in entry:
            got = [catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n) for n in (1, 2)]
            assert got == [entry["msgstr[0]"], entry["msgstr[1]"]], entry["msgid"]
        else:
            got = (
                catalogue.pgettext(entry["msgctxt"], entry["msgid"])
                if "msgctxt" in entry
                else catalogue.gettext(entry["msgid"])
            )
            assert got == entry["msgstr"], (
                f"{path.name} is newer than its .mo: run msgfmt (README.md, Svenska)"
            )


@pytest.mark.parametrize(
    ("finnish", "swedish"),
    [
        ("Toimenpiteet", "Åtgärder"),
        ("painopiste", "fokusområde"),
        ("Kustannusarvio", "Kostnadsberäkning"),
        ("toteutunut", "genomförd"),
        # Django's and the libraries' strings, which would otherwise fall back to Finnish.
        ("- Select an option -", "– välj –"),
        ("access attempts", "inloggningsförsök"),
        ("Revert", "Återställ"),
        (
            "Multiple values may be separated by commas.",
            "Flera värden kan skiljas åt med kommatecken.",
        ),
    ],
)
def test_swedish_comes_from_the_catalogues(finnish, swedish):
    with translation.override("sv"):
        assert translation.gettext(finnish) == swedish


# --- The switch ----------------------------------------------------------------------------


def swedish_client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    return client


def test_the_sign_in_page_offers_swedish_and_switches_without_javascript(client):
    finnish = client.get(reverse("login")).content.decode()

    assert '<html lang="fi">' in finnish
    assert 'lang="sv"' in finnish and "På svenska" in finnish
    switched = client.post(reverse("set_language"), {"language": "sv", "next": reverse("login")})
    assert switched.status_code == 302 and switched["Location"] == reverse("login")
    swedish = client.get(reverse("login")).content.decode()
    assert '<html lang="sv">' in swedish
    assert ">Logga in<" in swedish and "Suomeksi" in swedish
    assert "Kirjaudu sisään" not in swedish


def test_a_browser_preferring_swedish_still_gets_finnish_until_the_switch(client):
    page = client.get(reverse("login"), headers={"accept-language": "sv-FI,sv;q=0.9"})

    assert '<html lang="fi">' in page.content.decode()


def test_an_unknown_language_in_the_cookie_gives_finnish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    assert '<html lang="fi">' in client.get(reverse("login")).content.decode()


def test_swedish_pages_keep_finnish_formats(kemi, coordinator):
    page = swedish_client(coordinator).get(reverse("actions:list") + "?year=2023")
    html = page.content.decode()

    assert page["Content-Language"] == "sv"
    assert ">Åtgärder<" in html
    with translation.override("sv"):
        assert format_euros(295600) == "295\u00a0600\u00a0€"
        assert translation.get_language() == "sv"

        from django.utils.formats import date_format

        assert date_format(datetime.date(2021, 9, 1), "SHORT_DATE_FORMAT") == "1.9.2021"


def test_the_spreadsheet_export_does_not_change_with_the_language(kemi, coordinator):
    finnish = Client()
    finnish.force_login(coordinator)

    in_finnish = finnish.get(reverse("actions:export_csv") + "?year=2023").content
    in_swedish = swedish_client(coordinator).get(reverse("actions:export_csv") + "?year=2023")

    assert in_swedish.content == in_finnish
    assert "toteutunut" in in_finnish.decode("utf-8-sig")


# --- No Finnish on a Swedish page ----------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>")
# A msgid as short as "Vuosi" or "Tila" can stand in the plan's own Finnish content: only
# phrases and long words are looked for (a word as a whole word), and of a string with
# placeholders its longest fixed part; a phrase that the demo data's own Finnish text
# contains is that text's, not the interface's.
SHORTEST = 12
DEMO_DATA = (Path(settings.BASE_DIR) / "projects" / "demo_data" / "kemi.yaml").read_text(
    encoding="utf-8"
)


def finnish_phrases() -> dict[str, str]:
    """Finnish text that must not show on a Swedish page, each with the msgid it comes from."""
    phrases = {}
    for entry in read_catalogue(SOURCE):
        for finnish in filter(None, [entry["msgid"], entry.get("msgid_plural")]):
            if finnish in translations(entry):
                continue
            part = max(PLACEHOLDER.split(finnish), key=len).strip(" ,.:;()–")
            if len(part) >= SHORTEST and part not in DEMO_DATA:
                phrases[part] = finnish
    return phrases


TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.DOTALL)
# Finnish on purpose, and marked so for screen readers: a spreadsheet's column names (the
# file's keys), the plan's own text where it has no Swedish.
MARKED_FINNISH = re.compile(r'<(\w+)[^>]*\slang="fi"[^>]*>.*?</\1>', re.DOTALL)


def visible_text(html: str) -> str:
    """The page's text and its attributes that people read (title, aria-label, alt), less
    what is marked as Finnish."""
    html = MARKED_FINNISH.sub(" ", html)
    attributes = re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', html)
    text = TAGS.sub(" ", html)
    return re.sub(r"\s+", " ", " ".join([text, *attributes])).replace("&#x27;", "'")


# The city's own name and the name of its plan are the city's, not the catalogue's.
CITY_NAMES = re.compile(r"Kemin (?:hyvinvointisuunnitelma|kaupunki)")


def finnish_on(html: str, phrases: dict[str, str]) -> list[str]:
    text = CITY_NAMES.sub(" ", visible_text(html))
    words = set(re.findall(r"[^\W\d_][\w-]*", text))
    return sorted(
        msgid
        for phrase, msgid in phrases.items()
        if (phrase in text if " " in phrase else phrase in words)
    )


def app_pages(role: str) -> list[str]:
    return [page_url(name, role) for name, arguments in PAGES.items() if arguments is not None]


@pytest.mark.parametrize("role", ["coordinator", "admin_user"])
def test_no_app_page_shows_the_catalogues_finnish_in_swedish(kemi, role, request):
    user = request.getfixturevalue(role)
    client = swedish_client(user)
    phrases = finnish_phrases()
    assert len(phrases) > 150

    problems, pages = [], 0
    for url in app_pages(role):
        response = client.get(url)
        # A page the role may not open is the refusal page, in Swedish too.
        assert response.status_code in (200, 403), url
        html = response.content.decode()
        assert '<html lang="sv">' in html, url
        pages += 1
        problems += [f"{url}: {msgid}" for msgid in finnish_on(html, phrases)]

    assert pages >= 20
    assert not problems, "Finnish on Swedish pages:\n" + "\n".join(problems)


def test_no_public_page_shows_the_catalogues_finnish_in_swedish(kemi, coordinator):
    """The citizens' pages of a published year, read without signing in, and the
    coordinator's publishing page."""
    plan, division = Plan.objects.get(), Division.objects.get(slug=PAGES_DIVISION)
    close_year(
        plan=plan,
        year=PAGES_YEAR,
        division=division,
        body="Hyvinvointilautakunta",
        date=datetime.date(2024, 3, 12),
        section=15,
        closed_by=coordinator,
        confirm_unreviewed=True,
    )
    publish_year(
        plan=plan,
        year=PAGES_YEAR,
        division=division,
        decision_reference="Hyvinvointilautakunta 19.3.2024 § 20",
        published_by=coordinator,
    )
    cache.clear()
    phrases = finnish_phrases()
    pages = [
        (swedish_client(), reverse("public:index")),
        (swedish_client(), reverse("public:accessibility")),
        (
            swedish_client(),
            reverse(
                "public:plan", kwargs={"start_year": plan.start_year, "end_year": plan.end_year}
            ),
        ),
        (
            swedish_client(),
            reverse("public:year", kwargs={"year": PAGES_YEAR, "division": PAGES_DIVISION}),
        ),
        (swedish_client(coordinator), reverse("publication:manage")),
    ]

    problems = []
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert '<html lang="sv">' in html, url
        problems += [f"{url}: {msgid}" for msgid in finnish_on(html, phrases)]
    cache.clear()

    assert not problems, "Finnish on Swedish public pages:\n" + "\n".join(problems)


def test_the_annual_table_preview_shows_no_catalogue_finnish_in_swedish(coordinator):
    """The preview is reached only by uploading a table: the city's own 2023 table, into an
    empty app so that every goal, focus area and paragraph is new."""
    client = swedish_client(coordinator)
    response = client.post(
        reverse("imports:document_upload"),
        {"file": SimpleUploadedFile("taulukko.txt", seed_text())},
        follow=True,
    )

    assert response.redirect_chain, response.content.decode()[:2000]
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "Importera årstabellen" in html and "Bekräfta importen" in html
    assert not finnish_on(html, finnish_phrases())


def test_no_admin_page_shows_the_catalogues_finnish_in_swedish(kemi, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client = swedish_client(admin_user)
    phrases = finnish_phrases()
    request = admin_request(admin_user)

    urls = [reverse("admin:index")]
    for model in registered_models():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        model_admin = admin.site._registry[model]
        urls.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{prefix}_add"))
        obj = first_object(model)
        if obj is not None:
            urls.append(reverse(f"{prefix}_change", args=[obj.pk]))
    problems = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        problems += [f"{url}: {msgid}" for msgid in finnish_on(response.content.decode(), phrases)]

    assert len(urls) > 20
    assert not problems, "Finnish in the Swedish admin:\n" + "\n".join(problems)


def test_the_admins_scripts_speak_swedish(admin_user):
    client = swedish_client(admin_user)

    script = client.get("/admin/jsi18n/").content.decode()

    assert "I dag" in script and "timmar efter" in script
    assert "Tänään" not in script and "tuntia" not in script


def test_the_swedish_admin_names_the_plan_in_swedish(kemi, admin_user):
    admin_user.is_superuser = True
    admin_user.save()

    index = swedish_client(admin_user).get(reverse("admin:index")).content.decode()

    assert "Välfärdsplaner" in index
    assert "Åtgärder" in index or "åtgärder" in index
    assert "Toimenpiteet" not in index
