"""Settings for kemi-hyte.

Every value that differs between a laptop and the city's server comes from the environment;
README.md lists each variable once. Without any variable set, the app runs on a SQLite file
under var/ with debugging off, which refuses to start without a secret key: development
commands (make run) set DJANGO_DEBUG=true.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value in production, "
            "or set DJANGO_DEBUG=true for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-while-debugging"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The plan's own texts in Finnish and Swedish (`plans/translation.py`,
    # `projects/translation.py`); before the admin, whose forms it extends.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # django-axes, named in Finnish in the admin.
    "kemi_hyte.apps.AxesConfig",
    "django_filters",
    "django_tables2",
    "simple_history",
    # python-social-auth, named in Finnish: the link between a city account and its user
    # (`UserSocialAuth`), and the sign-in's nonces.
    "kemi_hyte.apps.SocialAuthConfig",
    "common",
    "plans",
    "projects",
    "indicators",
    "workspace",
    "reports",
    "imports",
    "publication",
    "kemi_hyte",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language a person chose with the switch (a cookie); Finnish otherwise.
    "kemi_hyte.language.LanguageCookieMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Control characters out of every typed text, before any form reads it (common/inputs.py).
    "common.inputs.CleanTextMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in user on every history row (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kemi_hyte.urls"
WSGI_APPLICATION = "kemi_hyte.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workspace.context_processors.workspace_roles",
                "kemi_hyte.context_processors.imports_navigation",
                "django.template.context_processors.csp",
            ],
            # {% translate %} in every template without loading it.
            "builtins": [
                "common.templatetags.finnish",
                "django.templatetags.i18n",
                "common.templatetags.city",
                "common.templatetags.content",
            ],
        },
    },
]

# Labels without a trailing colon, in every form (kemi_hyte/forms.py).
FORM_RENDERER = "kemi_hyte.forms.FormRenderer"

# SQLite under var/ by default, so a newcomer needs no server; DATABASE_URL switches to
# PostgreSQL (postgres://user:password@host:5432/name) without any other change.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'kemi_hyte.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Django reads every select's choices with .iterator(), which on PostgreSQL opens a
# server-side cursor: three round trips for a list of a few dozen rows. The app's only large
# read, the export, is batched anyway.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters bound by the server let psycopg prepare a query the fifth time a connection
    # runs it, so PostgreSQL no longer plans it anew: planning was half the time of a page's
    # small queries. (Behind PgBouncer in transaction mode, version 1.21 or later with
    # max_prepared_statements set; docs/deploy.md.)
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    # No JIT compilation: PostgreSQL starts it from the planner's cost estimate, and on the
    # project summary's by-year totals (a UNION ALL of ten years) compiling took 2.8 s of a
    # 3 s query that runs in 0.3 s without it. A web request's queries are short.
    DATABASES["default"]["OPTIONS"]["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Finnish first: language, time zone and number/date formats. The thousand separator stays
# off globally (years would print as "2 024"); money is formatted by the `euros` filter.
LANGUAGE_CODE = "fi"
# Finnish, and Swedish for the bilingual municipalities. The interface is Finnish until a
# person chooses Swedish with the switch in the page frame (kemi_hyte/language.py); the
# browser's preferred language is not asked.
LANGUAGES = [("fi", "suomi"), ("sv", "svenska")]
# The plan's own texts (goals, objectives, focus areas, actions, project names) have a
# Finnish and a Swedish column (django-modeltranslation); a missing Swedish text falls back
# to the Finnish one, which the pages mark (`common/content.py`).
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi",)


def _translated_column_name(verbose_name, language):
    # "otsikko" for the Finnish column, "otsikko (ruotsiksi)" for the Swedish one.
    from common.content import swedish_verbose_name  # noqa: PLC0415 (after the settings)

    return swedish_verbose_name(verbose_name, language)


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = _translated_column_name
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
# The project's catalogues: its own strings in Swedish (locale/sv, kept up to date by
# makemessages), Finnish for what Django 6.1 and the app's libraries leave in English (the
# admin's newest strings, django-simple-history, django-axes, django-tables2, django-filter;
# locale/fi, hand-kept) and Swedish for the same strings (locale_libraries/sv, hand-kept). The
# compiled .mo files are committed, so no gettext tools are needed to run the app.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_libraries"]
# Finland-Swedish dates as in Finnish (1.9.2021), not Sweden's 2021-09-01 (kemi_hyte/formats).
FORMAT_MODULE_PATH = ["kemi_hyte.formats"]
# The language cookie, as secure as the session's (below).
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
if LANGUAGE_COOKIE_SECURE:
    LANGUAGE_COOKIE_NAME = "__Host-language"
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The PDF reports, once laid out, as files every worker reads (reports/pdf.py). Not part of
# a backup: any file in it can be deleted and is laid out again when asked for.
PDF_CACHE_DIR = Path(os.environ.get("HYTE_PDF_CACHE_DIR") or BASE_DIR / "var" / "pdf-cache")

# The municipality this deployment serves (common/city.py, README "Oma kunta"): its name, the
# Finnish genitive that cannot be derived from it ("Kemin osuus"), its municipality number
# (Sotkanet's KUNTA code) and its wellbeing services county. The empty Swedish and
# organization forms are derived in common/city.py ("Kemis", "Kemin kaupunki", "Kemi stad").
HYTE_CITY_NAME = os.environ.get("HYTE_CITY_NAME") or "Kemi"
HYTE_CITY_GENITIVE = os.environ.get("HYTE_CITY_GENITIVE") or ""
if not HYTE_CITY_GENITIVE:
    if os.environ.get("HYTE_CITY_NAME"):
        raise ImproperlyConfigured(
            "HYTE_CITY_GENITIVE is not set: give the Finnish genitive of HYTE_CITY_NAME "
            "(Kemi: Kemin, Tornio: Tornion), which cannot be derived from the name."
        )
    HYTE_CITY_GENITIVE = "Kemin"
HYTE_CITY_NUMBER = os.environ.get("HYTE_CITY_NUMBER") or "240"
if not HYTE_CITY_NUMBER.isascii() or not HYTE_CITY_NUMBER.isdigit():
    raise ImproperlyConfigured(f"HYTE_CITY_NUMBER must be digits, not {HYTE_CITY_NUMBER!r}")
HYTE_CITY_ORGANIZATION = os.environ.get("HYTE_CITY_ORGANIZATION") or ""
HYTE_COUNTY_NAME = os.environ.get("HYTE_COUNTY_NAME") or "Lapin hyvinvointialue"
HYTE_CITY_NAME_SV = os.environ.get("HYTE_CITY_NAME_SV") or ""
HYTE_CITY_GENITIVE_SV = os.environ.get("HYTE_CITY_GENITIVE_SV") or ""
HYTE_CITY_ORGANIZATION_SV = os.environ.get("HYTE_CITY_ORGANIZATION_SV") or ""
HYTE_COUNTY_NAME_SV = os.environ.get("HYTE_COUNTY_NAME_SV") or (
    "" if os.environ.get("HYTE_COUNTY_NAME") else "Lapplands välfärdsområde"
)

# THL's Sotkanet (indicators/sotkanet.py): where `manage.py sotkanet_fetch` asks, how long it
# waits for an answer, the wellbeing services county's code (Lapin hyvinvointialue: 21) and
# the first year it fetches. The city is found by HYTE_CITY_NUMBER.
SOTKANET_BASE_URL = os.environ.get("SOTKANET_BASE_URL") or "https://sotkanet.fi/rest/1.1/"
SOTKANET_TIMEOUT = env_int("SOTKANET_TIMEOUT", 30)
SOTKANET_COUNTY_CODE = os.environ.get("SOTKANET_COUNTY_CODE") or "21"
SOTKANET_FIRST_YEAR = env_int("SOTKANET_FIRST_YEAR", 2015)

# Whom a signed-in user with no role is told to ask for one (the 403 page says it).
HYTE_SUPPORT_CONTACT = os.environ.get(
    "HYTE_SUPPORT_CONTACT", "kaupungin hyte-koordinaattori tai järjestelmän pääkäyttäjä"
)

# Publishing a closed year to the citizens (publication/, README "Julkaisu"): whether the
# published project summary names each project's contact person; the open data's licence.
HYTE_PUBLIC_CONTACT_PERSONS = env_bool("HYTE_PUBLIC_CONTACT_PERSONS")
HYTE_PUBLIC_DATA_LICENCE = os.environ.get("HYTE_PUBLIC_DATA_LICENCE") or "CC BY 4.0"
HYTE_PUBLIC_DATA_LICENCE_URL = (
    os.environ.get("HYTE_PUBLIC_DATA_LICENCE_URL")
    or "https://creativecommons.org/licenses/by/4.0/deed.fi"
)


# The accessibility statement (/julkinen/saavutettavuusseloste/) that the Act on the Provision
# of Digital Services (306/2019) asks of a public service: facts the city keeps, not code.
# Since 1.1.2025 accessibility is supervised by Liikenne- ja viestintävirasto Traficom (before
# that by Etelä-Suomen aluehallintovirasto).
def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


# The statement's texts come in Finnish and, for the Swedish page, in Swedish (the `_SV`
# variables); a text given only in Finnish is shown in Finnish, marked as such.
HYTE_ACCESSIBILITY = {
    # "full", "partial" or "none": how far the service meets WCAG 2.1 AA.
    "compliance": os.environ.get("HYTE_ACCESSIBILITY_COMPLIANCE") or "partial",
    # The known problems, one a line ("what | why | when it is fixed").
    "problems": lines(
        os.environ.get("HYTE_ACCESSIBILITY_PROBLEMS")
        or "Hankkeiden ja indikaattoreiden taulukot ovat puhelimen näytöllä leveitä ja "
        "vierivät sivusuunnassa omassa laatikossaan | taulukkoa ei voi jakaa riveiksi "
        "menettämättä sarakkeiden otsikoita | arvioidaan seuraavassa tarkistuksessa"
    ),
    "problems_sv": lines(
        os.environ.get("HYTE_ACCESSIBILITY_PROBLEMS_SV")
        or (
            ""
            if os.environ.get("HYTE_ACCESSIBILITY_PROBLEMS")
            else "Tabellerna över projekt och indikatorer är breda på en telefonskärm och "
            "rullar i sidled i en egen ruta | tabellen kan inte delas upp i rader utan att "
            "kolumnrubrikerna går förlorade | bedöms vid följande granskning"
        )
    ),
    "prepared": os.environ.get("HYTE_ACCESSIBILITY_PREPARED") or "3.12.2026",
    "reviewed": os.environ.get("HYTE_ACCESSIBILITY_REVIEWED") or "3.12.2026",
    "method": os.environ.get("HYTE_ACCESSIBILITY_METHOD")
    or "itsearviointi; jokainen julkinen sivu tarkistetaan automaattisesti axe-core- ja "
    "Nu HTML Checker -työkaluilla",
    "method_sv": os.environ.get("HYTE_ACCESSIBILITY_METHOD_SV")
    or (
        ""
        if os.environ.get("HYTE_ACCESSIBILITY_METHOD")
        else "självbedömning; varje offentlig sida granskas automatiskt med verktygen "
        "axe-core och Nu HTML Checker"
    ),
    # The city's own channel: none is assumed (the page says it is missing until it is set).
    "feedback_email": os.environ.get("HYTE_ACCESSIBILITY_FEEDBACK_EMAIL") or "",
    "feedback_url": os.environ.get("HYTE_ACCESSIBILITY_FEEDBACK_URL") or "",
    "response_days": env_int("HYTE_ACCESSIBILITY_RESPONSE_DAYS", 14),
    "authority": os.environ.get("HYTE_ACCESSIBILITY_AUTHORITY")
    or "Liikenne- ja viestintävirasto Traficom, saavutettavuusvalvonta",
    "authority_sv": os.environ.get("HYTE_ACCESSIBILITY_AUTHORITY_SV")
    or (
        ""
        if os.environ.get("HYTE_ACCESSIBILITY_AUTHORITY")
        else "Transport- och kommunikationsverket Traficom, tillsynen över tillgänglighet"
    ),
    "authority_url": os.environ.get("HYTE_ACCESSIBILITY_AUTHORITY_URL")
    or "https://www.traficom.fi",
}

# The admin's history pages show earlier versions but never restore them: django-simple-history's
# revert checks only the view permission, and restores a row without its related rows. An
# action's earlier version is restored on its page in the app (common/admin.py refuses the POST).
SIMPLE_HISTORY_REVERT_DISABLED = True

# Spreadsheet uploads: files above IMPORT_MAX_BYTES are refused before they are read. An
# allowed upload is kept in memory; a larger one goes to a temporary file until it is refused.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_BYTES

# E-mail carries the password reset links (kemi_hyte/accounts.py). While debugging the messages
# are printed to the console; on a server they go to the city's SMTP relay. Django 6.1 names
# the backend and its options in MAILERS (the EMAIL_* settings are deprecated).
mail_backend = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
MAILERS = {"default": {"BACKEND": mail_backend}}
if mail_backend == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 25),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS"),
        # A relay that does not answer fails the request in seconds, before the server's
        # timeout.
        "timeout": env_int("DJANGO_EMAIL_TIMEOUT", 10),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

# Production hardening: on whenever debugging is off. docs/deploy.md explains each variable.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer probes the health check over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# `preload` only takes effect if the owner of the whole domain submits it to the browsers'
# preload list; on the app's own host name it changes nothing and keeps check --deploy clean.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Browsers accept a cookie named __Host-… only if it is Secure, has Path=/ and no Domain:
# no other host under the city's domain can set or overwrite it. Plain http while
# developing cannot carry such cookies, so the prefix comes with the Secure flag.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
# A form sent with a stale or missing CSRF token gets a Finnish page asking to reload it.
CSRF_FAILURE_VIEW = "kemi_hyte.views.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy on every response: only the app's own files, no inline script or
# style. A template that really needs an inline script gives it nonce="{{ csp_nonce }}".
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Sign-in protection (django-axes). After AXES_FAILURE_LIMIT failed attempts, the same user
# name from the same address is refused until the cool-off has passed. Locking the pair
# rather than the address keeps colleagues behind one city NAT able to sign in, and
# rather than the user name keeps an outsider from locking a board member out from afar.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # The app's own passwords, for the users HYTE_PASSWORD_USERS names (kemi_hyte/accounts.py).
    "kemi_hyte.accounts.PasswordBackend",
    # The city's accounts over OpenID Connect (kemi_hyte/city_sign_in.py).
    "kemi_hyte.city_sign_in.CityAccountAuth",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
# Keep a row for every failed attempt too, not only the counters: the city's audit trail.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_CLIENT_IP_CALLABLE = "kemi_hyte.audit.client_ip"
# Behind nginx the client's address is in a header the proxy writes; the Nth address from
# the right, where N is the number of proxies of our own, is the one no client can forge.
CLIENT_IP_HEADER = os.environ.get(
    "DJANGO_CLIENT_IP_HEADER", "HTTP_X_FORWARDED_FOR" if BEHIND_PROXY else ""
)
CLIENT_IP_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 1)

# Sign-in with the city's accounts: Microsoft Entra ID, or any OpenID Connect provider, over
# the authorization code flow (kemi_hyte/city_sign_in.py, docs/deploy.md). Off until an issuer
# (or an Entra tenant) and a client id are set; the app then behaves as without it.
OIDC_TENANT = os.environ.get("HYTE_OIDC_TENANT", "")
OIDC_ISSUER = os.environ.get("HYTE_OIDC_ISSUER", "") or (
    f"https://login.microsoftonline.com/{OIDC_TENANT}/v2.0" if OIDC_TENANT else ""
)
OIDC_CLIENT_ID = os.environ.get("HYTE_OIDC_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_ISSUER and OIDC_CLIENT_ID)


def env_secret(name: str) -> str:
    """A secret from NAME, or from the file NAME_FILE names (a systemd credential, say)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {error}") from None
    return os.environ.get(name, "")


