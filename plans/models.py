"""The core of the wellbeing plan: decisions, plans, goals, focus areas, divisions, actions."""

from collections.abc import Iterable
from numbers import Number

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models, router
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.content import FinnishHistory, FinnishOriginal, Shown, shown, shown_label
from common.fields import DecimalField
from common.formatting import (
    format_date,
    format_focus_area,
    format_plan_name,
    format_year_span,
)
from plans.search import FinnishVector, SearchVectorColumn, document, ranked, search_actions


class ConstraintFieldErrorsMixin:
    """Show a violated check constraint beside the field it is about, not above the form.

    Django reports every CheckConstraint as a form-wide error; `constraint_fields` maps a
    constraint's name to the field a user has to correct. `constraint_messages()` may word a
    refusal at the time it is shown, where the constraint's own message (fixed in the
    migrations) cannot: "Kemin osuus", the configured city's name.
    """

    constraint_fields: dict[str, str] = {}

    def constraint_messages(self) -> dict[str, str]:
        return {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name, NON_FIELD_ERRORS)
                    message = self.constraint_messages().get(constraint.name)
                    if message:
                        error = ValidationError(message, code=error.code)
                    errors.setdefault(field, []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)


INTERPRETATION_NEEDS_SOURCE = _lazy("Kerro tulkinnan lähde: asiakirja, josta tieto on tulkittu.")


class Interpreted(models.Model):
    """A row whose content may be read into a source rather than stated in it.

    `interpretation` is the reason in a sentence ("Asiakirja ei liitä toimenpidettä
    painopisteeseen; kiusaamiseen puuttuminen palvelee sitä."); blank means the source states it
    as a fact. A reason always names its `source` (the document's title), enforced by the
    database.
    """

    interpretation = models.TextField(
        _lazy("tulkinta"),
        blank=True,
        help_text=_lazy("Miksi tieto on tulkittu. Tyhjä, jos lähde sanoo sen suoraan."),
    )
    source = models.CharField(
        _lazy("lähde"),
        max_length=300,
        blank=True,
        help_text=_lazy("Asiakirja, josta tieto on otettu."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(interpretation="") | ~Q(source=""),
                name="%(app_label)s_%(class)s_interpretation_has_source",
                violation_error_message=INTERPRETATION_NEEDS_SOURCE,
            ),
        ]

    @property
    def is_interpretation(self) -> bool:
        return bool(self.interpretation)


def interpretation_constraint_fields(app_label: str, model_name: str) -> dict[str, str]:
    """The interpretation constraint's refusal shown beside the source field."""
    return {f"{app_label}_{model_name}_interpretation_has_source": "source"}


class Decision(models.Model):
    """A decision in the minutes of a body: printed `KV 3.10.2022 § 77`."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _lazy("hyväksytty")
        NOTED = "noted", _lazy("merkitty tiedoksi")
        PROPOSED = "proposed", _lazy("päätösehdotus")

    body = models.CharField(
        _lazy("toimielin"), max_length=100, help_text=_lazy("Esim. KV, KH, Hyvinvointilautakunta")
    )
    body_name = models.CharField(_lazy("toimielimen koko nimi"), max_length=200, blank=True)
    date = models.DateField(_lazy("päivämäärä"), null=True, blank=True)
    section = models.PositiveIntegerField(_lazy("pykälä"), null=True, blank=True)
    title = models.CharField(_lazy("asia"), max_length=300, blank=True)
    outcome = models.CharField(
        _lazy("päätös"), max_length=20, choices=Outcome, default=Outcome.APPROVED
    )

    class Meta:
        verbose_name = _lazy("päätös")
        verbose_name_plural = _lazy("päätökset")
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

    name = models.CharField(_lazy("nimi"), max_length=100, unique=True)
    slug = models.SlugField(_lazy("tunniste"), max_length=100, unique=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_lazy("toimialan muokkaajat"),
        blank=True,
        related_name="editable_divisions",
        help_text=_lazy(
            "Toimialan muokkaaja -roolin käyttäjät, jotka saavat muokata toimialan toimenpiteitä."
        ),
    )

    class Meta:
        verbose_name = _lazy("toimiala")
        verbose_name_plural = _lazy("toimialat")
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

    name = models.CharField(_lazy("nimi"), max_length=200, default="Hyvinvointisuunnitelma")
    start_year = models.PositiveSmallIntegerField(_lazy("alkuvuosi"))
    end_year = models.PositiveSmallIntegerField(_lazy("loppuvuosi"))
    strategy_name = models.CharField(
        _lazy("kaupunkistrategia"),
        max_length=200,
        blank=True,
        help_text=_lazy("Esim. Kaupunkistrategia 2022–25"),
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_lazy("hyväksytty"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _lazy("hyvinvointisuunnitelma")
        verbose_name_plural = _lazy("hyvinvointisuunnitelmat")
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


class StrategicGoal(FinnishOriginal, models.Model):
    """A strategic goal (strateginen päämäärä) of the city strategy, under a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveSmallIntegerField(_lazy("järjestys"))
    name = models.CharField(_lazy("nimi"), max_length=200)

    class Meta:
        verbose_name = _lazy("strateginen päämäärä")
        verbose_name_plural = _lazy("strategiset päämäärät")
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


