"""One project for the board: its facts, results, earmarked parts, partners and division history.

`build_project_report` reads one project with everything it shows in a fixed number of
queries (the project, then one prefetch each for funders, partners, earmarked parts, results
and division periods, and one for the interpretation marks on its figures and its partners'
roles). A figure or a division period that is an interpretation is shown with its mark. The result and earmark rows are also laid out per project in the project
summary (`project_summary.py`), which reads them for all its projects at once.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.formatting import format_euros, format_period
from plans.models import InterpretationMark
from projects.models import (
    DivisionPeriod,
    EarmarkedPart,
    Project,
    ProjectPartner,
    ProjectResult,
)


@dataclass(frozen=True)
class ResultRow:
    title: str
    when: str
    trainer: str
    mode: str
    participants: str
    feedback: str
    notes: str
    mode_mark: InterpretationMark | None = None  # the toteutustapa read into the source


@dataclass(frozen=True)
class ResultGroup:
    kind: str  # "Koulutukset", "Tapahtumat", "Muut tulokset"
    results: list[ResultRow]


@dataclass(frozen=True)
class EarmarkRow:
    recipient: str
    amount: Decimal
    purpose: str

    @property
    def amount_text(self) -> str:
        return format_euros(self.amount)


@dataclass(frozen=True)
class PartnerRow:
    organization: str
    role: str
    mark: InterpretationMark | None = None


@dataclass(frozen=True)
class DivisionRow:
    text: str  # "Hyvinvointitoimiala 1.1.2023–31.12.2023"
    mark: DivisionPeriod | None = None  # the period itself, when it is an interpretation


@dataclass(frozen=True)
class ProjectReport:
    project: Project
    title: str
    funders: str
    period: str
    total_budget: str
    city_share: str
    self_financing: str
    self_financing_rate: str
    role: str
    contact: str
    description: str
    results: list[ResultGroup]
    earmarks: list[EarmarkRow]
    partners: list[PartnerRow]
    co_funders: list[str]
    divisions: list[DivisionRow]
    # The project's figures that are interpretations, by field name ("total_budget").
    marks: dict[str, InterpretationMark]


# Results are grouped in this order, under these headings.
RESULT_GROUPS = {
    ProjectResult.Kind.TRAINING: gettext_lazy("Koulutukset"),
    ProjectResult.Kind.EVENT: gettext_lazy("Tapahtumat"),
    ProjectResult.Kind.OTHER: gettext_lazy("Muut tulokset"),
}


def participants_text(result: ProjectResult) -> str:
    """`38 paikan päällä + 22 etänä = 60`, `vähintään 200 paikan päällä`, or `ei tiedossa`."""
    parts = []
    if result.participants_on_site is not None:
        parts.append(_("%(count)s paikan päällä") % {"count": result.participants_on_site})
    if result.participants_remote is not None:
        parts.append(_("%(count)s etänä") % {"count": result.participants_remote})
    if not parts:
        return _("ei tiedossa")
    text = " + ".join(parts)
    if len(parts) > 1:
        text += f" = {result.participants}"
    if result.participants_at_least:
        text = _("vähintään %(count)s") % {"count": text}
    return text


def result_row(result: ProjectResult, marks: dict | None = None) -> ResultRow:
    if result.year and result.month:
        when = f"{result.month}/{result.year}"
    else:
        when = str(result.year or "")
    feedback = ""
    if result.feedback_score is not None:
        feedback = f"{number_format(result.feedback_score.normalize(), use_l10n=True)} / 5"
    return ResultRow(
        title=result.title,
        when=when,
        trainer=result.trainer,
        mode=result.get_mode_display() if result.mode else "",
        participants=participants_text(result),
        feedback=feedback,
        notes=result.notes,
        mode_mark=(marks or {}).get(("projectresult", result.pk, "mode")),
    )


def result_groups(results, marks: dict | None = None) -> list[ResultGroup]:
    """The results grouped by kind (trainings, events, others), each in its stored order;
    `marks` as `marks_of` gives them, for the marks on the results' figures."""
    by_kind: dict[str, list[ResultRow]] = {kind: [] for kind in RESULT_GROUPS}
    for result in results:
        by_kind[result.kind].append(result_row(result, marks))
    return [
        ResultGroup(kind=str(RESULT_GROUPS[kind]), results=rows)
        for kind, rows in by_kind.items()
        if rows
    ]