def env_role_map(name: str, default: str) -> dict[str, str]:
    """`Hyte.Coordinator=coordinator,Hyte.Board=board`: an app role's value in the identity
    provider, and the app's role (common/roles.py) it gives."""
    mapping = {}
    for item in env_list(name, default):
        value, sep, role = (part.strip() for part in item.partition("="))
        # The roles of common/roles.py a claim may give; a division editor's comes with a division,
        # through HYTE_OIDC_DIVISION_EDITOR_PREFIX.
        if not sep or not value or role not in {"coordinator", "board", "admin"}:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not VALUE=ROLE with ROLE coordinator, board or admin"
            )
        mapping[value] = role
    return mapping


OIDC_CLIENT_SECRET = env_secret("HYTE_OIDC_CLIENT_SECRET")
if OIDC_ENABLED and not DEBUG and not OIDC_ISSUER.startswith("https://"):
    # The code and the tokens would cross the network in clear; the local test provider is for
    # development (DJANGO_DEBUG=true) only.
    raise ImproperlyConfigured(f"HYTE_OIDC_ISSUER must be an https:// URL, not {OIDC_ISSUER!r}")
if OIDC_ENABLED and not OIDC_CLIENT_SECRET:
    raise ImproperlyConfigured(
        "HYTE_OIDC_CLIENT_SECRET (or HYTE_OIDC_CLIENT_SECRET_FILE) is not set, "
        "though HYTE_OIDC_ISSUER and HYTE_OIDC_CLIENT_ID are."
    )
