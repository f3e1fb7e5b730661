"""Floors: the rows a page shows, fetched with as few queries as possible (one per kind of
row) and joined into HTML or CSV text by plain Python, with no ORM objects and no templates.

Each function returns the text it made and how many database rows it read. A page is
compared with its floor in `pages.py`; bench/README.md says how each floor is made.
"""

from collections import defaultdict
from html import escape

from django.db.models import Count, F, Func, Subquery, Sum, Value

from common.formatting import format_euros, format_period, format_year_span
from plans.models import (
    Action,
    ActionFocusArea,
    Division,
    FocusArea,
    Objective,
    Plan,
    plan_years,
)
from plans.search import search_actions
from projects.models import Project
from workspace.tables import COUNT_LIMIT, LIST_ORDER

STATUS_LABELS = dict(Action.Status.choices)
# Roughly the page chrome of base.html (header, navigation, footer), so the sizes compare.
CHROME = (
    '<header class="site-header"><p class="site-name"><a href="/">Kemin kaupunki '
    "Hyvinvointisuunnitelma</a></p><nav><ul>"
    + "".join(f'<li><a href="/{n}/">{n}</a></li>' for n in range(8))
    + "</ul></nav></header>"
)


def page(title: str, body: list[str]) -> str:
    return "".join(
        [
            '<!doctype html><html lang="fi"><head><meta charset="utf-8"><title>',
            escape(title),
            '</title><link rel="stylesheet" href="/static/css/site.css"></head><body>',
            CHROME,
            '<main id="main">',
            *body,
            "</main></body></html>",
        ]
    )


def table(caption: str, headings: list[str], rows: list[list[str]]) -> str:
    """Cells are HTML already (escaped by the caller)."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return (
        f'<table class="data-table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def count_of(queryset) -> Subquery:
    return Subquery(
        queryset.order_by().annotate(count=Func(F("pk"), function="COUNT")).values("count")[:1]
    )


# Dashboard: counts by goal and status, coverage by division, the latest changes.


def dashboard(year: int) -> tuple[str, int]:
    in_plan = {"goal__plan__in": Plan.objects.covering(year)}
    areas = list(
        ActionFocusArea.objects.filter(
            action__year=year, **{f"focus_area__{key}": value for key, value in in_plan.items()}
        )
        .annotate(plan_areas=count_of(FocusArea.objects.filter(**in_plan)))
        .values_list(
            "focus_area_id",
            "focus_area__goal_id",
            "focus_area__goal__order",
            "focus_area__goal__name",
            "action_id",
            "action__status",
            "action__division__name",
            "plan_areas",
        )
    )
    goals: dict[int, tuple] = {}
    counts: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    covered: dict[str, set] = defaultdict(set)
    plan_areas = areas[0][-1] if areas else 0
    for area, goal, order, name, action, status, division, _ in areas:
        goals[goal] = (order, name)
        counts[goal][status].add(action)
        counts[goal]["total"].add(action)
        covered[division].add(area)
    latest = Action.history.order_by("-history_date", "-history_id").values_list(
        "history_date", "history_user__username", "history_type", "id", "title", "year"
    )[:10]
    statuses = list(STATUS_LABELS)
    goal_rows = [
        [f'<a href="/actions/?year={year}&amp;goal={goal}">{order}. {escape(name)}</a>']
        + [str(len(counts[goal][status])) for status in statuses]
        for goal, (order, name) in sorted(goals.items(), key=lambda item: item[1])
    ]
    warnings = "".join(
        f"<li>{escape(division)}: {plan_areas - len(areas_of)} painopistettä ilman "
        "toimenpidettä</li>"
        for division, areas_of in sorted(covered.items())
        if plan_areas - len(areas_of)
    )
    changes = "".join(
        f"<li>{when:%d.%m.%Y %H.%M} · {escape(user or 'järjestelmä')} · {kind} "
        f'<a href="/actions/{pk}/">{escape(title)}</a> ({action_year})</li>'
        for when, user, kind, pk, title, action_year in latest
    )
    reports = "".join(
        f'<li><a href="/reports/annual/{year}/{escape(d)}/">{escape(d)}</a></li>'
        for d in sorted(covered)
    )
    html = page(
        "Etusivu",
        [
            table("Toimenpiteet", ["Päämäärä", *STATUS_LABELS.values()], goal_rows),
            f"<ul>{warnings}</ul><ul>{changes}</ul><ul>{reports}</ul>",
        ],
    )
    return html, len(areas) + len(latest)


# The actions list: one page of 25 rows and the filter's choices.


def filter_choices() -> tuple[str, int]:
    """Every option of the filter form's selects, in one query."""
    parts = [
        Plan.objects.values_list(Value("plan"), "pk", "name", "start_year", "end_year"),
        Division.objects.values_list(Value("division"), "pk", "name", Value(0), Value(0)),
        FocusArea.objects.values_list(Value("goal"), "goal_id", "goal__name", Value(0), Value(0)),
        FocusArea.objects.values_list(Value("focus_area"), "pk", "text", "goal__order", "order"),
    ]
    choices = list(parts[0].order_by().union(*(part.order_by() for part in parts[1:]), all=True))
    selects: dict[str, list[str]] = defaultdict(list)
    for kind, pk, text, a, b in choices:
        if kind == "plan":
            text = f"{text} {format_year_span(a, b)}"
        elif kind == "focus_area":
            text = f"{a}.{b} {text}"
        selects[kind].append(f'<option value="{pk}">{escape(text)}</option>')
    html = "".join(
        f'<label for="id_{kind}">{kind}</label><select name="{kind}" id="id_{kind}">'
        f'<option value="">Kaikki</option>{"".join(options)}</select>'
        for kind, options in selects.items()
    )
    return html, len(choices)


