"""The core of the wellbeing plan: decisions, plans, goals, focus areas, divisions, actions."""

from collections.abc import Iterable
from numbers import Number

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, router
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from simple_history.models import HistoricalRecords

from common.fields import DecimalField
from common.formatting import (
    format_date,
    format_focus_area,
    format_plan_name,
    format_year_span,
)
from plans.search import search_actions


class ConstraintFieldErrorsMixin:
    """Show a violated check constraint beside the field it is about, not above the form.

    Django reports every CheckConstraint as a form-wide error; `constraint_fields` maps a
    constraint's name to the field a user has to correct.
    """

    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name, NON_FIELD_ERRORS)
                    errors.setdefault(field, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)


class Decision(models.Model):
    """A decision in the minutes of a body: printed `KV 3.10.2022 § 77`."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", "hyväksytty"
        NOTED = "noted", "merkitty tiedoksi"
        PROPOSED = "proposed", "päätösehdotus"

    body = models.CharField(
        "toimielin", max_length=100, help_text="Esim. KV, KH, Hyvinvointilautakunta"
    )
    body_name = models.CharField("toimielimen koko nimi", max_length=200, blank=True)
    date = models.DateField("päivämäärä", null=True, blank=True)
    section = models.PositiveIntegerField("pykälä", null=True, blank=True)
    title = models.CharField("asia", max_length=300, blank=True)
    outcome = models.CharField("päätös", max_length=20, choices=Outcome, default=Outcome.APPROVED)

    class Meta:
        verbose_name = "päätös"
        verbose_name_plural = "päätökset"
        ordering = ["-date", "body", "section"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "date", "section"],
                name="decision_unique_reference",
                violation_error_message=_lazy(
                    "Tällä toimielimellä on jo päätös samana päivänä samalla pykälällä."
                ),
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        parts = [self.body]
        if self.date:
            parts.append(format_date(self.date))
        if self.section is not None:
            parts.append(f"§ {self.section}")
        return " ".join(parts)


class Division(models.Model):
    """A division (toimiala) of the city; its slug appears in report URLs and never changes."""

    name = models.CharField("nimi", max_length=100, unique=True)
    slug = models.SlugField("tunniste", max_length=100, unique=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="toimialan muokkaajat",
        blank=True,
        related_name="editable_divisions",
        help_text="Toimialan muokkaaja -roolin käyttäjät, jotka saavat muokata toimialan "
        "toimenpiteitä.",
    )

    class Meta:
        verbose_name = "toimiala"
        verbose_name_plural = "toimialat"
        ordering = ["name"]

    def __str__(self):
        return self.name


class PlanQuerySet(models.QuerySet):
    def covering(self, year: int):
        """The plans whose period includes the year: start year <= year <= end year, both
        ends included. Periods may overlap; a caller that wants one plan takes the newest
        (`Plan`'s ordering). `Plan.covers` is the same rule for one plan in Python."""
        return self.filter(start_year__lte=year, end_year__gte=year)


class Plan(models.Model):
    """A four-year wellbeing plan, approved by the council."""

    name = models.CharField("nimi", max_length=200, default="Hyvinvointisuunnitelma")
    start_year = models.PositiveSmallIntegerField("alkuvuosi")
    end_year = models.PositiveSmallIntegerField("loppuvuosi")
    strategy_name = models.CharField(
        "kaupunkistrategia", max_length=200, blank=True, help_text="Esim. Kaupunkistrategia 2022–25"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name="hyväksytty",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "hyvinvointisuunnitelma"
        verbose_name_plural = "hyvinvointisuunnitelmat"
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="plan_end_not_before_start",
                violation_error_message=_lazy("Loppuvuosi ei voi olla ennen alkuvuotta."),
            ),
            models.UniqueConstraint(
                fields=["name", "start_year"],
                name="plan_unique_name_and_start",
                violation_error_message=_lazy("Samanniminen suunnitelma alkaa jo samana vuonna."),
            ),
        ]

    def __str__(self):
        return format_plan_name(self.name, self.start_year, self.end_year)

    @property
    def period(self) -> str:
        return format_year_span(self.start_year, self.end_year)

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def covers(self, year: int) -> bool:
        """Whether the plan's period includes the year (the rule of `Plan.objects.covering`)."""
        return self.start_year <= year <= self.end_year


def plan_years() -> list[int]:
    """Every year of every plan, oldest first: the years the reports and the dashboard offer."""
    years = set()
    for start, end in Plan.objects.values_list("start_year", "end_year"):
        years.update(range(start, end + 1))
    return sorted(years)


class StrategicGoal(models.Model):
    """A strategic goal (strateginen päämäärä) of the city strategy, under a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField("järjestys")
    name = models.CharField("nimi", max_length=200)

    class Meta:
        verbose_name = "strateginen päämäärä"
        verbose_name_plural = "strategiset päämäärät"
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "order"],
                name="goal_unique_order_in_plan",
                violation_error_message=_lazy(
                    "Kahdella päämäärällä ei voi olla samaa järjestysnumeroa."
                ),
            ),
        ]

    def __str__(self):
        return self.name


class Objective(models.Model):
    """A city-strategy objective (the "Tavoite" column) under a strategic goal."""

    goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField("järjestys")
    text = models.TextField("tavoite")

    class Meta:
        verbose_name = "kaupunkistrategian tavoite"
        verbose_name_plural = "kaupunkistrategian tavoitteet"
        ordering = ["goal", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "order"],
                name="objective_unique_order_in_goal",
                violation_error_message=_lazy(
                    "Kahdella tavoitteella ei voi olla samaa järjestysnumeroa."
                ),
            ),
        ]

    def __str__(self):
        return self.text


class FocusAreaQuerySet(models.QuerySet):
    def in_plan(self, plan):
        return self.filter(goal__plan=plan)

    def in_report_order(self):
        return self.select_related("goal").order_by("goal__order", "order")


class FocusArea(models.Model):
    """A focus area (painopiste) decided by the council, under one strategic goal.

    The same text may stand under several goals; each is its own row.
    """

    goal = models.ForeignKey(StrategicGoal, on_delete=models.PROTECT, related_name="focus_areas")
    order = models.PositiveSmallIntegerField("järjestys")
    text = models.TextField("painopiste")
    decisions = models.ManyToManyField(
        Decision, verbose_name="päätökset", blank=True, related_name="focus_areas"
    )

    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        verbose_name = "painopiste"
        verbose_name_plural = "painopisteet"
        ordering = ["goal__plan", "goal__order", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal", "order"],
                name="focus_area_unique_order_in_goal",
                violation_error_message=_lazy(
                    "Kahdella painopisteellä ei voi olla samaa järjestysnumeroa."
                ),
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def numbered(self) -> str:
        """`1.4 Yhteistyö hyvinvointialueen yhdyspinnoilla`: the goal's and its own position."""
        return format_focus_area(self.goal.order, self.order, self.text)


class ActionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        """A bulk update bypasses the services, so it checks the closed years itself: none of
        the rows may lie in a closed year, nor be moved into one."""
        refuse_if_closed(self)
        moves = {name: kwargs[name] for name in MOVED_FIELDS if name in kwargs}
        if moves:
            refuse_moves_into_closed_years(self, moves)
        return super().update(**kwargs)

    def for_year(self, year: int):
        return self.filter(year=year)

    def in_division(self, division):
        return self.filter(division=division)

    def in_plan(self, plan):
        return self.filter(plan=plan)

    def search(self, text: str):
        """Actions whose title or description has every word, ignoring case and ä/ö/å."""
        return search_actions(self, text)


class ActionFocusArea(models.Model):
    """The tie between an action and a focus area it serves.

    A focus area that actions serve cannot be deleted (PROTECT): that would silently cut the
    year's work loose from the plan.
    """

    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE)
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "toimenpiteen painopiste"
        verbose_name_plural = "toimenpiteiden painopisteet"
        constraints = [
            models.UniqueConstraint(
                fields=["action", "focus_area"], name="action_focus_area_unique"
            ),
        ]

    def __str__(self):
        return f"{self.action} – {self.focus_area}"


