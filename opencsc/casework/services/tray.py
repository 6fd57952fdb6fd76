"""What reaches a worker's tray from casework and the approvals above it: a case newly allocated
to them, and work a manager returned to them with a comment. Each is an open due item owned by the
worker (timescales.rules NEW_ALLOCATION, RETURNED_TO_WORKER); the tray lists them
(workforce.tray) and the worker marks a notice read (workforce.services.mark_as_read)."""

from collections.abc import Iterable

from django.db import models
from django.utils import timezone

from opencsc.accounts.models import Team, User
from opencsc.casework.models import Allocation
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem


def tell_worker_of_allocation(allocation: Allocation) -> DueItem | None:
    """Put the new allocation in its worker's tray (None when no worker is named). The child's
    earlier allocation notices close: the case is no longer newly theirs."""
    timescales.close_open_items(
        child=allocation.child,
        by=allocation.allocated_by,
        note="The case was allocated again",
        of_rules=[rules.NEW_ALLOCATION],
    )
    if allocation.worker is None:
        return None
    return timescales.open_due_item(
        rules.NEW_ALLOCATION,
        child=allocation.child,
        record=allocation,
        start=timezone.localdate(),
        owner=allocation.worker,
        team=allocation.team,
        summary="Case allocated to you",
    )


def return_to_proposer(
    approval: models.Model,
    *,
    proposed_by: User | None,
    child: Person | None,
    team: Team | None,
    summary: str,
    by: User,
) -> DueItem | None:
    """Put a returned approval (threshold decision, assessment, closure) in the tray of the worker
    who proposed it; the tray shows the manager's comment from the approval itself. A proposer
    who returns their own proposal withdraws it: nothing waits on them."""
    if proposed_by is None or proposed_by.pk == by.pk:
        return None
    timescales.close_due_items(record=approval, by=by, rule=rules.RETURNED_TO_WORKER)
    return timescales.open_due_item(
        rules.RETURNED_TO_WORKER,
        child=child,
        record=approval,
        start=timezone.localdate(),
        owner=proposed_by,
        team=team,
        summary=summary,
    )


def close_returned(approvals: Iterable[models.Model], *, by: User, note: str) -> int:
    """Close the tray items of returned approvals the worker has now proposed again or withdrawn;
    returns how many closed."""
    return sum(
        timescales.close_due_items(record=approval, by=by, rule=rules.RETURNED_TO_WORKER, note=note)
        for approval in approvals
    )