class Objective(FinnishOriginal, models.Model):
    """A city-strategy objective (the "Tavoite" column) under a strategic goal."""

    goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField(_lazy("järjestys"))
    text = models.TextField(_lazy("tavoite"))

    class Meta:
        verbose_name = _lazy("kaupunkistrategian tavoite")
        verbose_name_plural = _lazy("kaupunkistrategian tavoitteet")
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


class FocusArea(FinnishOriginal, models.Model):
    """A focus area (painopiste) decided by the council, under one strategic goal.

    The same text may stand under several goals; each is its own row.
    """

    goal = models.ForeignKey(StrategicGoal, on_delete=models.PROTECT, related_name="focus_areas")
    order = models.PositiveSmallIntegerField(_lazy("järjestys"))
    text = models.TextField(_lazy("painopiste"))
    decisions = models.ManyToManyField(
        Decision, verbose_name=_lazy("päätökset"), blank=True, related_name="focus_areas"
    )

    objects = FocusAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _lazy("painopiste")
        verbose_name_plural = _lazy("painopisteet")
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

    @property
    def shown_numbered(self) -> Shown:
        """`numbered` in the reader's language, a Finnish fallback marked (`common.content`)."""
        text = shown(self, "text")
        return Shown(format_focus_area(self.goal.order, self.order, text.text), text.fallback)


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
        """Actions whose title, description or focus areas have every word, ignoring case
        and ä/ö/å (`plans.search`)."""
        return search_actions(self, text)

    def needing_review(self):
        """Actions whose text was carried from the year before and nobody has checked yet."""
        return self.filter(needs_review=True)

    def ranked(self, text: str, *then):
        """Best matches of the search `text` first (PostgreSQL), then the order `then`."""
        return ranked(self, text, *then)

    def refresh_search_text(self) -> int:
        """Write the search document of these actions from their stored title, description
        and focus areas, in one statement. A derived column, not a change of the action: no
        version, history row or closed-year check (a closed year's actions stay findable
        when a focus area's text is corrected)."""
        return models.QuerySet.update(self, search_text=document(ActionFocusArea))

    def with_interpretation_counts(self):
        """Each action with `interpreted_links`: how many of its focus-area links are an
        interpretation, and `interpreted_figures`: how many of its figures are marked.
        For the report builders: a count, not the reasons (prefetch `links_with_marks()`
        for those)."""
        return self.annotate(
            interpreted_links=models.Count(
                "actionfocusarea",
                filter=~Q(actionfocusarea__interpretation=""),
                distinct=True,
            ),
            interpreted_figures=models.Count("interpretation_marks", distinct=True),
        )


class ActionFocusAreaQuerySet(models.QuerySet):
    def interpretations(self):
        """Links that the source does not state: someone read the action into the focus area."""
        return self.exclude(interpretation="")

    def facts(self):
        return self.filter(interpretation="")


