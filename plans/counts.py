"""The actions counted ahead (`GoalCount`, `FocusAreaCount`), kept exact on every write.

A *place* is a (year, division id) pair. Whatever changes an action, its status, year or
division, or its focus areas and their marks, the counts of the places it was and is in are
counted again from the actions, in one transaction with the change: `plans.signals` does it
for every save through the ORM (the services, the admin, the factories of the tests), and
the bulk writes that send no signals (`services.import_actions`, the benchmark's dataset)
call `refresh_counts` themselves. A place holds one division's actions of one year (5 000 at
the benchmark's million), so counting it again costs a few tens of milliseconds.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce
from operator import or_

from django.db.models import Count, Q

from plans.models import Action, ActionFocusArea, FocusAreaCount, GoalCount

Place = tuple[int, int]

# The places changed inside `counted_once()`, to count once when it ends; None outside it.
_pending: ContextVar[set[Place] | None] = ContextVar("pending_count_places", default=None)


@contextmanager
def counted_once():
    """Within it (a service), the places that changes touch are collected and counted once,
    at the end, instead of at each save and link: a carried-forward year's 5 000 actions of
    a division are counted once, not 10 000 times. Nested, only the outermost counts; if the
    block raises, nothing is counted (its transaction is rolled back anyway)."""
    if _pending.get() is not None:
        yield
        return
    places: set[Place] = set()
    token = _pending.set(places)
    try:
        yield
    finally:
        _pending.reset(token)
    refresh_counts(places)


def places_changed(places: Iterable[Place]) -> None:
    """The actions of these places changed: counted now, or at the end of `counted_once()`."""
    pending = _pending.get()
    if pending is None:
        refresh_counts(places)
    else:
        pending.update(places)


def _in_places(places: set[Place], prefix: str = "") -> Q:
    return reduce(
        or_, (Q(**{f"{prefix}year": year, f"{prefix}division": div}) for year, div in places)
    )


def refresh_counts(places: Iterable[Place] | None = None) -> None:
    """Count again the actions of the places (None: of every place)."""
    count_places(Action, ActionFocusArea, GoalCount, FocusAreaCount, places)


def count_places(Action, ActionFocusArea, GoalCount, FocusAreaCount, places) -> None:  # noqa: N803
    """`refresh_counts` with the models given, so that the migration that fills the counts
    runs it with the models of its time."""
    if places is not None:
        places = {place for place in places if None not in place}
        if not places:
            return
    actions = Action.objects.all()
    ties = ActionFocusArea.objects.all()
    goal_counts = GoalCount.objects.all()
    area_counts = FocusAreaCount.objects.all()
    if places is not None:
        actions = actions.filter(_in_places(places))
        ties = ties.filter(_in_places(places, "action__"))
        goal_counts = goal_counts.filter(_in_places(places))
        area_counts = area_counts.filter(_in_places(places))
    goal_counts.delete()
    area_counts.delete()
    place = ("action__year", "action__division", "action__status")
    stated = Q(interpretation="")
    GoalCount.objects.bulk_create(
        GoalCount(year=year, division_id=division, status=status, goal_id=goal, actions=n, stated=s)
        for year, division, status, goal, n, s in ties.values_list(*place, "focus_area__goal")
        .annotate(
            actions=Count("action", distinct=True),
            stated=Count("action", filter=stated, distinct=True),
        )
        .order_by()
    )
    by_area = ties.values_list(*place, "focus_area").annotate(
        actions=Count("pk"), interpreted=Count("pk", filter=~stated)
    )
    without_area = (
        actions.filter(focus_areas__isnull=True)
        .values_list("year", "division", "status")
        .annotate(actions=Count("pk"))
    )
    FocusAreaCount.objects.bulk_create(
        [
            *(
                FocusAreaCount(
                    year=year,
                    division_id=division,
                    status=status,
                    focus_area_id=area,
                    actions=n,
                    interpreted=i,
                )
                for year, division, status, area, n, i in by_area.order_by()
            ),
            *(
                FocusAreaCount(
                    year=year, division_id=division, status=status, actions=n, interpreted=0
                )
                for year, division, status, n in without_area.order_by()
            ),
        ]
    )


def places_of(action_ids: Iterable[int]) -> set[Place]:
    """The places of these actions, as stored."""
    actions = Action.objects.filter(pk__in=list(action_ids))
    return set(actions.values_list("year", "division").distinct().order_by())