# The claim of the ID token that lists the user's app roles (Entra ID: `roles`), and what each
# value gives. Read at every sign-in: a role removed in the provider is removed here then.
OIDC_ROLES_CLAIM = os.environ.get("HYTE_OIDC_ROLES_CLAIM", "roles")
OIDC_ROLE_MAP = env_role_map(
    "HYTE_OIDC_ROLE_MAP", "Hyte.Coordinator=coordinator,Hyte.Board=board,Hyte.Admin=admin"
)
# `Hyte.DivisionEditor.hyvinvointitoimiala` makes a division editor of the division whose slug
# follows the prefix.
OIDC_DIVISION_EDITOR_PREFIX = os.environ.get(
    "HYTE_OIDC_DIVISION_EDITOR_PREFIX", "Hyte.DivisionEditor."
)
# The claim that names a person for good: Entra ID's object id `oid`, the same in every app of
# the tenant and never reused. Never the e-mail address, which can change and be given anew.
OIDC_USER_ID_CLAIM = os.environ.get("HYTE_OIDC_USER_ID_CLAIM", "oid")
# Who may still sign in with the app's own password: everyone when empty (as without the city
# sign-in), or only these user names, e.g. the break-glass admin.
PASSWORD_USERS = env_list("HYTE_PASSWORD_USERS")