class ActionFocusArea(ConstraintFieldErrorsMixin, Interpreted):
    """The tie between an action and a focus area it serves, stated by the source or an
    interpretation of it (`Interpreted`).

    A focus area that actions serve cannot be deleted (PROTECT): that would silently cut the
    year's work loose from the plan.
    """

    action = models.ForeignKey("plans.Action", on_delete=models.CASCADE)
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT)

    objects = ActionFocusAreaQuerySet.as_manager()

    constraint_fields = interpretation_constraint_fields("plans", "actionfocusarea")

    class Meta(Interpreted.Meta):
        verbose_name = _lazy("toimenpiteen painopiste")
        verbose_name_plural = _lazy("toimenpiteiden painopisteet")
        constraints = [
            *Interpreted.Meta.constraints,
            models.UniqueConstraint(
                fields=["action", "focus_area"], name="action_focus_area_unique"
            ),
        ]
        indexes = [
            # The overview counts two years' actions per focus area of a plan: the ties of
            # those focus areas are read from this index alone, without the table's rows.
            models.Index(fields=["focus_area", "action"], name="action_focus_area_by_area"),
        ]

    def __str__(self):
        return f"{self.action} – {self.focus_area}"


FEEDBACK_SCORE_MESSAGE = _lazy("Palautteen keskiarvon on oltava välillä 0–5.")
TITLE_OR_TEXT_MESSAGE = _lazy("Anna toimenpiteelle otsikko tai kuvaus.")
# How much of the description names an action that has no title.
LABEL_LENGTH = 80

CARRIED_ONCE_MESSAGE = (
    "Toimenpide on jo siirretty tälle vuodelle. / "
    "The action has already been carried into this year."
)

# Kept at module level so that a service can write one history row after the focus areas
# are set, instead of one row per save and per many-to-many change.
# The search document is derived from the rest, so the history leaves it out.
# Given to the model in `plans/translation.py`, after the translated columns exist, so that
# the history keeps the Finnish and the Swedish texts (`title_fi`, `title_sv`).
ACTION_HISTORY = FinnishHistory(
    m2m_fields=["focus_areas"], excluded_fields=["search_text", "search_vector"]
)


class Action(FinnishOriginal, ConstraintFieldErrorsMixin, models.Model):
    """A realized (or planned) action of one division in one plan year."""

    class Status(models.TextChoices):
        PLANNED = "planned", _lazy("suunniteltu")
        ONGOING = "ongoing", _lazy("käynnissä")
        DONE = "done", _lazy("toteutunut")
        NOT_REALIZED = "not_realized", _lazy("ei toteutunut")

    plan = models.ForeignKey(
        Plan, verbose_name=_lazy("suunnitelma"), on_delete=models.PROTECT, related_name="actions"
    )
    year = models.PositiveSmallIntegerField(_lazy("vuosi"))
    division = models.ForeignKey(
        Division, verbose_name=_lazy("toimiala"), on_delete=models.PROTECT, related_name="actions"
    )
    focus_areas = models.ManyToManyField(
        FocusArea,
        verbose_name=_lazy("painopisteet"),
        through=ActionFocusArea,
        related_name="actions",
    )
    order = models.PositiveIntegerField(
        _lazy("järjestys"), default=0, help_text=_lazy("Järjestys vuoden raportissa.")
    )
    # Optional: the city's documents often have a paragraph and no title; `label` is what
    # every page shows.
    title = models.CharField(_lazy("otsikko"), max_length=200, blank=True)
    description = models.TextField(_lazy("kuvaus"), max_length=20_000, blank=True)
    status = models.CharField(_lazy("tila"), max_length=20, choices=Status, default=Status.DONE)
    participants = models.PositiveIntegerField(_lazy("osallistujia"), null=True, blank=True)
    events = models.PositiveIntegerField(_lazy("tapahtumia"), null=True, blank=True)
    feedback_score = DecimalField(
        _lazy("palautteen keskiarvo (1–5)"), max_digits=3, decimal_places=2, null=True, blank=True
    )
    decisions = models.ManyToManyField(
        Decision, verbose_name=_lazy("päätökset"), blank=True, related_name="actions"
    )
    interpretation_marks = GenericRelation("plans.InterpretationMark")
    needs_review = models.BooleanField(
        _lazy("teksti tarkistettava"),
        default=False,
        help_text=_lazy("Edellisestä vuodesta siirretty teksti, jota ei ole vielä päivitetty."),
    )
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_lazy("siirretty toimenpiteestä"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="carried_to",
    )
    version = models.PositiveIntegerField(
        _lazy("versio"),
        default=1,
        editable=False,
        help_text=_lazy("Kasvaa jokaisessa tallennuksessa."),
    )
    created_at = models.DateTimeField(_lazy("luotu"), auto_now_add=True)
    updated_at = models.DateTimeField(_lazy("muokattu"), auto_now=True)
    # Title, description and focus areas' texts folded (`plans.search`), for the search and
    # its indexes on PostgreSQL; written by `ActionQuerySet.refresh_search_text` only.
    search_text = models.TextField(_lazy("hakuteksti"), blank=True, default="", editable=False)
    search_vector = models.GeneratedField(
        expression=FinnishVector("search_text"),
        output_field=SearchVectorColumn(),
        db_persist=True,
    )

    objects = ActionQuerySet.as_manager()
    known_closings: "KnownClosings | None" = None

    constraint_fields = {
        "action_feedback_score_range": "feedback_score",
        "action_title_or_text": "title",
    }

    class Meta:
        verbose_name = _lazy("toimenpide")
        verbose_name_plural = _lazy("toimenpiteet")
        ordering = ["-year", "division", "order", "pk"]
        indexes = [
            models.Index(fields=["year", "division"], name="action_year_division"),
            # The actions list's order (`workspace.tables.LIST_ORDER`), read from the index so
            # that its first page does not sort every action. The search's indexes are
            # PostgreSQL's own: migration 0009.
            models.Index(fields=["-year", "division", "order", "id"], name="action_list_order"),
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
            # On the Finnish texts (`plans/translation.py`), which an untranslated row may have
            # as NULL; the original columns keep the same texts (`common.content`).
            models.CheckConstraint(
                condition=(Q(title_fi__isnull=False) & ~Q(title_fi=""))
                | (Q(description_fi__isnull=False) & ~Q(description_fi="")),
                name="action_title_or_text",
                violation_error_message=TITLE_OR_TEXT_MESSAGE,
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
        return self.label

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.pk])

    def focus_area_links(self):
        """The action's focus-area links in the plan's order, each a fact or an interpretation
        (`reason`, `source`), with its focus area and goal."""
        return (
            ActionFocusArea.objects.filter(action=self)
            .select_related("focus_area__goal")
            .order_by("focus_area__goal__order", "focus_area__order")
        )

    @property
    def label(self) -> str:
        """What names the action wherever it is listed: its title, or when it has none (as in
        the city's own tables) the opening words of its text, cut at a word boundary."""
        return label_of(self.title_fi or "", self.description_fi or "")

    def shown_label(self):
        """`label` in the reader's language, a Finnish fallback marked (`common.content`)."""
        return shown_label(self, label_of)

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
        # The Finnish texts (`title` is the active language's): Finnish first.
        if not (self.title_fi or "").strip() and not (self.description_fi or "").strip():
            raise ValidationError({"title": TITLE_OR_TEXT_MESSAGE})
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


