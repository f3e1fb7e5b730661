"""Externally funded projects (hankkeet), their money, partners and results."""

import datetime

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.models import HistoricalRecords

from common.city import role_label, share_label
from common.content import FinnishOriginal, Shown, shown
from common.fields import DecimalField
from common.formatting import format_euros, format_period
from plans.models import (
    Action,
    ConstraintFieldErrorsMixin,
    Decision,
    Division,
    FocusArea,
    Interpreted,
    interpretation_constraint_fields,
)
from projects.fields import MoneyField


def known(*fields: str) -> Q:
    """True where none of the fields is unknown (NULL)."""
    return Q(**{f"{field}__isnull": False for field in fields})


class Funder(models.Model):
    """A source of external funding: ESR, EAKR, STM, OKM, YM …"""

    code = models.CharField(_lazy("lyhenne"), max_length=20, unique=True)
    name = models.CharField(_lazy("nimi"), max_length=200)

    class Meta:
        verbose_name = _lazy("rahoittaja")
        verbose_name_plural = _lazy("rahoittajat")
        ordering = ["code"]

    def __str__(self):
        return self.code


class Organization(models.Model):
    """A partner, co-funder or the welfare county."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _lazy("kunta")
        WELFARE_COUNTY = "welfare_county", _lazy("hyvinvointialue")
        UNIVERSITY = "university", _lazy("korkeakoulu")
        AUTHORITY = "authority", _lazy("viranomainen")
        ASSOCIATION = "association", _lazy("järjestö")
        COMPANY = "company", _lazy("yritys")
        OTHER = "other", _lazy("muu")

    name = models.CharField(_lazy("nimi"), max_length=200, unique=True)
    short_name = models.CharField(_lazy("lyhenne"), max_length=50, blank=True)
    kind = models.CharField(_lazy("tyyppi"), max_length=20, choices=Kind, default=Kind.OTHER)

    class Meta:
        verbose_name = _lazy("organisaatio")
        verbose_name_plural = _lazy("organisaatiot")
        ordering = ["name"]

    def __str__(self):
        return self.name


# The project rules by year, each written once: as a QuerySet method for the pages that filter
# in the database, and as a plain function for the reports that sum in Python.


def first_day(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def last_day(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def runs_in_year(start_date: datetime.date, end_date: datetime.date | None, year: int) -> bool:
    """A project runs in a year when its dates overlap the calendar year: it starts on or
    before 31.12. and has no end date or ends on or after 1.1. Both days count, so a project
    starting 31.12.2024 runs in 2024 and one ending 1.1.2025 runs in 2025.
    (`Project.objects.running_in` in the database.)"""
    return start_date <= last_day(year) and (end_date is None or end_date >= first_day(year))


def day_counted(end_date: datetime.date | None, year: int) -> datetime.date:
    """The day whose division a running project counts for in the year: its last day in the
    year, 31.12., or its end date if it ends during the year."""
    return last_day(year) if end_date is None else min(end_date, last_day(year))


def division_in_year(periods, end_date: datetime.date | None, year: int):
    """The division a project running in the year belongs to in it, or None.

    The rule: the division of the period in force on the project's last day in the year
    (`day_counted`); if periods overlap on that day, the one that started last. One day, one
    period: a project moved mid-year counts once, for the division it moved to, and never in
    both. `periods` holds the project's (valid_from, valid_until, division) triples, in any
    order; the division is returned as given (an id, a name, an object).
    (`Project.objects.in_division` in the database.)
    """
    day = day_counted(end_date, year)
    found = None
    for valid_from, valid_until, division in periods:
        in_force = valid_from <= day and (valid_until is None or valid_until >= day)
        if in_force and (found is None or valid_from > found[0]):
            found = (valid_from, division)
    return None if found is None else found[1]


class ProjectQuerySet(models.QuerySet):
    def running_in(self, year: int):
        """Projects whose dates overlap the calendar year (the rule of `runs_in_year`)."""
        return self.filter(start_date__lte=last_day(year)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=first_day(year))
        )

    def with_division_in(self, year: int):
        """Annotate `division_in_year`: the id of the division each project belongs to in the
        year (the rule of `division_in_year`), None if no period is in force that day."""
        return self.annotate(division_in_year=division_in_year_subquery(year))

    def in_division(self, division, year: int):
        """Projects running in the year that belong to the division in it: the division on
        their last day in the year (the rule of `division_in_year`). Each project running in
        the year is in at most one division. Read from the years written ahead by those
        rules (`ProjectYear`), an index instead of working out each project's division."""
        return self.filter(
            pk__in=ProjectYear.objects.in_year(year).filter(division=division).values("project")
        )

    def ever_in_division(self, division):
        """Projects that have belonged to the division at some time."""
        return self.filter(
            pk__in=DivisionPeriod.objects.filter(division=division).values("project")
        )

    def with_latest_division(self):
        """Annotate `latest_division`: the id of the division of each project's latest
        period (the one that started last), None if it has none; what a summary of every
        year shows as the project's division."""
        latest = DivisionPeriod.objects.filter(project=OuterRef("pk")).order_by("-valid_from")
        return self.annotate(latest_division=Subquery(latest.values("division")[:1]))


