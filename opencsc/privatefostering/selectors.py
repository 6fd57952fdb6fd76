"""Reads of private fostering: an arrangement's checks, visits and decisions; the fostering
team's list, overdue first, in a fixed number of queries whatever its length."""

from datetime import date
from typing import Any

from django.db.models import Count, DateField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.people.models import Person
from opencsc.privatefostering.access import visible_arrangements
from opencsc.privatefostering.models import Arrangement, SuitabilityCheck

FAR_FUTURE = date(9999, 12, 31)


def arrangement_parts(arrangement: Arrangement) -> dict[str, Any]:
    """The household, checks, visits and decisions of one arrangement: four queries."""
    today = timezone.localdate()
    checks = list(arrangement.checks.select_related("member__person", "completed_by"))
    for check in checks:
        check.is_overdue = check.completed_on is None and check.due_on < today  # type: ignore[attr-defined]
    return {
        "household": list(arrangement.household.select_related("person")),
        "checks": checks,
        "visits": list(arrangement.visits.select_related("visited_by").order_by("-visited_on")),
        "decisions": list(
            arrangement.decisions.select_related("proposed_by", "reviewed_by").order_by(
                "-proposed_at"
            )
        ),
        "visit_overdue": arrangement.next_visit_due_on is not None
        and arrangement.next_visit_due_on < today,
        "checks_open": any(check.completed_on is None for check in checks),
    }


def _first_open_check() -> Subquery:
    return Subquery(
        SuitabilityCheck.objects.filter(arrangement=OuterRef("pk"), completed_on__isnull=True)
        .order_by("due_on")
        .values("due_on")[:1],
        output_field=DateField(),
    )


def team_arrangements(*, viewer: User, team_ids: list[int] | None) -> QuerySet[Arrangement]:
    """The open arrangements of `team_ids` (None: every team) the viewer may open, the one with
    the earliest item due (a visit or a check) first: overdue items lead."""
    far = Value(FAR_FUTURE, output_field=DateField())
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
