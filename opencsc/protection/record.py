"""What child protection contributes to the child's record, the episode page and the episode's
closure (the interface every pathway app offers the record composer: see
opencsc/record/contributors.py)."""

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.casework.models import Closure, Referral
from opencsc.people.models import Person
from opencsc.protection.models import (
    Conference,
    CoreGroupMeeting,
    MedicalNotHeld,
    ProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)


def episode_dates(referral: Referral) -> list[tuple[date, str]]:
    """The latest dates recorded on the episode's enquiries, conferences, plans, core groups and
    strategy discussions."""
    episode = {"referral": referral}
    dates: list[tuple[date, str]] = []

    def latest(queryset: QuerySet[Any], what: str, *fields: str) -> None:
        found = queryset.aggregate(**{name: Max(name) for name in fields})
        dates.extend((value, what) for value in found.values() if value is not None)

    latest(
        Section47Enquiry.objects.filter(**episode),
        "a section 47 enquiry",
        "started_on",
        "completed_on",
        "seen_on",
    )
    latest(Conference.objects.filter(**episode), "a conference", "held_on")
    latest(
        ProtectionPlan.objects.filter(**episode),
        "a child protection plan",
        "started_on",
        "ended_on",
    )
    latest(
        CoreGroupMeeting.objects.filter(plan__referral=referral), "a core group meeting", "held_on"
    )
    held_at = StrategyDiscussion.objects.filter(**episode).aggregate(last=Max("held_at"))["last"]
    if held_at is not None:
        dates.append((timezone.localtime(held_at).date(), "a strategy discussion"))
    return dates


def census_records(referral: Referral) -> set[str]:
    """The CIN census records the episode holds here: section 47 enquiries, protection plans."""
    records = set()
    if Section47Enquiry.objects.filter(referral=referral).exists():
        records.add("section 47 enquiry")
    if ProtectionPlan.objects.filter(referral=referral).exists():
        records.add("child protection plan")
    return records


def closure_problems(referral: Referral, *, closed_on: date, reason: str) -> list[tuple[str, str]]:
    """What stops the episode closing, as (form field or "", message): a section 47 enquiry not
    concluded (CIN census 2990) and a child protection plan still open."""
    problems = []
    enquiries = Section47Enquiry.objects.filter(referral=referral)
    if enquiries.filter(completed_on=None, conference__isnull=True).exists():
        problems.append(
            (
                "",
                "A section 47 enquiry has not concluded: record its outcome or the "
                "initial conference before the episode closes",
            )
        )
    if ProtectionPlan.objects.filter(child=referral.child, ended_on=None).exists():
        problems.append(
            (
                "",
                "The child is on a child protection plan: a review conference ends it, "
                "or a manager authorises its ending, before the episode closes",
            )
        )
    return problems


def end_for_closure(closure: Closure, *, by: User) -> None:
    """Nothing: a review conference (or a manager's authorisation: services.signoff) ends a child
    protection plan, before the closure."""


def episode_section(referral: Referral) -> dict[str, list[Any]]:
    """The episode page's strategy discussions, enquiries, conferences and plans, newest first."""
    episode = {"referral": referral}
    return {
        "strategy_discussions": list(
            StrategyDiscussion.objects.filter(**episode).order_by("-held_at", "-pk")
        ),
        "enquiries": list(
            Section47Enquiry.objects.filter(**episode)
            .select_related("conference", "strategy_discussion")
            .order_by("-started_on", "-pk")
        ),
        "conferences": list(Conference.objects.filter(**episode).order_by("-held_on", "-pk")),
        "protection_plans": list(
            ProtectionPlan.objects.filter(**episode).order_by("-started_on", "-pk")
        ),
    }


def record_section(child: Person, *, user: User) -> dict[str, list[Any]]:
    """The child's section 47 enquiries (with their initial conferences) and protection plans
    (`reviews`: their review conferences), newest first, in three queries."""
    enquiries = list(
        Section47Enquiry.objects.filter(child=child)
        .select_related("conference")
        .order_by("-started_on", "-pk")
    )
    reviews: dict[int | None, list[Conference]] = defaultdict(list)
    for review in Conference.objects.filter(child=child, kind=Conference.Kind.REVIEW).order_by(
        "held_on", "pk"
    ):
        reviews[review.plan_id].append(review)
    plans = list(
        ProtectionPlan.objects.filter(child=child)
        .select_related("lead_social_worker")
        .order_by("-started_on", "-pk")
    )
    for plan in plans:
        plan.reviews = reviews[plan.pk]  # type: ignore[attr-defined]
    return {"enquiries": enquiries, "protection_plans": plans, "medicals": _medicals(child)}


def _medicals(child: Person) -> list[StrategyDiscussion]:
    """The child's strategy discussions that decided a medical is needed, newest first, each with
    its `medical` (or none) and `not_held_authorised`, in one query."""
    authorised = MedicalNotHeld.objects.filter(
        discussion=OuterRef("pk"), status=MedicalNotHeld.Status.AUTHORISED
    )
    return list(
        StrategyDiscussion.objects.filter(
            child=child, medical_decision=StrategyDiscussion.Medical.NEEDED
        )
        .select_related("medical")
        .annotate(not_held_authorised=Exists(authorised))
        .order_by("-held_at", "-pk")
    )