def division_in_year_subquery(year: int) -> Subquery:
    """`division_in_year` in SQL, for a project of the outer query."""
    end = Value(last_day(year), output_field=models.DateField())
    day = Least(end, Coalesce(OuterRef("end_date"), end))  # `day_counted`
    period = (
        DivisionPeriod.objects.filter(project=OuterRef("pk"))
        .in_force_on(day)
        .order_by("-valid_from")
        .values("division")[:1]
    )
    return Subquery(period)


class Project(FinnishOriginal, ConstraintFieldErrorsMixin, models.Model):
    """An externally funded development project in which the city takes part."""

    class Role(models.TextChoices):
        LEAD = "lead", _lazy("päähakija")
        CO_IMPLEMENTER = "co_implementer", _lazy("osatoteuttaja")
        PARTICIPANT = "participant", _lazy("mukana")
        UNKNOWN = "unknown", _lazy("ei tiedossa")

    name = models.CharField(_lazy("nimi"), max_length=300, unique=True)
    short_name = models.CharField(_lazy("lyhyt nimi"), max_length=50, blank=True)
    description = models.TextField(_lazy("kuvaus"), blank=True)
    funders = models.ManyToManyField(
        Funder, verbose_name=_lazy("rahoittajat"), blank=True, related_name="projects"
    )
    start_date = models.DateField(_lazy("alkaa"))
    end_date = models.DateField(_lazy("päättyy"), null=True, blank=True)
    total_budget = MoneyField(
        _lazy("kustannusarvio"),
        null=True,
        blank=True,
        db_column="total_budget_cents",
        help_text=_lazy("Koko hankkeen kustannusarvio. Tyhjä, jos ei tiedossa."),
    )
    total_budget_approximate = models.BooleanField(
        _lazy("kustannusarvio on arvio (n.)"), default=False
    )
    city_share = MoneyField(
        _lazy("kaupungin osuus"),
        null=True,
        blank=True,
        db_column="city_share_cents",
        help_text=_lazy("Tyhjä, jos ei tiedossa."),
    )
    self_financing = MoneyField(
        _lazy("omarahoitus"),
        null=True,
        blank=True,
        db_column="self_financing_cents",
        help_text=_lazy("0, jos hankkeessa ei ole omarahoitusta; tyhjä, jos ei tiedossa."),
    )
    city_role = models.CharField(
        _lazy("kaupungin rooli"), max_length=20, choices=Role, default=Role.UNKNOWN
    )
    contact_name = models.CharField(_lazy("yhteyshenkilö"), max_length=200, blank=True)
    contact_title = models.CharField(_lazy("yhteyshenkilön tehtävä"), max_length=200, blank=True)
    partners = models.ManyToManyField(
        Organization,
        through="ProjectPartner",
        verbose_name=_lazy("kumppanit"),
        blank=True,
        related_name="projects",
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_lazy("painopisteet"), blank=True, related_name="projects"
    )
    actions = models.ManyToManyField(
        Action, verbose_name=_lazy("toimenpiteet"), blank=True, related_name="projects"
    )
    decisions = models.ManyToManyField(
        Decision, verbose_name=_lazy("päätökset"), blank=True, related_name="projects"
    )
    interpretation_marks = GenericRelation("plans.InterpretationMark")

    objects = ProjectQuerySet.as_manager()
    # The history is given in `projects/translation.py`, after the translated name exists.

    constraint_fields = {
        "project_total_budget_not_negative": "total_budget",
        "project_city_share_not_negative": "city_share",
        "project_self_financing_not_negative": "self_financing",
        "project_self_financing_within_city_share": "self_financing",
        "project_self_financing_within_total": "self_financing",
        "project_city_share_within_total": "city_share",
        "project_end_not_before_start": "end_date",
    }

    class Meta:
        verbose_name = _lazy("hanke")
        verbose_name_plural = _lazy("hankkeet")
        ordering = ["start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_budget__isnull=True) | Q(total_budget__gte=0),
                name="project_total_budget_not_negative",
                violation_error_message=_lazy("Kustannusarvio ei voi olla negatiivinen."),
            ),
            models.CheckConstraint(
                condition=Q(city_share__isnull=True) | Q(city_share__gte=0),
                name="project_city_share_not_negative",
                violation_error_message=_lazy("Kaupungin osuus ei voi olla negatiivinen."),
            ),
            models.CheckConstraint(
                condition=Q(self_financing__isnull=True) | Q(self_financing__gte=0),
                name="project_self_financing_not_negative",
                violation_error_message=_lazy("Omarahoitus ei voi olla negatiivinen."),
            ),
            models.CheckConstraint(
                condition=~known("self_financing", "city_share")
                | Q(self_financing__lte=F("city_share")),
                name="project_self_financing_within_city_share",
                violation_error_message=_lazy(
                    "Omarahoitus ei voi olla suurempi kuin kaupungin osuus."
                ),
            ),
            models.CheckConstraint(
                condition=~known("self_financing", "total_budget")
                | Q(self_financing__lte=F("total_budget")),
                name="project_self_financing_within_total",
                violation_error_message=_lazy(
                    "Omarahoitus ei voi olla suurempi kuin kustannusarvio."
                ),
            ),
            models.CheckConstraint(
                condition=~known("city_share", "total_budget")
                | Q(city_share__lte=F("total_budget")),
                name="project_city_share_within_total",
                violation_error_message=_lazy(
                    "Kaupungin osuus ei voi olla suurempi kuin kustannusarvio."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="project_end_not_before_start",
                violation_error_message=_lazy("Päättymispäivä ei voi olla ennen alkamispäivää."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def shown_name(self) -> Shown:
        """`str(project)` in the reader's language, a Finnish fallback marked: the short name
        (one for every language) or the name (`common.content`)."""
        return Shown(self.short_name) if self.short_name else shown(self, "name")

    @classmethod
    def field_label(cls, name: str) -> str:
        """A field's name as pages show it: the city's share and role carry the configured
        city's name ("Kemin osuus"), which the verbose names in the migrations cannot."""
        labels = {"city_share": share_label, "city_role": role_label}
        if name in labels:
            return labels[name]()
        return str(cls._meta.get_field(name).verbose_name)

    def constraint_messages(self) -> dict[str, str]:
        share = {"share": share_label()}
        return {
            "project_city_share_not_negative": _("%(share)s ei voi olla negatiivinen.") % share,
            "project_self_financing_within_city_share": _(
                "Omarahoitus ei voi olla suurempi kuin %(share)s."
            )
            % share,
            "project_city_share_within_total": _(
                "%(share)s ei voi olla suurempi kuin kustannusarvio."
            )
            % share,
        }

    @property
    def period(self) -> str:
        return format_period(self.start_date, self.end_date)

    @property
    def total_budget_display(self) -> str:
        return format_euros(self.total_budget, approximate=self.total_budget_approximate)


class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        CO_IMPLEMENTER = "co_implementer", _lazy("osatoteuttaja")
        CO_FUNDER = "co_funder", _lazy("rahoittaja")
        PARTNER = "partner", _lazy("yhteistyökumppani")
        FUNDING_AUTHORITY = "funding_authority", _lazy("rahoittava viranomainen")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_lazy("organisaatio"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField(_lazy("rooli"), max_length=20, choices=Role, default=Role.PARTNER)

    class Meta:
        verbose_name = _lazy("kumppani")
        verbose_name_plural = _lazy("kumppanit")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organization", "role"],
                name="partner_unique_role_in_project",
                violation_error_message=_lazy("Organisaatio on jo hankkeessa tässä roolissa."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()})"


class DivisionPeriodQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Periods in force on the day (a date or an expression): started on or before it and
        not ended before it."""
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def overlapping(self, year: int):
        """Periods in force on some day of the calendar year."""
        return self.filter(valid_from__lte=last_day(year)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=first_day(year))
        )


class DivisionPeriod(ConstraintFieldErrorsMixin, Interpreted):
    """Which division a project belonged to, and when ("siirtyy hyvinvointitoimialalle "
    "1.1.2023"); stated by the source or an interpretation of it (`Interpreted`)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="division_periods")
    division = models.ForeignKey(
        Division,
        verbose_name=_lazy("toimiala"),
        on_delete=models.PROTECT,
        related_name="project_periods",
    )
    valid_from = models.DateField(_lazy("alkaen"))
    valid_until = models.DateField(_lazy("asti"), null=True, blank=True)

    objects = DivisionPeriodQuerySet.as_manager()
    history = HistoricalRecords()

    constraint_fields = {
        "division_period_end_not_before_start": "valid_until",
        **interpretation_constraint_fields("projects", "divisionperiod"),
    }

    class Meta(Interpreted.Meta):
        verbose_name = _lazy("toimialajakso")
        verbose_name_plural = _lazy("toimialajaksot")
        ordering = ["project", "valid_from"]
        constraints = [
            *Interpreted.Meta.constraints,
            models.UniqueConstraint(
                fields=["project", "valid_from"],
                name="division_period_unique_start",
                violation_error_message=_lazy(
                    "Hankkeella on jo toimialajakso, joka alkaa samana päivänä."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="division_period_end_not_before_start",
                violation_error_message=_lazy("Jakson loppu ei voi olla ennen sen alkua."),
            ),
        ]

    def __str__(self):
        return f"{self.division} {format_period(self.valid_from, self.valid_until)}"


class EarmarkedPart(ConstraintFieldErrorsMixin, models.Model):
    """A part of a project's money earmarked for someone ("Kemille korvamerkitty 25 000 euroa")."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="earmarked_parts")
    recipient = models.ForeignKey(
        Organization,
        verbose_name=_lazy("saaja"),
        on_delete=models.PROTECT,
        related_name="earmarked_parts",
    )
    amount = MoneyField(_lazy("summa"), db_column="amount_cents")
    purpose = models.CharField(_lazy("käyttötarkoitus"), max_length=300, blank=True)

    history = HistoricalRecords()

    constraint_fields = {"earmarked_amount_not_negative": "amount"}

    class Meta:
        verbose_name = _lazy("korvamerkitty osuus")
        verbose_name_plural = _lazy("korvamerkityt osuudet")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="earmarked_amount_not_negative",
                violation_error_message=_lazy("Summa ei voi olla negatiivinen."),
            ),
        ]

    def __str__(self):
        return f"{self.recipient}: {format_euros(self.amount)}"


class ProjectResult(ConstraintFieldErrorsMixin, models.Model):
    """An event or training of a project, with its participants and feedback."""

    class Kind(models.TextChoices):
        TRAINING = "training", _lazy("koulutus")
        EVENT = "event", _lazy("tapahtuma")
        OTHER = "other", _lazy("muu")

    class Mode(models.TextChoices):
        ON_SITE = "on_site", _lazy("lähitoteutus")
        REMOTE = "remote", _lazy("etätoteutus")
        HYBRID = "hybrid", _lazy("hybridi")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(_lazy("tyyppi"), max_length=20, choices=Kind, default=Kind.EVENT)
    title = models.CharField(_lazy("nimi"), max_length=300)
    year = models.PositiveSmallIntegerField(_lazy("vuosi"), null=True, blank=True)
    month = models.PositiveSmallIntegerField(_lazy("kuukausi"), null=True, blank=True)
    trainer = models.CharField(_lazy("kouluttaja"), max_length=200, blank=True)
    mode = models.CharField(_lazy("toteutustapa"), max_length=20, choices=Mode, blank=True)
    participants_on_site = models.PositiveIntegerField(
        _lazy("osallistujia paikan päällä"), null=True, blank=True
    )
    participants_remote = models.PositiveIntegerField(
        _lazy("osallistujia etänä"), null=True, blank=True
    )
    participants_at_least = models.BooleanField(
        _lazy("osallistujamäärä on vähintään (yli)"), default=False
    )
    feedback_score = DecimalField(
        _lazy("palautteen keskiarvo (1–5)"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    notes = models.TextField(_lazy("huomiot"), blank=True)

    constraint_fields = {
        "result_month_range": "month",
        "result_feedback_score_range": "feedback_score",
    }

    class Meta:
        verbose_name = _lazy("tulos")
        verbose_name_plural = _lazy("tulokset")
        ordering = ["project", "year", "month", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="result_month_range",
                violation_error_message=_lazy("Kuukauden on oltava 1–12."),
            ),
            models.CheckConstraint(
                condition=Q(feedback_score__isnull=True)
                | Q(feedback_score__gte=0, feedback_score__lte=5),
                name="result_feedback_score_range",
                violation_error_message=_lazy("Palautteen keskiarvon on oltava välillä 0–5."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def participants(self) -> int | None:
        counts = [n for n in (self.participants_on_site, self.participants_remote) if n is not None]
        return sum(counts) if counts else None


class CostSplit(models.Model):
    """A cost shared between partners, e.g. Someturva: Lapin hyvinvointialue 40 %, Kemi 60 %.

    The shares of one split add up to 100 %; `projects.services.set_cost_shares` and the admin
    inline are the only writers and both check it.
    """

    name = models.CharField(_lazy("nimi"), max_length=200, unique=True)
    description = models.TextField(_lazy("kuvaus"), blank=True)
    division = models.ForeignKey(
        Division,
        verbose_name=_lazy("toimiala"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_splits",
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_lazy("hanke"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cost_splits",
    )
    approval_limit = MoneyField(
        _lazy("toimialajohtajan hyväksymisraja"),
        null=True,
        blank=True,
        db_column="approval_limit_cents",
    )
    approval_rule = models.CharField(_lazy("hyväksymisrajan peruste"), max_length=200, blank=True)
    decisions = models.ManyToManyField(
        Decision, verbose_name=_lazy("päätökset"), blank=True, related_name="cost_splits"
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name=_lazy("painopisteet"), blank=True, related_name="cost_splits"
    )
    interpretation_marks = GenericRelation("plans.InterpretationMark")

    class Meta:
        verbose_name = _lazy("kustannusjako")
        verbose_name_plural = _lazy("kustannusjaot")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CostShare(ConstraintFieldErrorsMixin, models.Model):
    split = models.ForeignKey(CostSplit, on_delete=models.CASCADE, related_name="shares")
    organization = models.ForeignKey(
        Organization,
        verbose_name=_lazy("organisaatio"),
        on_delete=models.PROTECT,
        related_name="cost_shares",
    )
    percent = DecimalField(_lazy("osuus (%)"), max_digits=5, decimal_places=2)

    history = HistoricalRecords()

    constraint_fields = {"cost_share_percent_range": "percent"}

    class Meta:
        verbose_name = _lazy("kustannusosuus")
        verbose_name_plural = _lazy("kustannusosuudet")
        ordering = ["split", "-percent"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__gt=0, percent__lte=100),
                name="cost_share_percent_range",
                violation_error_message=_lazy("Osuuden on oltava yli 0 ja enintään 100 %."),
            ),
            models.UniqueConstraint(
                fields=["split", "organization"],
                name="cost_share_unique_organization",
                violation_error_message=_lazy("Organisaatiolla on jo osuus tästä kustannuksesta."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.percent} %"


def validate_shares_total(percents) -> None:
    """The one rule across rows of a split: its shares add up to exactly 100 %."""
    total = sum(percents)
    if total != 100:
        raise ValidationError(
            _("Osuuksien summa on %(total)s %%, sen on oltava tasan 100 %%.") % {"total": total},
            code="shares_total",
        )


class ProjectYearQuerySet(models.QuerySet):
    def in_year(self, year: int):
        """One row for each project running in the year: the project's row of the year, or
        for a project with no end date the last row, which holds for every year after it."""
        return self.filter(Q(year=year) | Q(continues=True, year__lt=year))


class ProjectYear(models.Model):
    """A year a project runs (`runs_in_year`) and the division it belongs to in it
    (`division_in_year`, None if no period is in force on its day), written ahead from those
    rules by `refresh_project_years` whenever a project's dates or division periods change
    (`projects.signals`), so that the summaries sum by year and division from an index
    instead of working out each project's division (100 000 projects in ten years).

    A project with no end date has rows up to the last year in which its periods change
    (`continues` on that row): its division stays the same in every year after it. Each row
    carries the project's amounts (`MONEY_COPIED`), written again when the project is saved."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField()
    division = models.ForeignKey(Division, null=True, on_delete=models.PROTECT, related_name="+")
    continues = models.BooleanField(default=False)
    # The project's amounts, copied so that the years are summed without reading the projects
    # (the summaries' totals by year, `reports.project_summary.totals_by_year`).
    total_budget = MoneyField(null=True)
    total_budget_approximate = models.BooleanField(default=False)
    city_share = MoneyField(null=True)
    self_financing = MoneyField(null=True)

    objects = ProjectYearQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="project_year_unique"),
        ]
        indexes = [
            models.Index(fields=["year", "division", "project"], name="project_year_division"),
            models.Index(fields=["continues", "year"], name="project_year_continues"),
        ]

    def __str__(self):
        return f"{self.project_id} {self.year} {self.division_id}"


# The project's amounts that its years carry.
MONEY_COPIED = ("total_budget", "total_budget_approximate", "city_share", "self_financing")


def project_years(start, end, periods) -> list[tuple[int, object, bool]]:
    """(year, division, continues) of each year a project runs, by the rules above; an open
    project's years end where its periods stop changing."""
    if end is None:
        last = max(
            [start.year]
            + [valid_from.year for valid_from, _until, _division in periods]
            + [until.year + 1 for _from, until, _division in periods if until is not None]
        )
    else:
        last = end.year
    return [
        (year, division_in_year(periods, end, year), end is None and year == last)
        for year in range(start.year, last + 1)
        if runs_in_year(start, end, year)
    ]


def refresh_project_years(project_ids=None) -> None:
    """Write the years of these projects (None: of every project) again from their dates and
    division periods."""
    projects = Project.objects.all()
    rows = ProjectYear.objects.all()
    periods_of = DivisionPeriod.objects.all()
    if project_ids is not None:
        project_ids = list(project_ids)
        projects = projects.filter(pk__in=project_ids)
        rows = rows.filter(project__in=project_ids)
        periods_of = periods_of.filter(project__in=project_ids)
    periods = {}
    for project_id, *period in periods_of.values_list(
        "project", "valid_from", "valid_until", "division"
    ):
        periods.setdefault(project_id, []).append(period)
    rows.delete()
    ProjectYear.objects.bulk_create(
        (
            ProjectYear(
                project_id=project["pk"],
                year=year,
                division_id=division,
                continues=continues,
                **{name: project[name] for name in MONEY_COPIED},
            )
            for project in projects.values("pk", "start_date", "end_date", *MONEY_COPIED)
            for year, division, continues in project_years(
                project["start_date"], project["end_date"], periods.get(project["pk"], [])
            )
        ),
        batch_size=5000,
    )
