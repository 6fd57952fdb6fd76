"""How the episode's events read on the child's chronology (allocation, referral, transfers,
closure): one wording for the services, which save one row, and the demo, which bulk-saves many
(see `chronology.services.new_entry`)."""

from datetime import date

from opencsc.accounts.models import Team, User
from opencsc.casework.models import Allocation, Closure, Referral, TeamTransfer, Transfer
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.people.models import Person


def allocated(
    child: Person, *, allocation_id: int, team: Team, worker: User | None, on: date, by: User | None
) -> ChronologyEntry:
    holder = f"{team} ({worker})" if worker else str(team)
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.ALLOCATED,
        happened_on=on,
        summary=f"Case allocated to {holder}",
        model=Allocation,
        record_id=allocation_id,
        by=by,
    )


def referred(
    child: Person, *, referral_id: int, need: str, re_referral: bool, on: date, by: User
) -> ChronologyEntry:
    """A referral for `need` (its label)."""
    again = " (re-referral within 12 months)" if re_referral else ""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.REFERRAL,
        happened_on=on,
        summary=f"Referral: {need}{again}",
        model=Referral,
        record_id=referral_id,
        by=by,
    )


def transferred(
    child: Person,
    *,
    transfer_id: int,
    kind: str,
    from_team: Team,
    to_team: Team,
    on: date,
    by: User,
) -> ChronologyEntry:
    """A step-down to early help or a step-up from it (`kind` is its label)."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.TRANSFER,
        happened_on=on,
        summary=f"{kind}: {from_team} to {to_team}",
        model=Transfer,
        record_id=transfer_id,
        by=by,
    )


def transfer_requested(
    child: Person, *, transfer_id: int, from_team: Team, to_team: Team, on: date, by: User
) -> ChronologyEntry:
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.TRANSFER,
        happened_on=on,
        summary=f"Transfer from {from_team} to {to_team} requested",
        model=TeamTransfer,
        record_id=transfer_id,
        by=by,
    )


def transfer_accepted(
    child: Person,
    *,
    transfer_id: int,
    from_team: Team,
    to_team: Team,
    working_days_waited: int,
    on: date,
    by: User,
) -> ChronologyEntry:
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.TRANSFER,
        happened_on=on,
        summary=f"Transfer from {from_team} to {to_team} accepted after "
        f"{working_days_waited} working days",
        model=TeamTransfer,
        record_id=transfer_id,
        by=by,
    )


def episode_closed(
    child: Person, *, closure_id: int, reason: str, on: date, by: User
) -> ChronologyEntry:
    """The episode closed for `reason` (its label)."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.CLOSURE,
        happened_on=on,
        summary=f"Episode closed: {reason}",
        model=Closure,
        record_id=closure_id,
        by=by,
    )
