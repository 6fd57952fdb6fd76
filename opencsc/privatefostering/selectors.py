"""Reads of private fostering: an arrangement's checks, visits and decisions; the fostering
team's list, overdue first, in a fixed number of queries whatever its length."""

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.core import approvals
from opencsc.people.models import Person
from opencsc.privatefostering.access import visible_arrangements
from opencsc.privatefostering.codes import EndReason, Notifier, Outcome
from opencsc.privatefostering.deadlines import next_visit_due
from opencsc.privatefostering.models import (
    Arrangement,
    FosteringVisit,
    SuitabilityCheck,
    SuitabilityDecision,
)
from opencsc.timescales import rules

FAR_FUTURE = date(9999, 12, 31)


def arrangement_parts(arrangement: Arrangement) -> dict[str, Any]:
    """The household, checks, visits and decisions of one arrangement: four queries."""
    today = timezone.localdate()
    checks = list(arrangement.checks.select_related("member__person", "completed_by"))
    for check in checks:
        check.is_overdue = check.completed_on is None and check.due_on < today  # type: ignore[attr-defined]
    decisions = list(
        arrangement.decisions.select_related("proposed_by", "reviewed_by").order_by("-proposed_at")
    )
    return {
        "household": list(arrangement.household.select_related("person")),
        "checks": checks,
        "visits": list(arrangement.visits.select_related("visited_by").order_by("-visited_on")),
        "decisions": decisions,
        # A decision waiting or authorised: no new proposal (a returned one may be proposed again).
        "decision_standing": any(d.status != approvals.RETURNED for d in decisions),
        "visit_overdue": arrangement.next_visit_due_on is not None
        and arrangement.next_visit_due_on < today,
        "checks_open": any(check.completed_on is None for check in checks),
    }


def _first_open_check() -> Subquery:
    return Subquery(
        SuitabilityCheck.objects.filter(arrangement=OuterRef("pk"), completed_on__isnull=True)
        .order_by("due_on")
        .values("due_on")[:1],
        output_field=models.DateField(),
    )


def team_arrangements(*, viewer: User, team_ids: list[int] | None) -> QuerySet[Arrangement]:
    """The open arrangements of `team_ids` (None: every team) the viewer may open, the one with
    the earliest item due (a visit or a check) first: overdue items lead."""
    far = Value(FAR_FUTURE, output_field=models.DateField())
    rows = visible_arrangements(viewer).filter(ended_on__isnull=True)
    if team_ids is not None:
        rows = rows.filter(team_id__in=team_ids)
    return (
        rows.select_related("child", "team")
        .annotate(
            first_check_due=_first_open_check(),
            checks_open=Count("checks", filter=Q(checks__completed_on__isnull=True)),
        )
        .annotate(
            first_due=Least(Coalesce("next_visit_due_on", far), Coalesce("first_check_due", far))
        )
        .order_by("first_due", "pk")
    )


def child_arrangements(child: Person, *, viewer: User) -> list[Arrangement]:
    """The child's arrangements the viewer may open, latest first: one query."""
    return list(
        visible_arrangements(viewer)
        .filter(child=child)
        .select_related("team")
        .order_by("-notified_on", "-pk")
    )


def reporting_year(year: int) -> tuple[date, date]:
    """The reporting year `year`-`year+1`: 1 April to 31 March, as the council's other returns."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "none to count"


def annual_report(year: int) -> dict[str, Any]:
    """The figures of the annual private fostering report for the partnership, for the reporting
    year starting 1 April `year`: notifications (and whether in time, and who made them), new,
    ongoing and ended arrangements, first visits and visits on time, checks on time, decisions.
    Seven queries whatever the number of arrangements. No child is named."""
    start, end = reporting_year(year)
    notified = list(
        Arrangement.objects.filter(notified_on__range=(start, end))
        .annotate(first_visit_on=Min("visits__visited_on"))
        .values_list("notified_on", "starts_on", "notifier", "first_visit_on")
    )
    in_time = sum(1 for n, s, _, _ in notified if n <= rules.PF_NOTIFICATION.due_on(s))
    first_visits_on_time = sum(
        1
        for n, s, _, first in notified
        if first is not None
        and first <= next_visit_due(aware_on=n, proposed=s > n, last_visit_on=None)
    )
    by_notifier = dict.fromkeys(Notifier.values, 0)
    for _, _, notifier, _ in notified:
        by_notifier[notifier] = by_notifier.get(notifier, 0) + 1
    counts = Arrangement.objects.aggregate(
        open_at_start=Count(
            "pk",
            filter=Q(notified_on__lt=start) & (Q(ended_on__isnull=True) | Q(ended_on__gte=start)),
        ),
        open_at_end=Count(
            "pk", filter=Q(notified_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
        ),
        began_in_year=Count(
            "pk", filter=Q(notified_on__range=(start, end), starts_on__range=(start, end))
        ),
    )
    ended = dict(
        Arrangement.objects.filter(ended_on__range=(start, end))
        .values_list("end_reason")
        .annotate(n=Count("pk"))
        .values_list("end_reason", "n")
    )
    visits = list(
        FosteringVisit.objects.filter(visited_on__range=(start, end)).values_list(
            "visited_on", "due_on", "seen_alone"
        )
    )
    checks = list(
        SuitabilityCheck.objects.filter(due_on__range=(start, end)).values_list(
            "due_on", "completed_on"
        )
    )
    decisions = dict(
        SuitabilityDecision.objects.filter(
            status=approvals.AUTHORISED,
            reviewed_at__date__range=(start, end),
        )
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    today = timezone.localdate()
    visits_on_time = sum(1 for visited, due, _ in visits if visited <= due)
    checks_on_time = sum(1 for due, done in checks if done is not None and done <= due)
    checks_late = sum(1 for due, done in checks if done is not None and done > due)
    checks_overdue = sum(1 for due, done in checks if done is None and due < today)
    return {
        "year": year,
        "start": start,
        "end": end,
        "notifications": len(notified),
        "notified_in_time": in_time,
        "notified_in_time_share": _share(in_time, len(notified)),
        "by_notifier": [(label, by_notifier.get(value, 0)) for value, label in Notifier.choices],
        "proposed": sum(1 for n, s, _, _ in notified if s > n),
        "first_visits_on_time": first_visits_on_time,
        "first_visits_on_time_share": _share(first_visits_on_time, len(notified)),
        **counts,
        "ended": [(label, ended.get(value, 0)) for value, label in EndReason.choices],
        "ended_total": sum(ended.values()),
        "visits": len(visits),
        "visits_on_time": visits_on_time,
        "visits_on_time_share": _share(visits_on_time, len(visits)),
        "visits_seen_alone": sum(1 for _, _, alone in visits if alone),
        "checks": len(checks),
        "checks_on_time": checks_on_time,
        "checks_on_time_share": _share(checks_on_time, len(checks)),
        "checks_late": checks_late,
        "checks_overdue": checks_overdue,
        "decisions": [(label, decisions.get(value, 0)) for value, label in Outcome.choices],
    }
