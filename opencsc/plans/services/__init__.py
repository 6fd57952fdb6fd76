"""Writes for children in need plans and visits (moving into one module each)."""

from opencsc.plans.services.cin_plans import (
    VISIT_RULES,
    CINPlanDetails,
    PlannedAction,
    VisitDetails,
    cin_plan_clash,
    close_child_items,
    end_cin_plan,
    end_cin_plan_for_closure,
    end_cin_plan_for_protection,
    lock_episode,
    record_visit,
    review_cin_plan,
    start_cin_plan,
)

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