def actions_list(filtered, search: str = "") -> tuple[str, int]:
    """`filtered` is the queryset of the list's filter; the page shows its first 25 rows, in
    the list's order or, for a search of at most COUNT_LIMIT matches, best matches first;
    the count is capped as the page caps it."""
    total = filtered.order_by()[: COUNT_LIMIT + 1].count()
    ordered = filtered.order_by(*LIST_ORDER)
    if search and total <= COUNT_LIMIT:
        ordered = filtered.ranked(search, *LIST_ORDER)
    first_page = list(ordered.values_list("pk", flat=True)[:25])
    position = {pk: n for n, pk in enumerate(first_page)}
    rows = sorted(
        Action.objects.filter(pk__in=first_page)
        .order_by("focus_areas__goal__order", "focus_areas__order")
        .values_list(
            "pk",
            "title",
            "year",
            "division__name",
            "status",
            "focus_areas__goal__order",
            "focus_areas__order",
            "focus_areas__text",
            "projects__name",
        ),
        key=lambda row: position[row[0]],
    )
    actions: dict[int, list] = {}
    for pk, title, year, division, status, goal, order, text, project in rows:
        if pk not in actions:
            actions[pk] = [
                f'<a href="/actions/{pk}/">{escape(title)}</a>',
                str(year),
                escape(division),
                [],
                str(STATUS_LABELS[status]),
                [],
            ]
        if text is not None:
            actions[pk][3].append(f'<span class="cell-line">{goal}.{order} {escape(text)}</span>')
        if project is not None:
            actions[pk][5].append(f'<span class="cell-line">{escape(project)}</span>')
    choices, choice_rows = filter_choices()
    table_rows = [
        [cell if isinstance(cell, str) else "".join(cell) for cell in row]
        for row in actions.values()
    ]
    html = page(
        "Toimenpiteet",
        [
            f'<form method="get">{choices}</form><p>{total} toimenpidettä</p>',
            table(
                "Toimenpiteet",
                ["Otsikko", "Vuosi", "Toimiala", "Painopisteet", "Tila", "Hankkeet"],
                table_rows,
            ),
        ],
    )
    return html, len(rows) + choice_rows + 1


def actions_search(text: str):
    return search_actions(Action.objects.all(), text)


# The annual table of one division and year.


