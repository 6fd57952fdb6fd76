"""The `pathway` benchmark: the record of a child on a child protection plan, a worker's caseload,
the team manager's alerts, a child protection plan, a child in need plan, and a child's warnings
(each of these pages, but the caseload and the alerts, carries the record's banner).

The pages are requested by the demo's child protection team logins: `cp.worker` holds a full
caseload in child protection team 1, and `cp.manager` manages that team, which has overdue visits
among its alerts at every size (the demo lets a visit slip in each child protection team).
"""

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from opencsc.accounts.models import User
from opencsc.benchmarks.base import Benchmark, Page
from opencsc.people.models import Person, PersonWarning
from opencsc.plans.models import CINPlan
from opencsc.protection.models import ProtectionPlan
from opencsc.protection.siblings import siblings_for_review

SAMPLE = 50


def _held_by_teams_of(user: User, plans: QuerySet) -> QuerySet:
    """Open plans of children whose open case is held by one of the user's teams."""
    return plans.filter(
        ended_on=None,
        child__allocations__team__in=user.teams.all(),
        child__allocations__ended_on=None,
        child__is_restricted=False,
    ).order_by("pk")


def children_on_protection_plans(user: User) -> list[str]:
    """Records of children on a child protection plan held by the user's team, referred through a
    contact (so every section of the record has rows: a record with none skips its queries)."""
    plans = _held_by_teams_of(user, ProtectionPlan.objects.filter(referral__contact__isnull=False))
    children = plans.values_list("child_id", flat=True)[:SAMPLE]
    return [reverse("record:child", args=[pk]) for pk in children]


def warned_children(user: User) -> list[str]:
    """The warnings pages of children held by the user's team whose banner carries a warning (on
    them or an adult in their household), then of other children the team holds."""
    held = Person.objects.filter(
        allocations__team__in=user.teams.all(), allocations__ended_on=None, is_restricted=False
    )
    warned = PersonWarning.objects.filter(ended_on=None)
    flagged = Q(pk__in=warned.values("person_id")) | Q(
        household_id__in=warned.filter(person__kind=Person.Kind.ADULT).values(
            "person__household_id"
        )
    )
    children = [*held.filter(flagged).order_by("pk"), *held.exclude(flagged).order_by("pk")]
    return [reverse("record:warnings", args=[child.pk]) for child in children[:SAMPLE]]


def my_caseload(user: User) -> list[str]:
    """The worker's own caseload list."""
    return [reverse("workforce:my-caseload")]


def alerts(user: User) -> list[str]:
    """The team manager's alert list."""
    return [reverse("workforce:alerts")]


def protection_plans(user: User) -> list[str]:
    """Open child protection plans held by the user's team, the fullest a plan page gets."""
    plans = _held_by_teams_of(user, ProtectionPlan.objects.all())
    return [
        reverse("protection:plan", args=[pk]) for pk in plans.values_list("pk", flat=True)[:SAMPLE]
    ]


def written_protection_plans(user: User) -> list[str]:
    """Open child protection plans with content (outcomes, actions, core group, progress) held by
    the user's team, those with the most actions first (issue 13)."""
    plans = (
        _held_by_teams_of(user, ProtectionPlan.objects.exclude(outcomes=""))
        .annotate(action_count=Count("actions"))
        .order_by("-action_count", "pk")
    )
    return [
        reverse("protection:plan", args=[pk]) for pk in plans.values_list("pk", flat=True)[:SAMPLE]
    ]


def protection_plan_histories(user: User) -> list[str]:
    """The earlier versions of those plans (issue 13): the plans with the most actions, whose
    histories are the longest."""
    plans = (
        _held_by_teams_of(user, ProtectionPlan.objects.exclude(outcomes=""))
        .annotate(action_count=Count("actions"))
        .order_by("-action_count", "pk")
    )
    return [
        reverse("protection:plan-history", args=[pk])
        for pk in plans.values_list("pk", flat=True)[:SAMPLE]
    ]


def review_conference_forms(user: User) -> list[str]:
    """The review conference form of those plans: each action with its latest progress. Plans
    offering a brother's or sister's plan to record together are the "sibling conference" page
    (the form then logs and shows the siblings: a few queries more)."""
    plans = (
        _held_by_teams_of(user, ProtectionPlan.objects.filter(referral__status="open"))
        .exclude(outcomes="")
        .annotate(action_count=Count("actions"))
        .order_by("-action_count", "pk")
        .select_related("child")
    )
    return [
        reverse("protection:review-new", args=[plan.pk])
        for plan in plans[: SAMPLE * 4]
        if not siblings_for_review(plan, user=user)
    ][:SAMPLE]


def child_in_need_plans(user: User) -> list[str]:
    """Open child in need plans held by the user's team."""
    plans = _held_by_teams_of(user, CINPlan.objects.all())
    return [
        reverse("plans:detail", args=[pk]) for pk in plans.values_list("pk", flat=True)[:SAMPLE]
    ]


def sibling_conferences(user: User) -> list[str]:
    """Review conference forms of open plans held by the user's team that offer a brother's or
    sister's plan to record together (issue 13: siblings together)."""
    plans = _held_by_teams_of(user, ProtectionPlan.objects.filter(referral__status="open"))
    return [
        reverse("protection:review-new", args=[plan.pk])
        for plan in plans.select_related("child")[: SAMPLE * 4]
        if siblings_for_review(plan, user=user)
    ][:SAMPLE]


PATHWAY = Benchmark(
    name="pathway",
    description=(
        "A child on a protection plan, a worker's caseload, the manager's alerts, a child"
        " protection plan and a child in need plan (issue 5 pages), a child's warnings (issue 12),"
        " a protection plan with its content and its earlier versions, its review conference form"
        " and a review conference offering a sibling's plan (issue 13)."
    ),
    pages=(
        Page("child record on a plan", "cp.worker", children_on_protection_plans),
        Page("my caseload", "cp.worker", my_caseload),
        Page("team manager's alerts", "cp.manager", alerts),
        Page("protection plan", "cp.worker", protection_plans),
        Page("protection plan with content", "cp.worker", written_protection_plans),
        Page("protection plan's earlier versions", "cp.worker", protection_plan_histories),
        Page("review conference form", "cp.worker", review_conference_forms),
        Page("child in need plan", "cp.worker", child_in_need_plans),
        Page("warnings of a child", "cp.worker", warned_children),
        Page("sibling conference", "cp.worker", sibling_conferences),
    ),
)
