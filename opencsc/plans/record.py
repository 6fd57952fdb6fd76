"""What child in need plans and visits contribute to the child's record, the episode page and
the episode's closure (the interface every pathway app offers the record composer: see
opencsc/record/contributors.py)."""

from datetime import date
from typing import Any

from django.db.models import Max, QuerySet

from opencsc.accounts.models import User
from opencsc.casework.models import Closure, Referral
from opencsc.people.models import Person
from opencsc.plans import services
from opencsc.plans.models import CINPlan, PlanReview, Visit

RECENT_VISITS = 10


def episode_dates(referral: Referral) -> list[tuple[date, str]]:
    """The latest dates recorded on the episode's child in need plans, reviews and visits."""
    dates: list[tuple[date, str]] = []

    def latest(queryset: QuerySet[Any], what: str, *fields: str) -> None:
        found = queryset.aggregate(**{name: Max(name) for name in fields})
        dates.extend((value, what) for value in found.values() if value is not None)

    latest(
        CINPlan.objects.filter(referral=referral),
        "a child in need plan",
        "started_on",
        "ended_on",
    )
    latest(
        PlanReview.objects.filter(plan__referral=referral), "a child in need plan review", "held_on"
    )
    latest(Visit.objects.filter(referral=referral), "a visit", "visited_on")
    return dates


def census_records(referral: Referral) -> set[str]:
    """The CIN census records the episode holds here: a child in need plan or none."""
    has_plan = CINPlan.objects.filter(referral=referral).exists()
    return {"child in need plan"} if has_plan else set()


def closure_problems(referral: Referral, *, closed_on: date, reason: str) -> list[tuple[str, str]]:
    """Nothing stops a closure here: the closure ends the open child in need plan."""
    return []


def end_for_closure(closure: Closure, *, by: User) -> None:
    """End the child's open child in need plan on the closure date, through the plans service."""
    plan = CINPlan.objects.filter(child=closure.referral.child, ended_on=None).first()
    if plan is not None:
        services.end_cin_plan_for_closure(
            plan,
            closed_on=closure.closed_on,
            reason=f"The episode closed: {closure.get_reason_display()}",
            by=by,
        )


def episode_section(referral: Referral) -> dict[str, list[Any]]:
    """The episode page's child in need plans and its latest visits, newest first."""
    return {
        "cin_plans": list(CINPlan.objects.filter(referral=referral).order_by("-started_on", "-pk")),
        "visits": list(
            Visit.objects.filter(referral=referral)
            .select_related("visited_by")
            .order_by("-visited_on", "-pk")[:RECENT_VISITS]
        ),
    }


def record_section(child: Person, *, user: User) -> dict[str, list[Any]]:
    """The child's child in need plans, newest first, in one query."""
    return {"cin_plans": list(CINPlan.objects.filter(child=child).order_by("-started_on", "-pk"))}
