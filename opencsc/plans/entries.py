"""How child in need plans and visits read on the child's chronology: one wording for the
services, which save one row, and the demo, which bulk-saves many (see
`chronology.services.new_entry`)."""

from datetime import date

from opencsc.accounts.models import User
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.people.models import Person
from opencsc.plans.models import CINPlan, Visit


def plan_started(
    child: Person, *, plan_id: int, after_protection_plan: bool, on: date, by: User
) -> ChronologyEntry:
    step = " (step-down from a child protection plan)" if after_protection_plan else ""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.PLAN,
        happened_on=on,
        summary=f"Child in need plan started{step}",
        model=CINPlan,
        record_id=plan_id,
        by=by,
    )


def plan_reviewed(child: Person, *, plan_id: int, on: date, by: User) -> ChronologyEntry:
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.PLAN,
        happened_on=on,
        summary="Child in need plan reviewed",
        model=CINPlan,
        record_id=plan_id,
        by=by,
    )


def plan_ended(
    child: Person, *, plan_id: int, early_by: User | None = None, on: date, by: User
) -> ChronologyEntry:
    """A child in need plan ended; `early_by` authorised ending it before it could end."""
    authorised = f"; ended early, authorised by {early_by}" if early_by is not None else ""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.PLAN,
        happened_on=on,
        summary=f"Child in need plan ended{authorised}",
        model=CINPlan,
        record_id=plan_id,
        by=by,
    )


def visit_made(
    child: Person,
    *,
    visit_id: int,
    kind: str,
    plan_type: str,
    child_seen: bool,
    seen_alone: bool,
    on: date,
    by: User,
) -> ChronologyEntry:
    """A visit (`kind` and `plan_type` are their labels) and whether the child was seen alone."""
    seen = "seen alone" if seen_alone else "seen" if child_seen else "not seen"
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.VISIT,
        happened_on=on,
        summary=f"{kind} ({plan_type.lower()}): child {seen}",
        model=Visit,
        record_id=visit_id,
        by=by,
    )