def annual(year: int, division_slug: str) -> tuple[str, int]:
    plan = {"goal__plan__in": Plan.objects.covering(year)}
    structure = list(
        Objective.objects.filter(**plan)
        .order_by()
        .values_list("goal__order", "goal__name", Value("objective"), "order", "text")
        .union(
            FocusArea.objects.filter(**plan)
            .order_by()
            .values_list("goal__order", "goal__name", Value("focus_area"), "order", "text"),
            all=True,
        )
        .order_by("goal__order", "order")
    )
    actions = list(
        Action.objects.filter(
            year=year,
            division__slug=division_slug,
            plan__in=Plan.objects.covering(year),
        )
        .order_by("order", "pk")
        .values_list("pk", "description", "title", "status", "focus_areas__goal__order")
    )
    sections: dict[int, dict] = {}
    for goal, name, kind, _order, text in structure:
        section = sections.setdefault(goal, {"name": name, "objective": [], "focus_area": []})
        section[kind].append(f"<p>{escape(text)}</p>")
    shown: dict[int, list[str]] = defaultdict(list)
    for _pk, description, title, status, goal in actions:
        note = (
            f' <span class="status">({STATUS_LABELS[status]})</span>'
            if status in ("planned", "not_realized")
            else ""
        )
        shown[goal].append(f"<p>{escape(description or title)}{note}</p>")
    body = [
        f'<section class="goal"><h2>STRATEGINEN PÄÄMÄÄRÄ <span>{escape(s["name"].upper())}'
        '</span></h2><table class="annual-table"><thead><tr><th>Tavoite</th><th>Painopisteet'
        f"</th><th>Toimenpiteet {year}</th></tr></thead><tbody><tr>"
        f"<td>{''.join(s['objective'])}</td><td>{''.join(s['focus_area'])}</td>"
        f"<td>{''.join(shown[goal])}</td></tr></tbody></table></section>"
        for goal, s in sections.items()
    ]
    return page(f"Toimenpiteet vuodelta {year}", body), len(structure) + len(actions)


# Projects: the totals summed by the database, as the summary sums them (one aggregate query
# for the filter, one grouped by funder, one grouped by year as a `UNION ALL` of one part per
# year), and the page's first 50 rows with their funders (one query each).

MONEY = ("total_budget", "city_share", "self_financing")
PROJECT_PAGE = 50


def sums() -> dict:
    return {"n": Count("pk"), **{f"sum_{name}": Sum(name) for name in MONEY}}


def totals(row: dict) -> list[str]:
    return [str(row["n"]), *(format_euros(row[f"sum_{name}"]) for name in MONEY)]


def funder_sums(projects) -> list[dict]:
    rows = projects.values("funders__code").annotate(**sums()).order_by()
    return sorted(rows, key=lambda row: (row["funders__code"] is None, row["funders__code"]))


def year_sums(years, projects_of_year) -> list[dict]:
    parts = [
        projects_of_year(each)
        .annotate(year=Value(each))
        .values("year")
        .annotate(**sums())
        .order_by()
        for each in years
    ]
    return sorted(parts[0].union(*parts[1:], all=True).order_by(), key=lambda row: row["year"])


def project_summary(year: int, division) -> tuple[str, int]:
    """The summary of one division's projects running in one year: its first page of rows
    and its totals tables."""
    projects = Project.objects.in_division(division, year).order_by()
    everything = projects.aggregate(**sums())
    shown = list(
        projects.order_by("start_date", "name")[:PROJECT_PAGE].values_list(
            "pk",
            "name",
            "start_date",
            "end_date",
            "total_budget",
            "city_share",
            "self_financing",
            "contact_title",
            "contact_name",
        )
    )
    funders = defaultdict(list)
    for project, code in (
        Project.funders.through.objects.filter(project__in=[row[0] for row in shown])
        .order_by("funder__code")
        .values_list("project_id", "funder__code")
    ):
        funders[project].append(code)
    rows = [
        [
            str(number),
            escape(name)
            + f'<span class="contact">{escape(", ".join(filter(None, [title, contact])))}</span>',
            escape(", ".join(funders[pk])),
            format_period(start, end),
            escape(division.name),
            *(format_euros(amount) for amount in (total, share, own)),
        ]
        for number, (pk, name, start, end, total, share, own, title, contact) in enumerate(
            shown, start=1
        )
    ]
    funder_rows = funder_sums(projects)
    year_rows = year_sums(plan_years(), lambda each: Project.objects.in_division(division, each))
    money = ["Hankkeita", "Kustannusarvio", "Kemin osuus", "Omarahoitus"]
    body = [
        table(
            "Hankkeet",
            ["Nro", "Hanke", "Rahoittaja", "Kausi", "Toimiala", *money[1:]],
            rows + [["", "Yhteensä", "", "", "", *totals(everything)[1:]]],
        ),
        table(
            "Rahoittajittain",
            ["Rahoittaja", *money],
            [
                [escape(row["funders__code"] or "ei rahoittajaa"), *totals(row)]
                for row in funder_rows
            ],
        ),
        table(
            "Vuosittain ja toimialoittain",
            ["Vuosi", "Toimiala", *money],
            [[str(row["year"]), escape(division.name), *totals(row)] for row in year_rows],
        ),
    ]
    read = 1 + len(shown) + sum(map(len, funders.values())) + len(funder_rows) + len(year_rows)
    return page("Hankkeet", body), read