# python-social-auth reads its settings under these names; the backend is named `city`.
SOCIAL_AUTH_CITY_OIDC_ENDPOINT = OIDC_ISSUER.rstrip("/")
SOCIAL_AUTH_CITY_KEY = OIDC_CLIENT_ID
SOCIAL_AUTH_CITY_SECRET = OIDC_CLIENT_SECRET
SOCIAL_AUTH_CITY_ID_KEY = OIDC_USER_ID_CLAIM
# Seconds before a provider that does not answer fails the sign-in with a Finnish page.
SOCIAL_AUTH_REQUESTS_TIMEOUT = env_int("HYTE_OIDC_TIMEOUT", 10)
# Where a sign-in without `next` lands (python-social-auth wants a path, not a URL name).
SOCIAL_AUTH_LOGIN_REDIRECT_URL = "/"
SOCIAL_AUTH_LOGIN_ERROR_URL = "/accounts/login/"
SOCIAL_AUTH_PIPELINE = (
    "kemi_hyte.city_sign_in.forget_signed_in_user",
    "social_core.pipeline.social_auth.social_details",
    "social_core.pipeline.social_auth.social_uid",
    "social_core.pipeline.social_auth.social_user",
    "kemi_hyte.city_sign_in.refuse_without_role",
    "social_core.pipeline.user.get_username",
    "social_core.pipeline.user.create_user",
    "social_core.pipeline.social_auth.associate_user",
    # The names follow the provider; python-social-auth keeps the user name, the address and
    # every permission flag as the app has them.
    "social_core.pipeline.user.user_details",
    "kemi_hyte.city_sign_in.apply_roles",
)

# Logs go to stdout for systemd's journal or the city's collector: one JSON object per line
# in production, plain lines while developing. Sign-ins go to the `kemi_hyte.audit` logger.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {message}", "style": "{"},
        "json": {"()": "kemi_hyte.jsonlog.JsonFormatter"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain" if DEBUG else "json",
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # The audit trail is kept whatever the general log level.
        "kemi_hyte.audit": {"level": "INFO"},
        # django-axes repeats each sign-in event at INFO; kemi_hyte.audit already has them.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
