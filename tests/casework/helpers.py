"""Helpers shared by the casework tests."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.casework.models import DirectionAction, TeamTransfer
from opencsc.casework.services import accept_transfer

TRANSFER_DIRECTION = "Child protection plan work: the mother's partner is back in the home."
TRANSFER_ACTION = "Visit at home within 5 working days and see the child alone"


def accept_with_direction(*, transfer: TeamTransfer, by: User, **details: Any) -> TeamTransfer:
    """Accept a transfer with the receiving manager's direction: one action for the child, the
    manager's own, due in a week (unless `details` says otherwise)."""
    details.setdefault("direction", TRANSFER_DIRECTION)
    details.setdefault("actions", [(TRANSFER_ACTION, by, timezone.localdate() + timedelta(days=7))])
    return accept_transfer(transfer=transfer, by=by, **details)


def direction_data(*, assignee: User, action: str = TRANSFER_ACTION) -> dict[str, str]:
    """What a manager types on a page that takes a case with direction: the direction and one
    action for the child, given to `assignee`, due in a week."""
    due = timezone.localdate() + timedelta(days=7)
    return {
        "direction": TRANSFER_DIRECTION,
        "action_1": action,
        "assignee_1": str(assignee.pk),
        "due_on_1_day": str(due.day),
        "due_on_1_month": str(due.month),
        "due_on_1_year": str(due.year),
    }


def handover_data(child_ids: list[int], **choice: str) -> dict[str, str]:
    """The manager's choice for each open directed action on the children's cases: withdrawn as
    no longer needed unless `choice` says otherwise (`choice="done"`, `note=...`,
    `reassign_to=<user id>`)."""
    data: dict[str, str] = {}
    for pk in DirectionAction.objects.filter(
        allocation__child_id__in=child_ids,
        allocation__ended_on=None,
        done_on=None,
        withdrawn_on=None,
    ).values_list("pk", flat=True):
        data[f"resolve_{pk}"] = choice.get("choice", "withdraw")
        data[f"note_{pk}"] = choice.get("note", "No longer needed")
        if "reassign_to" in choice:
            data[f"reassign_to_{pk}"] = choice["reassign_to"]
    return data


def accept_data(transfer: TeamTransfer, *, by: User) -> dict[str, str]:
    """A receiving manager's acceptance of `transfer` on its page, with direction, the open
    actions withdrawn."""
    return {
        "decision": "authorise",
        **direction_data(assignee=by),
        **handover_data([transfer.child_id]),
    }
