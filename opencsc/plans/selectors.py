"""Reads for children in need plans and visits: a plan's page with a fixed number of queries,
and the visits overdue for a team."""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from opencsc.core.rows import first_rows_and_count
from opencsc.people.models import Person
from opencsc.plans.models import CINPlan, PlanAction, PlanReview, Visit
from opencsc.protection.models import ProtectionPlan
from opencsc.protection.selectors import RECENT_ROWS, open_items_for
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.selectors import with_status

VISIT_RULE_CODES = (rules.CP_VISIT.code, rules.CIN_VISIT.code)


@dataclass
class CINPlanPage:
    """Everything a child in need plan's page shows."""

    plan: CINPlan
    actions: list[PlanAction]
    reviews: list[PlanReview]
    review_count: int
    visits: list[Visit]
    visit_count: int
    due_items: list[DueItem]

    @property
    def is_step_down(self) -> bool:
        return self.plan.after_protection_plan_id is not None


# What the plan's page shows of its relations: read with the plan by the read gate.
CIN_PLAN_PAGE_RELATED = (
    "child",
    "referral",
    "after_protection_plan",
    "created_by",
    "early_end_authorised_by",
)


def cin_plan_page(plan: CINPlan, *, today: date) -> CINPlanPage:
    """A child in need plan (read with `CIN_PLAN_PAGE_RELATED`): its actions, the latest reviews
    and visits with how many there are in all, and the next deadlines."""
    reviews, review_count = first_rows_and_count(
        PlanReview.objects.filter(plan=plan)
        .select_related("recorded_by")
        .order_by("-held_on", "-pk"),
        RECENT_ROWS,
    )
    visits, visit_count = first_rows_and_count(
        Visit.objects.filter(cin_plan=plan)
        .select_related("visited_by")
        .order_by("-visited_on", "-pk"),
        RECENT_ROWS,
    )
    return CINPlanPage(
        plan=plan,
        actions=list(PlanAction.objects.filter(plan=plan).order_by("due_on", "pk")),
        reviews=reviews,
        review_count=review_count,
        visits=visits,
        visit_count=visit_count,
        due_items=list(open_items_for(plan, today=today)),
    )


def overdue_visits(team_ids: list[int] | None, *, today: date | None = None) -> QuerySet[DueItem]:
    """Statutory visits to children on a plan now past their date, for the given teams (None:
    every team), most overdue first."""
    today = today or timezone.localdate()
    items = DueItem.objects.filter(rule__in=VISIT_RULE_CODES, closed_at=None, due_on__lt=today)
    if team_ids is not None:
        items = items.filter(team_id__in=team_ids)
    return (
        with_status(items, today=today)
        .select_related("child", "owner", "team")
        .order_by("due_on", "pk")
    )


def plan_actions(plan: CINPlan) -> QuerySet[PlanAction]:
    """A child in need plan's actions, soonest first."""
    return PlanAction.objects.filter(plan=plan).order_by("due_on", "pk")


def open_plan(child: Person) -> ProtectionPlan | CINPlan | None:
    """The child's open plan a visit counts towards: the child protection plan, else the CIN
    plan."""
    return (
        ProtectionPlan.objects.filter(child=child, ended_on=None).first()
        or CINPlan.objects.filter(child=child, ended_on=None).first()
    )