def earmark_row(part: EarmarkedPart) -> EarmarkRow:
    return EarmarkRow(recipient=str(part.recipient), amount=part.amount, purpose=part.purpose)


def rate_text(self_financing: Decimal | None, city_share: Decimal | None) -> str:
    if self_financing is None or not city_share:
        return _("ei laskettavissa")
    rate = (self_financing / city_share * 100).quantize(Decimal("0.1"))
    return f"{number_format(rate, decimal_pos=1, use_l10n=True)} %"


def project_for_report(pk: int) -> Project:
    """The project with everything its page shows; raises `Project.DoesNotExist`."""
    return Project.objects.prefetch_related(
        "funders",
        Prefetch(
            "partnerships",
            queryset=ProjectPartner.objects.select_related("organization").order_by(
                "role", "organization__name"
            ),
        ),
        Prefetch(
            "earmarked_parts",
            queryset=EarmarkedPart.objects.select_related("recipient").order_by("pk"),
        ),
        Prefetch("results", queryset=ProjectResult.objects.order_by("year", "month", "pk")),
        Prefetch(
            "division_periods",
            queryset=DivisionPeriod.objects.select_related("division").order_by("valid_from"),
        ),
    ).get(pk=pk)


def marks_of(
    project: Project, partnerships: list[ProjectPartner], results: list[ProjectResult]
) -> dict:
    """The marks on the project's figures, its partners' roles and its results' figures (the
    toteutustapa): {(model, pk, field): mark}, in one query."""
    marks = InterpretationMark.objects.on_rows(
        {
            Project: [project.pk],
            ProjectPartner: [p.pk for p in partnerships],
            ProjectResult: [r.pk for r in results],
        }
    )
    return {(mark.content_type.model, mark.object_id, mark.field_name): mark for mark in marks}


def build_project_report(project: Project) -> ProjectReport:
    """`project` comes from `project_for_report`; one more query reads its marks."""
    partnerships = list(project.partnerships.all())
    results = list(project.results.all())
    marks = marks_of(project, partnerships, results)
    co_funders = [
        str(p.organization) for p in partnerships if p.role == ProjectPartner.Role.CO_FUNDER
    ]
    return ProjectReport(
        project=project,
        title=project.name,
        funders=", ".join(funder.code for funder in project.funders.all()),
        period=project.period,
        total_budget=project.total_budget_display,
        city_share=format_euros(project.city_share),
        self_financing=format_euros(project.self_financing),
        self_financing_rate=rate_text(project.self_financing, project.city_share),
        role=project.get_city_role_display(),
        contact=", ".join(filter(None, [project.contact_title, project.contact_name])),
        description=project.description,
        results=result_groups(results, marks),
        earmarks=[earmark_row(part) for part in project.earmarked_parts.all()],
        partners=[
            PartnerRow(
                organization=str(p.organization),
                role=p.get_role_display(),
                mark=marks.get(("projectpartner", p.pk, "role")),
            )
            for p in partnerships
            if p.role != ProjectPartner.Role.CO_FUNDER
        ],
        co_funders=co_funders,
        divisions=[
            DivisionRow(
                text=f"{period.division.name} {format_period(period.valid_from, period.valid_until)}",
                mark=period if period.is_interpretation else None,
            )
            for period in project.division_periods.all()
        ],
        marks={field: mark for (model, _pk, field), mark in marks.items() if model == "project"},
    )
