"""Checks with other agencies: ask (only with consent, or a manager's override), chase, answer;
at the decision the authorising manager withdraws those still open or lets them come back."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Agency, User
from opencsc.audit import services as audit
from opencsc.core.states import move
from opencsc.frontdoor import entries
from opencsc.frontdoor.codes import Rating
from opencsc.frontdoor.models import AgencyCheck, Contact
from opencsc.frontdoor.services._common import _chronicle, _first_child, _locked
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.rules import Hours, Rule


def _check_rule(contact: Contact) -> Rule:
    return rules.AGENCY_CHECK_RED if contact.rating == Rating.RED else rules.AGENCY_CHECK


@transaction.atomic
def request_check(
    *, contact: Contact, agency: Agency, question: str, by: User, shared_with_agency: str = ""
) -> AgencyCheck:
    """Ask a partner agency what it knows before the decision (red: 4 hours, else 1 working day).
    The agency sees the question and what the MASH chose to share (`shared_with_agency`), never
    the children's records."""
    permissions.require(by, Action.REQUEST_CHECK)
    if not question.strip():
        raise ValidationError({"question": "Enter what you are asking the agency"})
    contact = _locked(contact)
    if contact.status != Contact.Status.OPEN:
        raise ValidationError("Checks are requested before the decision is proposed.")
    if not contact.may_share:
        raise ValidationError(
            f"Consent was {contact.get_consent_display().lower()} and has not been overridden: "
            "checks can be requested only with consent, or once a manager authorises overriding "
            "it."
        )
    if contact.checks.filter(agency=agency, status=AgencyCheck.Status.REQUESTED).exists():
        raise ValidationError({"agency": f"A check with {agency} is already waiting for an answer"})
    now = timezone.now()
    rule = _check_rule(contact)
    check = AgencyCheck(
        contact=contact,
        agency=agency,
        question=question.strip(),
        shared_with_agency=shared_with_agency.strip(),
        requested_at=now,
        requested_by=by,
        due_on=now.date(),
    )
    check.save()
    is_hours = isinstance(rule.effective_period(), Hours)
    due = timescales.open_due_item(
        rule,
        child=_first_child(contact),
        record=check,
        start=now if is_hours else timezone.localtime(now).date(),
        owner=by,
        team=contact.team,
        summary=f"{agency} check for contact {contact.reference}",
    )
    check.due_on = due.due_on
    check.due_at = due.due_at
    check.full_clean()
    check.save(update_fields=["due_on", "due_at", "updated_at"])
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=check,
        action=Action.REQUEST_CHECK,
        summary=f"Check requested of {agency}",
    )
    _chronicle(contact, entries.check_requested(agency), by=by)
    return check


def _locked_check(check: AgencyCheck) -> AgencyCheck:
    return (
        AgencyCheck.objects.select_for_update().select_related("contact", "agency").get(pk=check.pk)
    )


def _require_check_answerer(check: AgencyCheck, by: User) -> None:
    permissions.require(by, Action.RETURN_CHECK, check)


@transaction.atomic
def chase_check(*, check: AgencyCheck, by: User) -> AgencyCheck:
    """Record that the MASH chased a check that has not come back.

    A chase repeated within `OPENCSC_CHASE_REPEAT_MINUTES` of the last one counted is not counted
    again (a double click, two colleagues pressing at once): it raises a ValidationError with code
    "chased_just_now". The check's row lock makes concurrent chases queue, so they count once."""
    permissions.require(by, Action.REQUEST_CHECK)
    check = _locked_check(check)
    if check.status != AgencyCheck.Status.REQUESTED:
        raise ValidationError("This check is no longer waiting for an answer.")
    now = timezone.now()
    window = timedelta(minutes=settings.OPENCSC_CHASE_REPEAT_MINUTES)
    if check.chased_at is not None and now - check.chased_at < window:
        minutes = settings.OPENCSC_CHASE_REPEAT_MINUTES
        raise ValidationError(
            f"{check.agency} was chased at {timezone.localtime(check.chased_at):%H:%M}: a chase "
            f"repeated within {minutes} minute{'' if minutes == 1 else 's'} counts once.",
            code="chased_just_now",
        )
    check.chased_at = now
    check.chase_count += 1
    check.save(update_fields=["chased_at", "chase_count", "updated_at"])
    audit.log_change(
        by=by,
        child=_first_child(check.contact),
        record=check,
        action=Action.REQUEST_CHECK,
        summary=f"Check with {check.agency} chased ({check.chase_count})",
    )
    return check


@transaction.atomic
def return_check(*, check: AgencyCheck, information: str, by: User) -> AgencyCheck:
    """Record what a partner agency knows, by its own user or by the MASH taking it by phone."""
    _require_check_answerer(check, by)
    if not information.strip():
        raise ValidationError({"information": "Enter the information the agency holds"})
    check = _locked_check(check)
    if check.status != AgencyCheck.Status.REQUESTED:
        who = check.returned_by or "someone else"
        raise ValidationError(f"This check has already been answered, by {who}.")
    move(check, AgencyCheck.Status.RETURNED)
    check.information = information.strip()
    check.returned_at = timezone.now()
    check.returned_by = by
    check.full_clean()
    check.save(update_fields=["status", "information", "returned_at", "returned_by", "updated_at"])
    timescales.close_due_items(record=check, by=by, note="Returned")
    audit.log_change(
        by=by,
        child=_first_child(check.contact),
        record=check,
        action=Action.RETURN_CHECK,
        summary=f"Check returned by {check.agency}",
    )
    _chronicle(check.contact, entries.check_returned(check.agency), by=by)
    return check


def settle_open_checks(contact: Contact, *, withdraw: bool, by: User) -> int:
    """At the decision's authorisation, what the manager chose for the checks still open: withdraw
    them (recorded: who, when) or let them come back, their answer then shown on the child's
    record. Returns how many there were."""
    now = timezone.now()
    open_checks = list(
        contact.checks.select_for_update().filter(status=AgencyCheck.Status.REQUESTED)
    )
    for check in open_checks:
        if withdraw:
            move(check, AgencyCheck.Status.WITHDRAWN)
            check.withdrawn_at = now
            check.withdrawn_by = by
            check.full_clean()
            check.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "updated_at"])
            timescales.close_due_items(
                record=check, by=by, note="Withdrawn by the manager who authorised the decision"
            )
        else:
            check.kept_open_at_decision = True
            check.save(update_fields=["kept_open_at_decision", "updated_at"])
        audit.log_change(
            by=by,
            child=_first_child(contact),
            record=check,
            action=Action.AUTHORISE_DECISION,
            summary=f"Check with {check.agency} "
            + ("withdrawn at the decision" if withdraw else "left open after the decision"),
        )
    return len(open_checks)