# The year's overview: action counts by goal and focus area for this and last year (one
# query), and the projects' money by funder and by year (the summary's sums, every division).


def overview(year: int) -> tuple[str, int]:
    counts = list(
        FocusArea.objects.filter(goal__plan__in=Plan.objects.covering(year))
        .order_by("goal__order", "order")
        .values_list("goal__order", "goal__name", "order", "text", "actions__id", "actions__year")
    )
    goals: dict[tuple, dict[int, set]] = {}
    areas: dict[tuple, dict[int, set]] = {}
    for goal_order, goal, order, text, action, action_year in counts:
        for key, groups in (((goal_order, goal), goals), ((goal_order, order, text), areas)):
            by_year = groups.setdefault(key, {year - 1: set(), year: set()})
            if action_year in by_year:
                by_year[action_year].add(action)
    funder_rows = funder_sums(Project.objects.running_in(year))
    year_rows = year_sums(plan_years(), Project.objects.running_in)
    money = ["Hankkeita", "Kustannusarvio", "Kemin osuus", "Omarahoitus"]
    body = [
        table(
            "Päämäärät",
            ["Päämäärä", str(year - 1), str(year)],
            [
                [escape(name), str(len(c[year - 1])), str(len(c[year]))]
                for (_, name), c in goals.items()
            ],
        ),
        table(
            "Painopisteet",
            ["Painopiste", str(year - 1), str(year)],
            [
                [f"{g}.{o} {escape(text)}", str(len(c[year - 1])), str(len(c[year]))]
                for (g, o, text), c in areas.items()
            ],
        ),
        table(
            "Rahoittajittain",
            ["Rahoittaja", *money],
            [
                [escape(row["funders__code"] or "ei rahoittajaa"), *totals(row)]
                for row in funder_rows
            ],
        ),
        table(
            "Vuosittain",
            ["Vuosi", *money],
            [[str(row["year"]), *totals(row)] for row in year_rows],
        ),
    ]
    return page(f"Vuoden {year} katsaus", body), len(counts) + len(funder_rows) + len(year_rows)


# The actions export: the same columns as plans.export, `;`-separated as the app writes them.


def csv_text(filtered) -> tuple[str, int]:
    rows = (
        filtered.order_by(
            "-year",
            "division__name",
            "order",
            "pk",
            "focus_areas__goal__order",
            "focus_areas__order",
        )
        .values_list(
            "pk",
            "plan__name",
            "plan__start_year",
            "plan__end_year",
            "year",
            "division__name",
            "focus_areas__goal__order",
            "focus_areas__order",
            "focus_areas__text",
            "title",
            "description",
            "status",
            "participants",
            "events",
            "feedback_score",
            "projects__name",
        )
        .iterator(chunk_size=2000)
    )
    actions: dict[int, list] = {}
    read = 0
    for pk, plan, start, end, year, division, goal, order, area, *rest in rows:
        read += 1
        title, description, status, participants, events, score, project = rest
        if pk not in actions:
            actions[pk] = [
                str(pk),
                f"{plan} {format_year_span(start, end)}",
                str(year),
                division,
                [],
                title,
                description,
                str(STATUS_LABELS[status]),
                "" if participants is None else str(participants),
                "" if events is None else str(events),
                "" if score is None else str(score).replace(".", ","),
                [],
            ]
        if area is not None:
            actions[pk][4].append(f"{goal}.{order} {area}")
        if project is not None:
            actions[pk][11].append(project)
    lines = [
        "\ufeffTunniste;Suunnitelma;Vuosi;Toimiala;Painopisteet;Otsikko;Kuvaus;Tila;"
        "Osallistujia;Tapahtumia;Palautteen keskiarvo;Hankkeet"
    ]
    for row in actions.values():
        lines.append(
            ";".join(quoted("\n".join(cell) if isinstance(cell, list) else cell) for cell in row)
        )
    return "\r\n".join(lines) + "\r\n", read


def quoted(cell: str) -> str:
    if any(char in cell for char in ';"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell
