"""Ending a child's episode (its lock is in `locks`)."""

from datetime import date

from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.casework.models import Allocation, Referral, TeamTransfer
from opencsc.casework.services import directions
from opencsc.casework.services.allocation import end_allocation
from opencsc.core.states import move

# The CIN census reasons for closure after an assessment alone (RC8, RC9): the closure's checks
# and the census rules read them.
CLOSED_AFTER_ASSESSMENT = frozenset({"RC8", "RC9"})


def end_episode(
    *, referral: Referral, closed_on: date, reason: str, is_nfa: bool, by: User
) -> Referral:
    """Close the child's episode (CIN census closure date and reason) on its authorised closure:
    transfers still waiting are declined, the allocation ends on the closure day with its open
    directed actions withdrawn ("Case closed"). Call with the
    episode locked (`lock_open_episode`), from the closure's authorisation."""
    now = timezone.now()
    for transfer in TeamTransfer.objects.select_for_update().filter(
        referral=referral, status=TeamTransfer.Status.PROPOSED
    ):
        move(transfer, TeamTransfer.Status.RETURNED)
        transfer.reviewed_at = now
        transfer.reviewed_by = by
        transfer.manager_comment = "The episode closed."
        transfer.save()
    allocation = (
        Allocation.objects.select_for_update().filter(child=referral.child, ended_on=None).first()
    )
    if allocation is not None:
        directions.withdraw_open_actions(
            allocation, on=closed_on, reason=directions.CASE_CLOSED, by=by
        )
        end_allocation(allocation, on=closed_on)
    move(referral, Referral.Status.CLOSED)
    referral.closed_on = closed_on
    referral.closure_reason = reason
    referral.is_nfa = is_nfa
    referral.full_clean()
    referral.save(update_fields=["status", "closed_on", "closure_reason", "is_nfa", "updated_at"])
    return referral
