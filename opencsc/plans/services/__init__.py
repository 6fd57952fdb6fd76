"""Writes for children in need plans, their reviews, and statutory visits to children on a plan.

Each is one transaction: the episode locked first (nothing recorded after it closed), permission,
the write, its due items, chronology and audit rows. One module each: cin_plans (start, review,
end) and visits; _common holds the episode lock and due-item helpers that child protection uses
too."""

from opencsc.plans.services._common import close_child_items, lock_episode
from opencsc.plans.services.cin_plans import (
    CINPlanDetails,
    PlannedAction,
    cin_plan_clash,
    end_cin_plan,
    end_cin_plan_for_closure,
    end_cin_plan_for_protection,
    review_cin_plan,
    start_cin_plan,
)
from opencsc.plans.services.visits import VISIT_RULES, VisitDetails, record_visit

__all__ = [
    "VISIT_RULES",
    "CINPlanDetails",
    "PlannedAction",
    "VisitDetails",
    "cin_plan_clash",
    "close_child_items",
    "end_cin_plan",
    "end_cin_plan_for_closure",
    "end_cin_plan_for_protection",
    "lock_episode",
    "record_visit",
    "review_cin_plan",
    "start_cin_plan",
]
