"""Strategy discussions: recorded with who took part; one that decides on enquiries starts them."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.casework.models import Referral
from opencsc.permissions import Action
from opencsc.plans import services as plans
from opencsc.protection import entries
from opencsc.protection.models import (
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.protection.services import medicals, signoff
from opencsc.protection.services._common import _d, discussion_day
from opencsc.protection.services.enquiries import unfinished_enquiry
from opencsc.timescales import rules

# Strategy discussions


@dataclass
class StrategyDetails:
    """What a strategy discussion decided, and on what information."""

    held_at: datetime
    kind: str
    information_shared: str
    harm_alleged: bool
    start_section_47: bool
    decision_reason: str
    medical_considered: bool | None = None
    medical_decision: str = ""
    medical_reason: str = ""
    # Why harm is not alleged although the referral's contact recorded a disclosure (medicals).
    harm_alleged_change_reason: str = ""


class Attendee(NamedTuple):
    """Who took part: agency, name, role."""

    agency: str
    name: str
    role: str


def _check_strategy(details: StrategyDetails, attendees: Sequence[Attendee]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.held_at > timezone.now():
        errors["held_at"] = "The date and time of the discussion must be in the past"
    if details.kind not in StrategyDiscussion.Kind.values:
        errors["kind"] = "Select whether it was a discussion or a meeting"
    problem = _attendees_problem(attendees)
    if problem:
        errors["attendees"] = problem
    if not details.information_shared.strip():
        errors["information_shared"] = "Enter the information each agency shared"
    if not details.decision_reason.strip():
        errors["decision_reason"] = "Enter why a section 47 enquiry is or is not starting"
    errors.update(_check_medical(details))
    return errors


def _attendees_problem(attendees: Sequence[Attendee]) -> str | None:
    """What is wrong with the list of who took part (the last person's problem), or None."""
    if not attendees:
        return "Add who took part: the police must be among them"
    problem = None
    for person in attendees:
        if person.agency not in StrategyAttendee.Agency.values:
            problem = "Select the agency of each person who took part"
        elif not person.name.strip() or not person.role.strip():
            problem = "Enter the name and role of each person who took part"
        elif len(person.name.strip()) > 150 or len(person.role.strip()) > 150:
            problem = "Names and roles must be 150 characters or fewer"
    if problem is None and not any(p.agency == StrategyAttendee.Agency.POLICE for p in attendees):
        problem = "The police must take part in a strategy discussion: add the officer"
    return problem


def _check_medical(details: StrategyDetails) -> dict[str, str]:
    """The decision about a child protection medical: one must be considered, and decided with a
    reason, when physical or sexual harm is alleged."""
    errors: dict[str, str] = {}
    if details.medical_decision and details.medical_decision not in StrategyDiscussion.Medical:
        errors["medical_decision"] = "Select the decision about a child protection medical"
    if not details.harm_alleged:
        return errors
    if details.medical_considered is not True:
        errors["medical_considered"] = (
            "A child protection medical must be considered when physical or sexual harm is alleged"
        )
    if not details.medical_decision:
        errors["medical_decision"] = (
            "Select whether a child protection medical is needed: physical or sexual harm "
            "is alleged"
        )
    if not details.medical_reason.strip():
        errors["medical_reason"] = "Enter the reason for the decision about a medical"
    return errors


@transaction.atomic
def record_strategy_discussion(
    *,
    referral: Referral,
    details: StrategyDetails,
    attendees: Sequence[Attendee],
    by: User,
) -> StrategyDiscussion:
    """Record a strategy discussion or meeting: who took part (the police always), what was
    shared, the decision on a section 47 enquiry and why, and, when physical or sexual harm is
    alleged, the decision on a child protection medical. A decision to start an enquiry starts it
    and the 15-working-day clock to the initial conference."""
    child = referral.child
    day = timezone.localtime(details.held_at).date()
    referral = plans.lock_episode(referral, on=day, field="held_at")
    permissions.require(by, Action.RECORD_STRATEGY_DISCUSSION, child)
    errors = _check_strategy(details, attendees)
    disclosure = medicals.disclosure_carried(referral)
    errors.update(medicals.disclosure_problems(details, disclosure=disclosure))
    if details.start_section_47:
        open_enquiry = unfinished_enquiry(referral)
        if open_enquiry is not None:
            errors["start_section_47"] = (
                f"The section 47 enquiry started on {_d(open_enquiry.started_on)} has not "
                "concluded: an episode has one open enquiry at a time"
            )
    if errors:
        raise ValidationError(errors)

    discussion = StrategyDiscussion(
        child=child,
        referral=referral,
        kind=details.kind,
        held_at=details.held_at,
        information_shared=details.information_shared.strip(),
        harm_alleged=details.harm_alleged,
        medical_considered=details.medical_considered,
        medical_decision=details.medical_decision,
        medical_reason=details.medical_reason.strip(),
        contact_disclosure=disclosure,
        harm_alleged_change_reason=(
            "" if details.harm_alleged else details.harm_alleged_change_reason.strip()
        ),
        start_section_47=details.start_section_47,
        decision_reason=details.decision_reason.strip(),
        recorded_by=by,
    )
    discussion.full_clean()
    discussion.save()
    rows = [
        StrategyAttendee(
            discussion=discussion,
            agency=person.agency,
            name=person.name.strip(),
            role=person.role.strip(),
        )
        for person in attendees
    ]
    StrategyAttendee.objects.bulk_create(rows)
    medicals.open_medical_item(discussion)
    for rule in (rules.STRATEGY_DISCUSSION, rules.DISCLOSURE_STRATEGY_DISCUSSION):
        plans.close_child_items(child, rule, by=by, note=f"Strategy discussion held on {_d(day)}")
    decision = "section 47 enquiry agreed" if details.start_section_47 else "no section 47 enquiry"
    entries.strategy_held(
        child,
        discussion_id=discussion.pk,
        kind=discussion.get_kind_display(),
        agreed=details.start_section_47,
        on=day,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=discussion,
        action=Action.RECORD_STRATEGY_DISCUSSION,
        summary=decision,
    )
    # A decision of no section 47 enquiry waits for a manager (issue 13).
    signoff.strategy_decided(discussion, by=by)
    if details.start_section_47:
        _start_enquiry(discussion, by=by)
    return discussion


def _start_enquiry(discussion: StrategyDiscussion, *, by: User) -> Section47Enquiry:
    """Start the section 47 enquiry a strategy discussion agreed, and schedule its ICPC within 15
    working days of the discussion (CIN census InitialCPCtarget)."""
    child = discussion.child
    day = discussion_day(discussion)
    enquiry = Section47Enquiry(
        child=child,
        referral=discussion.referral,
        strategy_discussion=discussion,
        started_on=day,
        conference_due_on=rules.ICPC.due_on(day),
        recorded_by=by,
    )
    enquiry.full_clean()
    enquiry.save()
    casework.open_pathway_due_item(
        rules.ICPC,
        child=child,
        record=enquiry,
        start=day,
        summary="Initial child protection conference",
    )
    entries.enquiry_started(
        child,
        enquiry_id=enquiry.pk,
        conference_due_on=enquiry.conference_due_on,
        on=day,
        by=by,
    ).save()
    audit.log_change(
        by=by,
        child=child,
        record=enquiry,
        action=Action.START_ENQUIRY,
        summary=f"Initial conference due by {_d(enquiry.conference_due_on)}",
    )
    return enquiry
