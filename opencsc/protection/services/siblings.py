"""Brothers and sisters recorded together: one strategy discussion, section 47 outcome, initial
or review conference written once for several children of one family.

Each child keeps a record of their own, written by the one-child service (the same checks,
clocks, chronology and access log for each), so their outcomes, categories and clocks can
diverge later: one sibling's plan may end while another's continues. All the children are
recorded in one transaction, or none: every child's problems refuse the lot, each shown next to
that child's own field (`sibling_<field>_<id>`) or, naming the child, next to the choice of
siblings (`siblings`)."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from opencsc.accounts.models import User
from opencsc.casework.models import Referral
from opencsc.casework.selectors import sibling_ids
from opencsc.casework.services.locks import lock_children
from opencsc.people.models import Person
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from opencsc.protection.services.conferences import (
    StepDown,
    hold_initial_conference,
    hold_review_conference,
)
from opencsc.protection.services.enquiries import complete_enquiry
from opencsc.protection.services.plan_content import ConferenceRecord
from opencsc.protection.services.strategy import (
    Attendee,
    StrategyDetails,
    record_strategy_discussion,
)

R = TypeVar("R", Referral, Section47Enquiry, ProtectionPlan)
W = TypeVar("W")

SIBLINGS = "siblings"
# A sibling's own fields on a form about several children: their errors go next to them.
OWN_FIELDS = frozenset(
    {"outcome", "category", "end_reason", "start_section_47", "child_participation"}
)


def sibling_field(field: str, record_id: int) -> str:
    """The name of a sibling's own field on a form about several children (and its error key)."""
    return f"sibling_{field}_{record_id}"


@dataclass(frozen=True)
class SiblingOutcome:
    """What differs for one sibling recorded with the child: the outcome, the category of abuse
    (a new plan's, or a review's change), why a plan ends, whether a section 47 enquiry starts,
    and how they took part in the conference ("": as the child did)."""

    outcome: str = ""
    category: str = ""
    end_reason: str = ""
    start_section_47: bool | None = None
    child_participation: str = ""


def _own_record(record: ConferenceRecord | None, own: SiblingOutcome) -> ConferenceRecord | None:
    """The conference's record for a sibling: the same attendance, reports and dissent, with the
    sibling's own participation when it differs from the child's (a baby brother's views come
    another way while his sister of 12 attended)."""
    if record is None or not own.child_participation:
        return record
    return replace(record, child_participation=own.child_participation)


def _check_family(child: Person, others: Sequence[R]) -> None:
    """Only the child's brothers and sisters, each once, are recorded with the child."""
    children = [row.child_id for row in others]
    if len(set(children)) != len(children) or child.pk in children:
        raise ValidationError({SIBLINGS: "Choose each brother or sister once"})
    if not set(children) <= sibling_ids(child):
        raise ValidationError(
            {SIBLINGS: "Only the child's brothers and sisters can be recorded together"}
        )


def _gather(
    errors: dict[str, list[str]], error: ValidationError, *, child: Person | None, record_id: int
) -> None:
    """Add one child's refusal to `errors`: the child's own fields by their id; a sibling's other
    problems, naming them, next to the choice of siblings (the first child's as they came)."""
    found = (
        error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    )
    for field, messages in found.items():
        if child is None:
            errors.setdefault(field, []).extend(messages)
        elif field in OWN_FIELDS:
            errors.setdefault(sibling_field(field, record_id), []).extend(messages)
        else:
            errors.setdefault(SIBLINGS, []).extend(
                f"{child.full_name}: {message}" for message in messages
            )


def _all_or_nothing(first: R, others: Sequence[R], write: Callable[[R, bool], W]) -> list[W]:
    """Write `first` and each of `others` with `write(record, is_sibling)`, each in a savepoint,
    gathering every child's problems; any problem refuses them all (the caller's transaction
    rolls back). The children are locked first, in order of id, so two forms naming the same
    siblings queue instead of deadlocking."""
    _check_family(first.child, others)
    lock_children([first.child_id, *(row.child_id for row in others)])
    errors: dict[str, list[str]] = {}
    written: list[W] = []
    records: list[R] = [first]
    records.extend(others)
    for record in records:
        is_sibling = record is not first
        try:
            with transaction.atomic():
                written.append(write(record, is_sibling))
        except ValidationError as error:
            _gather(errors, error, child=record.child if is_sibling else None, record_id=record.pk)
    if errors:
        raise ValidationError(errors)
    return written


