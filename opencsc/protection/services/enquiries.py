"""Section 47 enquiries: the child seen, the outcome."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework.models import Referral
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.permissions import Action
from opencsc.plans import services as plans
from opencsc.protection import entries
from opencsc.protection.models import ProtectiveDecision, Section47Enquiry
from opencsc.protection.services import signoff
from opencsc.protection.services._common import _d


def unfinished_enquiry(referral: Referral) -> Section47Enquiry | None:
    """The episode's section 47 enquiry that has not concluded: no outcome yet, or a conference
    needed and not yet held (CIN census 8839, 8890)."""
    enquiries = Section47Enquiry.objects.filter(referral=referral)
    return (
        enquiries.filter(completed_on=None).first()
        or enquiries.filter(
            outcome=Section47Enquiry.Outcome.CONFERENCE, conference__isnull=True
        ).first()
    )


# Section 47 enquiries


def _locked_enquiry(enquiry: Section47Enquiry) -> Section47Enquiry:
    return (
        Section47Enquiry.objects.select_for_update()
        .select_related("child", "referral", "strategy_discussion")
        .get(pk=enquiry.pk)
    )


@transaction.atomic
def record_enquiry_seen(
    *, enquiry: Section47Enquiry, seen_by: User, seen_on: date, by: User
) -> Section47Enquiry:
    """Record who saw the child for the section 47 enquiry, and when."""
    plans.lock_episode(enquiry.referral, on=seen_on, field="seen_on")
    permissions.require(by, Action.RECORD_ENQUIRY_SEEN, enquiry.child)
    enquiry = _locked_enquiry(enquiry)
    if seen_on < enquiry.started_on:
        raise ValidationError(
            {
                "seen_on": f"The child cannot be seen before the enquiry started "
                f"({_d(enquiry.started_on)})"
            }
        )
    enquiry.seen_by = seen_by
    enquiry.seen_on = seen_on
    enquiry.full_clean()
    enquiry.save(update_fields=["seen_by", "seen_on", "updated_at"])
    chronology.add_entry(
        enquiry.child,
        kind=ChronologyEntry.Kind.SECTION_47,
        happened_on=seen_on,
        summary=f"Child seen for the section 47 enquiry by {seen_by}",
        record=enquiry,
        by=by,
    )
    audit.log_change(
        by=by,
        child=enquiry.child,
        record=enquiry,
        action=Action.RECORD_ENQUIRY_SEEN,
        summary=f"Seen by {seen_by} on {_d(seen_on)}",
    )
    return enquiry


@transaction.atomic
def complete_enquiry(
    *, enquiry: Section47Enquiry, completed_on: date, outcome: str, reason: str, by: User
) -> Section47Enquiry:
    """Record the outcome of a section 47 enquiry. Concerns not substantiated, or substantiated
    with no conference needed, go to a manager (protection.services.signoff): the enquiry ends,
    and the ICPC clock closes (CIN census ICPCnotRequired), only once a manager authorises it."""
    plans.lock_episode(enquiry.referral, on=completed_on, field="completed_on")
    permissions.require(by, Action.COMPLETE_ENQUIRY, enquiry.child)
    enquiry = _locked_enquiry(enquiry)
    if enquiry.completed_on is not None:
        raise ValidationError(
            f"This enquiry was completed on {_d(enquiry.completed_on)}: "
            f"{enquiry.get_outcome_display().lower()}."
        )
    errors: dict[str, str] = {}
    if completed_on < enquiry.started_on:
        errors["completed_on"] = (
            f"The enquiry cannot end before it started ({_d(enquiry.started_on)})"
        )
    if outcome not in Section47Enquiry.Outcome.values:
        errors["outcome"] = "Select the outcome of the enquiry"
    if not reason.strip():
        errors["reason"] = "Enter the reasons for the outcome"
    if errors:
        raise ValidationError(errors)
    problem = signoff.enquiry_outcome_problem(enquiry)
    if problem:
        raise ValidationError({"outcome": problem})
    if outcome in ProtectiveDecision.ENQUIRY_OUTCOMES:
        signoff.propose_enquiry_outcome(
            enquiry=enquiry, completed_on=completed_on, outcome=outcome, reason=reason, by=by
        )
        return enquiry
    signoff.answer_returned_outcome(enquiry, by=by, note="A conference is needed")
    enquiry.completed_on = completed_on
    enquiry.outcome = outcome
    enquiry.outcome_reason = reason.strip()
    enquiry.full_clean()
    enquiry.save()
    label = enquiry.get_outcome_display()
    entries.enquiry_completed(
        enquiry.child, enquiry_id=enquiry.pk, outcome=label, on=completed_on, by=by
    ).save()
    audit.log_change(
        by=by,
        child=enquiry.child,
        record=enquiry,
        action=Action.COMPLETE_ENQUIRY,
        summary=label,
    )
    return enquiry
