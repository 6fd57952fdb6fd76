"""How child protection events read on the child's chronology: one wording for the services,
which save one row, and the demo, which bulk-saves many (see `chronology.services.new_entry`)."""

from datetime import date

from opencsc.accounts.models import User
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.people.models import Person
from opencsc.protection.models import (
    Conference,
    MedicalNotHeld,
    ProtectionMedical,
    ProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def strategy_held(
    child: Person, *, discussion_id: int, kind: str, agreed: bool, on: date, by: User
) -> ChronologyEntry:
    """A strategy discussion (`kind` is its label) held, agreeing a section 47 enquiry or not."""
    decision = "section 47 enquiry agreed" if agreed else "no section 47 enquiry"
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.STRATEGY,
        happened_on=on,
        summary=f"{kind}: {decision}",
        model=StrategyDiscussion,
        record_id=discussion_id,
        by=by,
    )


def enquiry_started(
    child: Person, *, enquiry_id: int, conference_due_on: date, on: date, by: User
) -> ChronologyEntry:
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.SECTION_47,
        happened_on=on,
        summary=f"Section 47 enquiry started; initial conference due by {_d(conference_due_on)}",
        model=Section47Enquiry,
        record_id=enquiry_id,
        by=by,
    )


def enquiry_completed(
    child: Person, *, enquiry_id: int, outcome: str, on: date, by: User
) -> ChronologyEntry:
    """The enquiry completed; `outcome` is its label."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.SECTION_47,
        happened_on=on,
        summary=f"Section 47 enquiry completed: {outcome}",
        model=Section47Enquiry,
        record_id=enquiry_id,
        by=by,
    )


def conference_held(
    child: Person, *, conference_id: int, initial: bool, outcome: str, on: date, by: User
) -> ChronologyEntry:
    """An initial or review conference held; `outcome` is its label."""
    what = "Initial" if initial else "Review"
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.CONFERENCE,
        happened_on=on,
        summary=f"{what} child protection conference: {outcome.lower()}",
        model=Conference,
        record_id=conference_id,
        by=by,
    )


def plan_started(
    child: Person, *, plan_id: int, category: str, previous: int, on: date, by: User
) -> ChronologyEntry:
    """A child protection plan started in `category` (its label), after `previous` plans."""
    repeat = f" (repeat plan: {previous} before)" if previous else ""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.PLAN,
        happened_on=on,
        summary=f"Child protection plan started: {category}{repeat}",
        model=ProtectionPlan,
        record_id=plan_id,
        by=by,
    )


def plan_ended(
    child: Person, *, plan_id: int, end_reason: str, on: date, by: User
) -> ChronologyEntry:
    """A child protection plan ended; `end_reason` is its label."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.PLAN,
        happened_on=on,
        summary=f"Child protection plan ended: {end_reason}",
        model=ProtectionPlan,
        record_id=plan_id,
        by=by,
    )


def core_group_held(child: Person, *, plan_id: int, on: date, by: User) -> ChronologyEntry:
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.PLAN,
        happened_on=on,
        summary="Core group meeting",
        model=ProtectionPlan,
        record_id=plan_id,
        by=by,
    )


def medical_recorded(
    child: Person, *, medical_id: int, examined_by: str, on: date, by: User
) -> ChronologyEntry:
    """The child protection medical a strategy discussion decided was needed, held."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.STRATEGY,
        happened_on=on,
        summary=f"Child protection medical held ({examined_by})"[:200],
        model=ProtectionMedical,
        record_id=medical_id,
        by=by,
    )


def medical_not_held(child: Person, *, approval_id: int, on: date, by: User) -> ChronologyEntry:
    """A manager authorised why a medical decided as needed is not held."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.STRATEGY,
        happened_on=on,
        summary="Child protection medical not held: reason authorised by a manager",
        model=MedicalNotHeld,
        record_id=approval_id,
        by=by,
    )
