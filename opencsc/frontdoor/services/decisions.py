"""Threshold decisions: propose, authorise (and carry out) or return."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.core.states import move
from opencsc.frontdoor import entries
from opencsc.frontdoor.codes import (
    CHECKED_OUTCOMES,
    STATUTORY_OUTCOMES,
    ChecksAtProposal,
    OpenChecks,
    Outcome,
    Rating,
    threshold_levels,
)
from opencsc.frontdoor.models import AgencyCheck, Contact, ContactDecision
from opencsc.frontdoor.services._common import _children_of, _chronicle, _first_child, _locked
from opencsc.frontdoor.services.checks import settle_open_checks
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

DECISION_RULES = {
    Rating.RED: rules.CONTACT_DECISION_RED,
    Rating.AMBER: rules.CONTACT_DECISION_AMBER,
    Rating.GREEN: rules.CONTACT_DECISION_GREEN,
}
ALL_DECISION_RULES = (rules.REFERRAL_DECISION, *DECISION_RULES.values())


@dataclass
class DecisionDetails:
    """What a practitioner proposes: the outcome, the threshold level and the rationale."""

    outcome: str
    threshold_level: str
    rationale: str
    primary_need: str = ""
    early_help_team: Team | None = None
    amendment_reason: str = ""
    # Why the decision cannot wait for the checks still out, or is made with none (issue 13).
    checks_reason: str = ""


def _check_decision(details: DecisionDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.outcome not in Outcome.values:
        errors["outcome"] = "Choose the outcome"
    if details.threshold_level not in dict(threshold_levels()):
        errors["threshold_level"] = "Choose the threshold level"
    if not details.rationale.strip():
        errors["rationale"] = "Enter the rationale for this decision"
    if details.outcome in STATUTORY_OUTCOMES and not details.primary_need:
        errors["primary_need"] = "Choose the child's primary need"
    if details.outcome == Outcome.EARLY_HELP:
        team = details.early_help_team
        if team is None or team.kind != Team.Kind.EARLY_HELP:
            errors["early_help_team"] = "Choose the early help team"
    return errors


CHECKS_REASON_NEEDED: dict[str, str] = {
    ChecksAtProposal.OUTSTANDING: "Checks are still outstanding: enter why the decision cannot "
    "wait for them",
    ChecksAtProposal.NONE: "No agency checks were requested: enter why this decision is made "
    "without them",
}


def checks_state(contact: Contact) -> str:
    """What the contact's agency checks stand at: any still out, else any returned, else none."""
    statuses = set(contact.checks.values_list("status", flat=True))
    if AgencyCheck.Status.REQUESTED in statuses:
        return ChecksAtProposal.OUTSTANDING
    if AgencyCheck.Status.RETURNED in statuses:
        return ChecksAtProposal.RETURNED
    return ChecksAtProposal.NONE


def checks_needs_reason(state: str, outcome: str) -> bool:
    """A decision proposed with checks outstanding, or with none for early help or statutory
    work, needs a recorded reason the authorising manager sees."""
    return state == ChecksAtProposal.OUTSTANDING or (
        state == ChecksAtProposal.NONE and outcome in CHECKED_OUTCOMES
    )