@transaction.atomic
def record_strategy_discussion_together(
    *,
    referral: Referral,
    details: StrategyDetails,
    attendees: Sequence[Attendee],
    siblings: Mapping[Referral, SiblingOutcome],
    by: User,
) -> list[StrategyDiscussion]:
    """Record one strategy discussion about brothers and sisters: the same meeting, who took part,
    what was shared and why, with each child's own decision on a section 47 enquiry (each
    agreed enquiry starts its own 15-working-day clock). Returns each child's discussion, the
    first child's first."""

    def write(episode: Referral, is_sibling: bool) -> StrategyDiscussion:
        own = details
        if is_sibling and siblings[episode].start_section_47 is not None:
            own = replace(details, start_section_47=bool(siblings[episode].start_section_47))
        return record_strategy_discussion(referral=episode, details=own, attendees=attendees, by=by)

    return _all_or_nothing(referral, list(siblings), write)


@transaction.atomic
def complete_enquiries_together(
    *,
    enquiry: Section47Enquiry,
    completed_on: date,
    outcome: str,
    reason: str,
    siblings: Mapping[Section47Enquiry, SiblingOutcome],
    by: User,
) -> list[Section47Enquiry]:
    """Record the outcome of brothers' and sisters' section 47 enquiries at once: the same date
    and reasons, each child's own outcome (a conference needed for one, not for another)."""

    def write(record: Section47Enquiry, is_sibling: bool) -> Section47Enquiry:
        own = siblings[record].outcome if is_sibling else outcome
        return complete_enquiry(
            enquiry=record, completed_on=completed_on, outcome=own, reason=reason, by=by
        )

    return _all_or_nothing(enquiry, list(siblings), write)


@transaction.atomic
def hold_initial_conferences_together(
    *,
    enquiry: Section47Enquiry,
    held_on: date,
    chair: str,
    outcome: str,
    category: str,
    summary: str,
    siblings: Mapping[Section47Enquiry, SiblingOutcome],
    by: User,
    conference_record: ConferenceRecord | None = None,
) -> list[Conference]:
    """Record one initial child protection conference about brothers and sisters: the same day,
    chair and summary, each child's own decision on a plan and category of abuse. Each plan
    starts with its own clocks (core group, review, visits) and can end on its own."""

    def write(record: Section47Enquiry, is_sibling: bool) -> Conference:
        own = siblings[record] if is_sibling else SiblingOutcome(outcome, category)
        return hold_initial_conference(
            enquiry=record,
            held_on=held_on,
            chair=chair,
            outcome=own.outcome,
            category=own.category,
            summary=summary,
            by=by,
            record=_own_record(conference_record, own),
        )

    return _all_or_nothing(enquiry, list(siblings), write)


@transaction.atomic
def hold_review_conferences_together(
    *,
    plan: ProtectionPlan,
    held_on: date,
    chair: str,
    outcome: str,
    summary: str,
    siblings: Mapping[ProtectionPlan, SiblingOutcome],
    by: User,
    category: str = "",
    end_reason: str = "",
    step_down: StepDown | None = None,
    conference_record: ConferenceRecord | None = None,
) -> list[Conference]:
    """Record one review child protection conference about brothers and sisters: the same day,
    chair and summary; each child's plan continues or ends on its own (a change of category, an
    end and its reason, for each). A step-down to a child in need plan is the first child's only:
    a sibling stepping down is recorded on their own plan's review."""

    def write(record: ProtectionPlan, is_sibling: bool) -> Conference:
        if not is_sibling:
            return hold_review_conference(
                plan=record,
                held_on=held_on,
                chair=chair,
                outcome=outcome,
                summary=summary,
                category=category,
                end_reason=end_reason,
                step_down=step_down,
                by=by,
                record=conference_record,
            )
        own = siblings[record]
        if own.end_reason == ProtectionPlan.EndReason.STEPPED_DOWN:
            raise ValidationError(
                {
                    "end_reason": "A step-down to a child in need plan is recorded on the "
                    "child's own review: record this child's review on their plan"
                }
            )
        return hold_review_conference(
            plan=record,
            held_on=held_on,
            chair=chair,
            outcome=own.outcome,
            summary=summary,
            category=own.category,
            end_reason=own.end_reason if own.outcome == Conference.Outcome.END else "",
            by=by,
            record=_own_record(conference_record, own),
        )

    return _all_or_nothing(plan, list(siblings), write)