FEEDBACK_SCORE_MESSAGE = _lazy("Palautteen keskiarvon on oltava välillä 0–5.")

CARRIED_ONCE_MESSAGE = (
    "Toimenpide on jo siirretty tälle vuodelle. / "
    "The action has already been carried into this year."
)

# Kept at module level so that a service can write one history row after the focus areas
# are set, instead of one row per save and per many-to-many change.
ACTION_HISTORY = HistoricalRecords(m2m_fields=["focus_areas"])


class Action(ConstraintFieldErrorsMixin, models.Model):
    """A realized (or planned) action of one division in one plan year."""

    class Status(models.TextChoices):
        PLANNED = "planned", "suunniteltu"
        ONGOING = "ongoing", "käynnissä"
        DONE = "done", "toteutunut"
        NOT_REALIZED = "not_realized", "ei toteutunut"

    plan = models.ForeignKey(
        Plan, verbose_name="suunnitelma", on_delete=models.PROTECT, related_name="actions"
    )
    year = models.PositiveSmallIntegerField("vuosi")
    division = models.ForeignKey(
        Division, verbose_name="toimiala", on_delete=models.PROTECT, related_name="actions"
    )
    focus_areas = models.ManyToManyField(
        FocusArea, verbose_name="painopisteet", through=ActionFocusArea, related_name="actions"
    )
    order = models.PositiveIntegerField(
        "järjestys", default=0, help_text="Järjestys vuoden raportissa."
    )
    title = models.CharField("otsikko", max_length=200)
    description = models.TextField("kuvaus", max_length=20_000, blank=True)
    status = models.CharField("tila", max_length=20, choices=Status, default=Status.DONE)
    participants = models.PositiveIntegerField("osallistujia", null=True, blank=True)
    events = models.PositiveIntegerField("tapahtumia", null=True, blank=True)
    feedback_score = DecimalField(
        "palautteen keskiarvo (1–5)", max_digits=3, decimal_places=2, null=True, blank=True
    )
    decisions = models.ManyToManyField(
        Decision, verbose_name="päätökset", blank=True, related_name="actions"
    )
    needs_review = models.BooleanField(
        "teksti tarkistettava",
        default=False,
        help_text="Edellisestä vuodesta siirretty teksti, jota ei ole vielä päivitetty.",
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name="siirretty toimenpiteestä",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    version = models.PositiveIntegerField(
        "versio", default=1, editable=False, help_text="Kasvaa jokaisessa tallennuksessa."
    )
    created_at = models.DateTimeField("luotu", auto_now_add=True)
    updated_at = models.DateTimeField("muokattu", auto_now=True)

    objects = ActionQuerySet.as_manager()
    history = ACTION_HISTORY
    known_closings: "KnownClosings | None" = None

    constraint_fields = {"action_feedback_score_range": "feedback_score"}

    class Meta:
        verbose_name = "toimenpide"
        verbose_name_plural = "toimenpiteet"
        ordering = ["-year", "division", "order", "pk"]
        indexes = [
            models.Index(fields=["year", "division"], name="action_year_division"),
            # The dashboard counts a year's actions by division, status and focus area: this
            # index alone answers, without reading the actions' rows (their descriptions make
            # the table large). Plain key columns, as SQLite has no `include`.
            models.Index(fields=["year", "division", "status", "id"], name="action_year_figures"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_score__isnull=True)
                | Q(feedback_score__gte=0, feedback_score__lte=5),
                name="action_feedback_score_range",
                violation_error_message=FEEDBACK_SCORE_MESSAGE,
            ),
            # Two coordinators carrying the same year forward at once: one copy, the other
            # is refused (`services.carry_forward` locks the sources; this is the guard).
            models.UniqueConstraint(
                fields=["carried_from", "year"],
                name="action_carried_once_into_a_year",
                violation_error_message=CARRIED_ONCE_MESSAGE,
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.plan_id and self.year and not self.plan.covers(self.year):
            raise ValidationError(
                {
                    "year": _("Vuosi %(year)s ei kuulu suunnitelmakauteen %(period)s.")
                    % {"year": self.year, "period": self.plan.period}
                }
            )
        # The check constraint's rule, read here without a query; the constraint stays the
        # database's guard.
        score = self.feedback_score
        if isinstance(score, Number) and not 0 <= score <= 5:
            raise ValidationError({"feedback_score": FEEDBACK_SCORE_MESSAGE})
        self.refuse_changes_in_closed_year()

    def refuse_changes_in_closed_year(self):
        """A year the board has taken note of is locked: nothing moves into it or changes in it.

        With `known_closings` set (see `KnownClosings`), nothing is read from the database.
        """
        known = self.known_closings
        places = {(self.plan_id, self.year, self.division_id)}
        if self.pk:
            stored = known.stored_place(self.pk) if known else None
            if stored:
                places.add(stored)
            else:
                places.update(
                    Action.objects.filter(pk=self.pk).values_list("plan_id", "year", "division_id")
                )
        for plan_id, year, division_id in places:
            if None in (plan_id, year, division_id):
                continue
            if known:
                closing = known.closing(plan_id, year, division_id)
            else:
                closing = (
                    YearClosing.objects.in_force()
                    .covering(plan_id=plan_id, year=year, division_id=division_id)
                    .select_related("decision", "division")
                    .first()
                )
            if closing:
                raise closed_year_error(closing)


def closed_year_error(closing: "YearClosing") -> ValidationError:
    """The refusal of every change to a closed year's actions, wherever it is made."""
    return ValidationError(
        _(
            "Toimialan %(division)s vuosi %(year)s on lukittu, koska lautakunta on "
            "käsitellyt sen (%(decision)s). Vain pääkäyttäjä voi avata sen."
        )
        % {"division": closing.division, "year": closing.year, "decision": closing.decision},
        code="year_closed",
    )


def closing_of_any(actions) -> "YearClosing | None":
    """The closing in force of the first closed year among the actions (instances, ids or a
    QuerySet), read in one query; None when all of them lie in open years."""
    if isinstance(actions, models.QuerySet):
        ids = actions.values("pk")
    else:
        ids = [getattr(action, "pk", action) for action in actions]
        if not ids:
            return None
    in_closed_year = Action.objects.filter(
        pk__in=ids,
        plan=models.OuterRef("plan"),
        year=models.OuterRef("year"),
        division=models.OuterRef("division"),
    )
    return (
        YearClosing.objects.in_force()
        .filter(models.Exists(in_closed_year))
        .select_related("decision", "division")
        .order_by("year", "division__name")
        .first()
    )


def refuse_if_closed(actions) -> None:
    """Refuse (ValidationError, in Finnish) a change that touches any of the actions or their
    links if one of them lies in a closed year. The actions are read as they are stored.

    The services check an action through `Action.clean()`; this is the check for the paths
    that go around them: deletions that cascade, links changed from a project or a decision,
    bulk updates."""
    closing = closing_of_any(actions)
    if closing:
        raise closed_year_error(closing)


MOVED_FIELDS = {"plan": "plan_id", "plan_id": "plan_id", "year": "year"}
MOVED_FIELDS |= {"division": "division_id", "division_id": "division_id"}


def refuse_moves_into_closed_years(actions: "ActionQuerySet", moves: dict) -> None:
    """A bulk update that sets the plan, year or division must not move an action into a
    closed year. A value computed in the database (an F expression) cannot be checked before
    the update and is refused."""
    values = {}
    for name, value in moves.items():
        if hasattr(value, "resolve_expression"):
            raise ValidationError(
                _(
                    "Toimenpiteiden vuotta, suunnitelmaa tai toimialaa ei voi muuttaa laskettuna "
                    "joukkona; muuta ne yksitellen."
                )
            )
        values[MOVED_FIELDS[name]] = getattr(value, "pk", value)
    places = {
        (
            values.get("plan_id", plan_id),
            values.get("year", year),
            values.get("division_id", division_id),
        )
        for plan_id, year, division_id in actions.values_list("plan_id", "year", "division_id")
    }
    if not places:
        return
    query = Q()
    for plan_id, year, division_id in places:
        query |= Q(plan_id=plan_id, year=year, division_id=division_id)
    closing = (
        YearClosing.objects.in_force().filter(query).select_related("decision", "division").first()
    )
    if closing:
        raise closed_year_error(closing)


class KnownClosings:
    """The years closed now and where some actions are stored, read once for many checks.

    An import checks hundreds of actions: set an instance as `action.known_closings` while
    it is checked, and `Action.clean()` reads nothing more. A write does not use it: the
    services read the current state inside their transaction.
    """

    def __init__(self, actions: Iterable["Action"] = ()):
        self.closings = {
            (closing.plan_id, closing.year, closing.division_id): closing
            for closing in YearClosing.objects.in_force().select_related("decision", "division")
        }
        self.stored = {
            action.pk: (action.plan_id, action.year, action.division_id) for action in actions
        }

    def closing(self, plan_id, year, division_id) -> "YearClosing | None":
        return self.closings.get((plan_id, year, division_id))

    def stored_place(self, pk) -> tuple | None:
        return self.stored.get(pk)


class YearClosingQuerySet(models.QuerySet):
    def in_force(self):
        """Closings that have not been reopened: they lock the year's actions."""
        return self.filter(reopened_at__isnull=True)

    def covering(self, *, plan_id, year, division_id):
        return self.filter(plan_id=plan_id, year=year, division_id=division_id)


class YearClosing(models.Model):
    """The board has taken note of a division's annual table: that year's actions are locked.

    Reopening keeps the row and records who reopened it and when, so the rows of a plan year
    and division are its history; `plans.closing` is the only writer.
    """

    plan = models.ForeignKey(
        Plan, verbose_name="suunnitelma", on_delete=models.PROTECT, related_name="closings"
    )
    year = models.PositiveSmallIntegerField("vuosi")
    division = models.ForeignKey(
        Division, verbose_name="toimiala", on_delete=models.PROTECT, related_name="closings"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name="lautakunnan päätös",
        on_delete=models.PROTECT,
        related_name="closings",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="kirjannut",
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField("kirjattu")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="avannut uudelleen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField("avattu uudelleen", null=True, blank=True)

    objects = YearClosingQuerySet.as_manager()

    class Meta:
        verbose_name = "vuoden lukitus"
        verbose_name_plural = "vuosien lukitukset"
        ordering = ["plan", "year", "division", "closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year", "division"],
                condition=Q(reopened_at__isnull=True),
                name="year_closing_one_in_force",
                violation_error_message=_lazy("Toimialan vuosi on jo lukittu."),
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True, reopened_by__isnull=True)
                | Q(reopened_at__isnull=False, reopened_by__isnull=False),
                name="year_closing_reopened_by_and_at_together",
                violation_error_message=_lazy(
                    "Uudelleenavauksella on oltava sekä avaaja että aika."
                ),
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | Q(reopened_at__gte=models.F("closed_at")),
                name="year_closing_reopened_after_closed",
                violation_error_message=_lazy("Vuotta ei voi avata ennen kuin se on lukittu."),
            ),
        ]

    def __str__(self):
        return f"{self.division} {self.year}: {self.decision}"

    def clean(self):
        super().clean()
        if self.plan_id and self.year and not self.plan.covers(self.year):
            raise ValidationError(
                {
                    "year": _("Vuosi %(year)s ei kuulu suunnitelmakauteen %(period)s.")
                    % {"year": self.year, "period": self.plan.period}
                }
            )