@transaction.atomic
def propose_decision(*, contact: Contact, details: DecisionDetails, by: User) -> ContactDecision:
    """Propose the threshold decision for a manager to authorise; on a decided contact, propose an
    amendment (a new version, with a reason): the authorised decision itself is never edited."""
    permissions.require(by, Action.PROPOSE_DECISION)
    errors = _check_decision(details)
    if errors:
        raise ValidationError(errors)
    contact = _locked(contact)
    current = contact.decisions.filter(status=ContactDecision.Status.AUTHORISED).first()
    if contact.status == Contact.Status.AWAITING_AUTHORISATION:
        raise ValidationError(
            "A decision on this contact is already awaiting authorisation: it was not changed."
        )
    if contact.status == Contact.Status.DECIDED:
        if current is None:
            raise ValidationError("This contact has no authorised decision to amend.")
        if not details.amendment_reason.strip():
            raise ValidationError({"amendment_reason": "Enter why the decision is being amended"})
        if current.outcome in STATUTORY_OUTCOMES and details.outcome not in STATUTORY_OUTCOMES:
            raise ValidationError(
                {
                    "outcome": "This decision opened a referral: an amendment can change between "
                    "section 17 and section 47, and the episode is closed through the case"
                }
            )
    if contact.children.filter(child__isnull=True).exists():
        raise ValidationError(
            "Find or create the record of each child named on this contact before proposing a "
            "decision."
        )
    if not contact.rating:
        raise ValidationError(
            "Rate this contact red, amber or green before proposing a decision.", code="unrated"
        )
    checks_at_proposal = checks_state(contact)
    checks_reason = details.checks_reason.strip()
    if not checks_reason and checks_needs_reason(checks_at_proposal, details.outcome):
        raise ValidationError({"checks_reason": CHECKS_REASON_NEEDED[checks_at_proposal]})
    version = (
        contact.decisions.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    decision = ContactDecision(
        contact=contact,
        version=version,
        outcome=details.outcome,
        threshold_level=details.threshold_level,
        rationale=details.rationale.strip(),
        primary_need=details.primary_need if details.outcome in STATUTORY_OUTCOMES else "",
        early_help_team=details.early_help_team if details.outcome == Outcome.EARLY_HELP else None,
        amends=current if contact.status == Contact.Status.DECIDED else None,
        amendment_reason=details.amendment_reason.strip()
        if contact.status == Contact.Status.DECIDED
        else "",
        checks_at_proposal=checks_at_proposal,
        checks_reason=checks_reason
        if checks_needs_reason(checks_at_proposal, details.outcome)
        else "",
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    decision.full_clean()
    decision.save()
    casework.close_returned(
        contact.decisions.filter(status=ContactDecision.Status.RETURNED),
        by=by,
        note="A decision was proposed again",
    )
    move(contact, Contact.Status.AWAITING_AUTHORISATION)
    if contact.decided_on is not None:
        contact.decided_on = None
    contact.save(update_fields=["status", "decided_on", "updated_at"])
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=decision,
        action=Action.PROPOSE_DECISION,
        summary=f"Proposed: {decision.get_outcome_display()} (version {version})",
    )
    _chronicle(contact, entries.decision_proposed(decision.get_outcome_display()), by=by)
    return decision


def _locked_decision(decision: ContactDecision) -> tuple[Contact, ContactDecision]:
    # Lock the contact first, then the decision, always in that order, so two managers queue.
    contact = _locked(decision.contact)
    decision = ContactDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != ContactDecision.Status.PROPOSED:
        who = decision.reviewed_by or "another manager"
        raise ValidationError(
            f"This decision has already been {decision.get_status_display().lower()} by {who}: "
            "nothing was changed."
        )
    return contact, decision


@transaction.atomic
def authorise_decision(
    *,
    decision: ContactDecision,
    by: User,
    comment: str = "",
    no_strategy_discussion_reason: str = "",
    open_checks: str = "",
) -> ContactDecision:
    """Authorise a proposed threshold decision. When it opens statutory work each child gets a
    referral (a re-referral if within 12 months of their last); early help records a step-down.

    Checks still outstanding are never silently withdrawn: the manager chooses (`open_checks`) to
    withdraw them or to let them come back to the child's record. A reason for no strategy
    discussion after a disclosure reaches the heads of service's alerts the same day."""
    permissions.require(by, Action.AUTHORISE_DECISION, decision)
    contact, decision = _locked_decision(decision)
    decision.contact = contact
    children = _children_of(contact)
    # Every child's episode lock at once, in order of id, before any row about them is touched:
    # another decision naming the same children queues behind this one instead of deadlocking,
    # and finds the episodes it opened (casework.lock_children).
    casework.lock_children(children)
    if decision.needs_no_strategy_discussion_reason and not no_strategy_discussion_reason.strip():
        raise ValidationError(
            {
                "no_strategy_discussion_reason": "A child disclosed physical or sexual abuse: "
                "enter why this is not going to a strategy discussion"
            }
        )
    has_open_checks = contact.checks.filter(status=AgencyCheck.Status.REQUESTED).exists()
    if has_open_checks and open_checks not in OpenChecks.values:
        raise ValidationError(
            {
                "open_checks": "Checks are still outstanding: choose whether to withdraw them or "
                "let them come back to the child's record"
            }
        )
    now = timezone.now()
    today = timezone.localdate()
    move(decision, ContactDecision.Status.AUTHORISED)
    decision.open_checks = open_checks if has_open_checks else ""
    decision.reviewed_by = by
    decision.reviewed_at = now
    decision.manager_comment = comment.strip()
    decision.no_strategy_discussion_reason = no_strategy_discussion_reason.strip()
    if decision.amends_id is not None:
        earlier = ContactDecision.objects.select_for_update().get(pk=decision.amends_id)
        move(earlier, ContactDecision.Status.SUPERSEDED)
        earlier.save(update_fields=["status", "updated_at"])
    decision.full_clean()
    decision.save()
    move(contact, Contact.Status.DECIDED)
    contact.decided_on = today
    contact.save(update_fields=["status", "decided_on", "updated_at"])
    for rule in ALL_DECISION_RULES:
        timescales.close_due_items(
            record=contact, by=by, rule=rule, note=decision.get_outcome_display()
        )
    if decision.no_strategy_discussion_reason:
        timescales.close_due_items(
            record=contact,
            by=by,
            rule=rules.DISCLOSURE_STRATEGY_DISCUSSION,
            note=f"No strategy discussion: {decision.no_strategy_discussion_reason}",
        )
        # No team: the alert goes to the heads of service, today (an immediate alert).
        timescales.open_due_item(
            rules.NO_STRATEGY_AFTER_DISCLOSURE,
            child=children[0] if children else None,
            record=contact,
            start=today,
            summary=f"No strategy discussion after the disclosure on contact "
            f"{contact.reference}: {decision.no_strategy_discussion_reason}",
        )
    if has_open_checks:
        settle_open_checks(contact, withdraw=open_checks == OpenChecks.WITHDRAW, by=by)
    for child in children:
        _carry_out(decision, contact=contact, child=child, by=by)
    audit.log_change(
        by=by,
        child=children[0] if children else None,
        record=decision,
        action=Action.AUTHORISE_DECISION,
        summary=f"Authorised: {decision.get_outcome_display()} (version {decision.version})",
    )
    return decision


def _carry_out(decision: ContactDecision, *, contact: Contact, child: Person, by: User) -> None:
    """What an authorised decision starts for one child: a referral or an early help step-down."""
    received_on = timezone.localtime(contact.received_at).date()
    entries.decided(
        child,
        contact_id=contact.pk,
        reference=contact.reference,
        outcome=decision.get_outcome_display(),
        amended=decision.amends_id is not None,
        on=timezone.localdate(),
        by=by,
    ).save()
    if decision.outcome in STATUTORY_OUTCOMES:
        referral = casework.open_referral(
            child=child,
            contact=contact,
            decision=decision,
            referred_on=received_on,
            referral_source=contact.referral_source,
            primary_need=decision.primary_need,
            by=by,
        )
        if decision.outcome == Outcome.SECTION_47:
            casework.schedule_strategy_discussion(
                referral=referral, decided_on=timezone.localdate(), by=by
            )
        if contact.stepped_up_from is not None:
            casework.record_transfer(
                child=child,
                kind="step_up",
                from_team=contact.stepped_up_from,
                to_team=contact.team,
                transferred_on=timezone.localdate(),
                reason=decision.rationale,
                contact=contact,
                by=by,
            )
    elif decision.outcome == Outcome.EARLY_HELP and decision.early_help_team is not None:
        casework.record_transfer(
            child=child,
            kind="step_down",
            from_team=contact.team,
            to_team=decision.early_help_team,
            transferred_on=timezone.localdate(),
            reason=decision.rationale,
            contact=contact,
            by=by,
        )


@transaction.atomic
def return_decision(*, decision: ContactDecision, comment: str, by: User) -> ContactDecision:
    """Return a proposed decision for more work, with the manager's comment."""
    permissions.require(by, Action.RETURN_DECISION)
    if not comment.strip():
        raise ValidationError({"comment": "Enter what more work is needed"})
    contact, decision = _locked_decision(decision)
    move(decision, ContactDecision.Status.RETURNED)
    decision.reviewed_by = by
    decision.reviewed_at = timezone.now()
    decision.manager_comment = comment.strip()
    decision.full_clean()
    decision.save()
    # A returned amendment leaves the authorised decision standing.
    current = contact.decisions.filter(status=ContactDecision.Status.AUTHORISED).first()
    move(contact, Contact.Status.DECIDED if current else Contact.Status.OPEN)
    if current is not None and current.reviewed_at is not None:
        contact.decided_on = timezone.localtime(current.reviewed_at).date()
    contact.save(update_fields=["status", "decided_on", "updated_at"])
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=decision,
        action=Action.RETURN_DECISION,
        summary=f"Returned for more work: {decision.manager_comment}",
    )
    casework.return_to_proposer(
        decision,
        proposed_by=decision.proposed_by,
        child=_first_child(contact),
        team=contact.team,
        summary="Threshold decision returned for more work",
        by=by,
    )
    _chronicle(contact, entries.DECISION_RETURNED, by=by)
    return decision
