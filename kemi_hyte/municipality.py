"""Setting up a new municipality (`manage.py setup_municipality`, README "Oma kunta"): its
settings as lines of the deployment's environment file, its divisions, and its first admin.

One deployment serves one municipality: the city's name, number and county are settings
(common/city.py), so they are written to the environment file the service reads
(docs/deploy.md: /etc/kemi-hyte/env) and take effect when the app is restarted. The divisions
and the admin are rows of the database, written in one transaction.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.roles import ADMIN
from plans.services import add_divisions


class SetupError(Exception):
    """The municipality was not set up: nothing was written."""


@dataclass(frozen=True)
class Municipality:
    name: str  # "Tornio"
    genitive: str  # "Tornion"
    number: str  # "851"
    county: str  # "Lapin hyvinvointialue"
    name_sv: str = ""  # "Torneå", if the municipality is bilingual
    genitive_sv: str = ""  # "Torneås"
    county_sv: str = ""  # "Lapplands välfärdsområde"
    organization: str = ""  # "Tornion kaupunki" unless given ("Simon kunta")

    def check(self) -> None:
        if not self.name.strip():
            raise SetupError(_("Kunnan nimi puuttuu."))
        if not self.genitive.strip():
            raise SetupError(_("Kunnan nimen genetiivi puuttuu (Kemi: Kemin, Tornio: Tornion)."))
        if not re.fullmatch(r"[0-9]{1,3}", self.number):
            raise SetupError(
                _("Kuntanumero on enintään kolme numeroa, esimerkiksi 240, ei ”%(number)s”.")
                % {"number": self.number}
            )
        if not self.county.strip():
            raise SetupError(_("Hyvinvointialueen nimi puuttuu."))

    def settings(self) -> dict[str, str]:
        """The environment variables that name the municipality (README "Oma kunta")."""
        values = {
            "HYTE_CITY_NAME": self.name,
            "HYTE_CITY_GENITIVE": self.genitive,
            "HYTE_CITY_NUMBER": self.number,
            "HYTE_COUNTY_NAME": self.county,
            "HYTE_CITY_ORGANIZATION": self.organization,
            "HYTE_CITY_NAME_SV": self.name_sv,
            "HYTE_CITY_GENITIVE_SV": self.genitive_sv,
            "HYTE_COUNTY_NAME_SV": self.county_sv,
        }
        return {key: value.strip() for key, value in values.items() if value.strip()}


# Every variable this module writes, so that a second run replaces the first one's lines.
CITY_VARIABLES = (
    "HYTE_CITY_NAME",
    "HYTE_CITY_GENITIVE",
    "HYTE_CITY_NUMBER",
    "HYTE_COUNTY_NAME",
    "HYTE_CITY_ORGANIZATION",
    "HYTE_CITY_NAME_SV",
    "HYTE_CITY_GENITIVE_SV",
    "HYTE_COUNTY_NAME_SV",
    "HYTE_CITY_ORGANIZATION_SV",
)


def env_line(key: str, value: str) -> str:
    """`KEY="value"`, read alike by systemd's EnvironmentFile and by `. /etc/kemi-hyte/env` in
    a shell (a name with a space, "Lapin hyvinvointialue", needs the quotes)."""
    escaped = re.sub(r'(["\\$`])', r"\\\1", value)
    return f'{key}="{escaped}"'


def env_lines(values: dict[str, str]) -> list[str]:
    return [env_line(key, value) for key, value in values.items()]


def read_env_file(text: str) -> dict[str, str]:
    """The values of an environment file written by `env_line` (and plain `KEY=value` lines)."""
    values = {}
    for line in text.splitlines():
        key, equals, value = line.strip().partition("=")
        if not equals or key.startswith("#"):
            continue
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        values[key] = value
    return values


def write_env_file(path: Path, values: dict[str, str]) -> None:
    """Replace the municipality's lines of an environment file and keep every other line. A new
    file is readable by its owner only (it holds the secret key too, docs/deploy.md)."""
    old = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in old if line.strip().partition("=")[0] not in CITY_VARIABLES]
    text = "\n".join([*kept, *env_lines(values)]) + "\n"
    if not path.exists():
        path.touch(mode=0o600)
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.chmod(temporary, path.stat().st_mode & 0o777)
    temporary.replace(path)


def check_admin(username: str, email: str, password: str | None) -> None:
    User = get_user_model()
    if not username.strip():
        raise SetupError(_("Pääkäyttäjän käyttäjätunnus puuttuu."))
    if User.objects.filter(username=username).exists():
        raise SetupError(
            _("Käyttäjä %(username)s on jo olemassa: valitse toinen tunnus.")
            % {"username": username}
        )
    if password is not None:
        try:
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise SetupError(" ".join(error.messages)) from None


@transaction.atomic
def set_up_municipality(*, divisions: list[str], username: str, email: str, password: str | None):
    """The municipality's divisions and its first admin (a superuser in the admin role), all
    or nothing. Without a password the admin signs in with the city's account or asks for a
    password reset link by e-mail. Returns the divisions and the user."""
    names = [name.strip() for name in divisions if name.strip()]
    if not names:
        raise SetupError(_("Anna vähintään yksi toimiala."))
    check_admin(username, email, password)
    try:
        created = add_divisions(names)
        User = get_user_model()
        user = User(username=username, email=email, is_staff=True, is_superuser=True)
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.full_clean()
        user.save()
    except ValidationError as error:
        raise SetupError(" ".join(error.messages)) from None
    user.groups.add(Group.objects.get(name=ADMIN))
    return created, user
