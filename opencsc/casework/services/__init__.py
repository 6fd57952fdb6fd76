"""Writes for casework: referrals, allocation with the manager's direction, transfers between
teams, and closing a child's episode. One module each: locks (the lock every pathway write
takes), episodes (ending one), allocation (who holds the case, and the due items that follow them),
referrals, transfers and directions (directed actions from direction to done)."""

from opencsc.casework.services.allocation import (
    CASE_HOLDING_TEAM_KINDS,
    STANDARD_ACTIONS,
    DirectedAction,
    allocate,
    allocate_referral,
    allocate_referrals_together,
    end_allocation,
    holder_of,
    is_standard_action,
    open_pathway_due_item,
)
from opencsc.casework.services.details import change_child_details
from opencsc.casework.services.directions import (
    Resolution,
    complete_action,
    direct_action,
    reassign_action,
    withdraw_action,
)
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
from opencsc.casework.services.tray import (
    close_returned,
    return_to_proposer,
    tell_worker_of_allocation,
)
from opencsc.casework.services.warnings import (
    case_children,
    end_warning,
    may_act,
    review_warning,
    set_warning,
)

__all__ = [
    "CASE_HOLDING_TEAM_KINDS",
    "CLOSED_AFTER_ASSESSMENT",
    "STANDARD_ACTIONS",
    "DirectedAction",
    "Resolution",
    "accept_transfer",
    "allocate",
    "allocate_referral",
    "allocate_referrals_together",
    "case_children",
    "change_child_details",
    "close_returned",
    "complete_action",
    "decline_transfer",
    "direct_action",
    "end_allocation",
    "end_episode",
    "end_warning",
    "holder_of",
    "is_standard_action",
    "lock_children",
    "lock_open_episode",
    "may_act",
    "open_pathway_due_item",
    "open_referral",
    "re_referral_of",
    "reassign_action",
    "record_transfer",
    "request_transfer",
    "restrict_record",
    "return_to_proposer",
    "review_warning",
    "schedule_strategy_discussion",
    "set_warning",
    "tell_worker_of_allocation",
    "withdraw_action",
]
