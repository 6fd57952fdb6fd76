"""Writes for casework: referrals, allocation with the manager's direction, transfers between
teams, and closing a child's episode. One module each: locks (the lock every pathway write
takes), episodes (ending one), allocation (who holds the case, and the due items that follow them),
referrals and transfers."""

from opencsc.casework.services.allocation import (
    CASE_HOLDING_TEAM_KINDS,
    STANDARD_ACTIONS,
    DirectedAction,
    allocate,
    allocate_referral,
    complete_direction_action,
    end_allocation,
    holder_of,
    is_standard_action,
    open_pathway_due_item,
)
from opencsc.casework.services.details import change_child_details
from opencsc.casework.services.episodes import CLOSED_AFTER_ASSESSMENT, end_episode
from opencsc.casework.services.locks import lock_children, lock_open_episode
from opencsc.casework.services.referrals import (
    open_referral,
    re_referral_of,
    schedule_strategy_discussion,
)
from opencsc.casework.services.restriction import restrict_record
from opencsc.casework.services.transfers import (
    accept_transfer,
    decline_transfer,
    record_transfer,
    request_transfer,
)

__all__ = [
    "CASE_HOLDING_TEAM_KINDS",
    "CLOSED_AFTER_ASSESSMENT",
    "STANDARD_ACTIONS",
    "DirectedAction",
    "accept_transfer",
    "allocate",
    "allocate_referral",
    "change_child_details",
    "complete_direction_action",
    "decline_transfer",
    "end_allocation",
    "end_episode",
    "holder_of",
    "is_standard_action",
    "lock_children",
    "lock_open_episode",
    "open_pathway_due_item",
    "open_referral",
    "re_referral_of",
    "record_transfer",
    "request_transfer",
    "restrict_record",
    "schedule_strategy_discussion",
]
