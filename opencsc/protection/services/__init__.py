"""Writes for child protection (moving into one module per step)."""

from opencsc.protection.services.conferences import (
    SATURDAY,
    Attendee,
    StepDown,
    StrategyDetails,
    complete_enquiry,
    discussion_day,
    hold_initial_conference,
    hold_review_conference,
    protection_plan_clash,
    record_core_group,
    record_enquiry_seen,
    record_strategy_discussion,
    unfinished_enquiry,
)

__all__ = [
    "SATURDAY",
    "Attendee",
    "StepDown",
    "StrategyDetails",
    "complete_enquiry",
    "discussion_day",
    "hold_initial_conference",
    "hold_review_conference",
    "protection_plan_clash",
    "record_core_group",
    "record_enquiry_seen",
    "record_strategy_discussion",
    "unfinished_enquiry",
]