def label_of(title: str, description: str) -> str:
    """`Action.label` for code that has the two texts but no action (history rows, imports)."""
    if title.strip():
        return title
    text = " ".join(description.split())
    if len(text) <= LABEL_LENGTH:
        return text
    words = text[: LABEL_LENGTH + 1].rsplit(" ", 1)[0]
    return words.rstrip(",;:.–-") + "…"


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


class InterpretationMarkQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        ).order_by("field_name")

    def on_rows(self, rows: dict):
        """The marks on some rows of some models, `{Project: ids, ProjectPartner: ids}` (the
        ids a list or a `values("pk")` QuerySet), with their content type, in one query: the
        content type is matched by its app and model name in the same query, never read
        apart (`ContentType.objects.get_for_model` would cost one the first time)."""
        rows_of = Q()
        for model, ids in rows.items():
            rows_of |= Q(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
                object_id__in=ids,
            )
        return self.filter(rows_of).select_related("content_type")


class InterpretationMark(ConstraintFieldErrorsMixin, Interpreted):
    """A figure read into a source rather than stated in it: one field of one row (an
    action's status, a project's budget or role, a cost split's approval limit).

    One small generic model rather than a reason and a source beside every figure of every
    model: the figures that are interpretations are few, and a new one needs no migration.
    The links (an action's focus areas, a project's division periods) carry their own
    `Interpreted` fields instead, as they are rows of their own.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_lazy("tietue"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_lazy("tietueen tunniste"))
    content_object = GenericForeignKey("content_type", "object_id")
    field_name = models.CharField(
        _lazy("tieto"), max_length=100, help_text=_lazy("Kentän nimi, esim. status.")
    )

    objects = InterpretationMarkQuerySet.as_manager()

    constraint_fields = {
        **interpretation_constraint_fields("plans", "interpretationmark"),
        "interpretation_mark_has_reason": "interpretation",
    }

    class Meta(Interpreted.Meta):
        verbose_name = _lazy("tulkinta")
        verbose_name_plural = _lazy("tulkinnat")
        ordering = ["content_type", "object_id", "field_name"]
        constraints = [
            *Interpreted.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(interpretation=""),
                name="interpretation_mark_has_reason",
                violation_error_message=_lazy("Kerro, miksi tieto on tulkinta."),
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field_name"],
                name="interpretation_mark_one_per_field",
                violation_error_message=_lazy("Tällä tiedolla on jo tulkintamerkintä."),
            ),
        ]

    def __str__(self):
        return f"{self.content_object} – {self.field_label}"

    @property
    def field_label(self) -> str:
        """The marked field as its form names it ("tila", "kustannusarvio")."""
        try:
            return str(
                self.content_type.model_class()._meta.get_field(self.field_name).verbose_name
            )
        except (AttributeError, FieldDoesNotExist):
            return self.field_name

    def clean(self):
        super().clean()
        if not self.content_type_id:
            return
        model = self.content_type.model_class()
        try:
            field = model._meta.get_field(self.field_name)
        except FieldDoesNotExist:
            field = None
        if field is None or not field.concrete or field.many_to_many:
            raise ValidationError(
                {
                    "field_name": _("Tietueella ei ole tietoa ”%(name)s”.")
                    % {"name": self.field_name}
                }
            )
        target = model._default_manager.filter(pk=self.object_id).first()
        if target is None:
            raise ValidationError({"object_id": _("Tietuetta ei ole.")})
        if isinstance(target, Action):
            # A mark on a figure of a locked year is a change to that year.
            target.refuse_changes_in_closed_year()


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
        Plan, verbose_name=_lazy("suunnitelma"), on_delete=models.PROTECT, related_name="closings"
    )
    year = models.PositiveSmallIntegerField(_lazy("vuosi"))
    division = models.ForeignKey(
        Division, verbose_name=_lazy("toimiala"), on_delete=models.PROTECT, related_name="closings"
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_lazy("lautakunnan päätös"),
        on_delete=models.PROTECT,
        related_name="closings",
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_lazy("kirjannut"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_lazy("kirjattu"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_lazy("avannut uudelleen"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reopened_at = models.DateTimeField(_lazy("avattu uudelleen"), null=True, blank=True)
    unreviewed_count = models.PositiveIntegerField(
        _lazy("tarkistamattomia tekstejä"),
        default=0,
        help_text=_lazy("Siirrettyjä tekstejä, joita ei ollut tarkistettu, kun vuosi suljettiin."),
    )

    objects = YearClosingQuerySet.as_manager()

    class Meta:
        verbose_name = _lazy("vuoden lukitus")
        verbose_name_plural = _lazy("vuosien lukitukset")
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


# The actions counted ahead, per year, division and status: the dashboard and the overview read
# these few thousand rows instead of the year's ties (200 000 at a million actions). Derived
# rows, written only by `plans.counts.refresh_counts` whenever an action or its focus areas
# change (`plans.signals`, and the services' bulk writes), so they never disagree with the
# actions; `tests/test_action_counts.py` recounts them after every kind of write.


class GoalCount(models.Model):
    """The actions of a year, division and status that serve a goal (through any of its focus
    areas: an action under two of them counts once), and how many of those through at least
    one link the source states."""

    year = models.PositiveSmallIntegerField()
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Action.Status)
    goal = models.ForeignKey(StrategicGoal, on_delete=models.CASCADE, related_name="+")
    actions = models.PositiveIntegerField()
    stated = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "division", "status", "goal"], name="goal_count_unique"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.division_id} {self.status} {self.goal_id}: {self.actions}"


class FocusAreaCount(models.Model):
    """The actions of a year, division and status that serve a focus area (`focus_area` empty:
    the actions that serve none), and how many of those links are interpretations."""

    year = models.PositiveSmallIntegerField()
    division = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Action.Status)
    focus_area = models.ForeignKey(FocusArea, null=True, on_delete=models.CASCADE, related_name="+")
    actions = models.PositiveIntegerField()
    interpreted = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["year", "division", "status", "focus_area"], name="focus_area_count_place"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.division_id} {self.status} {self.focus_area_id}: {self.actions}"
