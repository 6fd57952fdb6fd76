"""Writes for the front door: each is one transaction with its permission check, due items,
chronology and access-log rows."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.core.states import move
from opencsc.frontdoor import entries
from opencsc.frontdoor.codes import (
    RATING_ORDER,
    STATUTORY_OUTCOMES,
    Consent,
    Outcome,
    Rating,
    threshold_levels,
)
from opencsc.frontdoor.models import (
    AgencyCheck,
    Contact,
    ContactChild,
    ContactDecision,
    ContactRating,
    MeetingItem,
)
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem
from opencsc.timescales.rules import Hours, Rule

DECISION_RULES = {
    Rating.RED: rules.CONTACT_DECISION_RED,
    Rating.AMBER: rules.CONTACT_DECISION_AMBER,
    Rating.GREEN: rules.CONTACT_DECISION_GREEN,
}
ALL_DECISION_RULES = (rules.REFERRAL_DECISION, *DECISION_RULES.values())


@dataclass
class NamedChild:
    """A child as a partner agency names them, before the MASH finds their record."""

    name: str
    date_of_birth: date | None = None
    address: str = ""


@dataclass
class ContactDetails:
    """What a contact says: who made it, how, about what, and consent."""

    received_at: datetime
    method: str
    referral_source: str
    concerns: list[str]
    concern_details: str
    consent: str
    referrer_name: str = ""
    referrer_role: str = ""
    referrer_phone: str = ""
    referrer_email: str = ""
    referrer_organisation: str = ""
    disclosure: str = ""
    disclosure_details: str = ""
    consent_not_sought_reason: str = ""
    is_consent_overridden: bool = False
    consent_override_rationale: str = ""
    consent_override_authorised_by: str = ""
    stepped_up_from: Team | None = None
    children: list[Person] = field(default_factory=list)
    named_children: list[NamedChild] = field(default_factory=list)


def front_door_team(user: User) -> Team:
    """The MASH a contact recorded by `user` goes to: their own MASH team, or the council's."""
    teams = Team.objects.filter(kind=Team.Kind.MASH, is_active=True).order_by("pk")
    team = teams.filter(memberships__user=user).first() or teams.first()
    if team is None:
        raise ValidationError("There is no MASH team: an administrator must add one first.")
    return team


def _children_of(contact: Contact) -> list[Person]:
    return [
        link.child
        for link in contact.children.select_related("child").order_by("pk")
        if link.child is not None
    ]


def _first_child(contact: Contact) -> Person | None:
    link = contact.children.filter(child__isnull=False).select_related("child").first()
    return link.child if link is not None else None


def _check_consent(details: ContactDetails) -> dict[str, str]:
    errors: dict[str, str] = {}
    if details.consent == Consent.NOT_SOUGHT and not details.consent_not_sought_reason.strip():
        errors["consent_not_sought_reason"] = "Enter why consent was not sought"
    if details.is_consent_overridden:
        if details.consent == Consent.GIVEN:
            errors["is_consent_overridden"] = "Consent was given: there is nothing to override"
        if not details.consent_override_rationale.strip():
            errors["consent_override_rationale"] = "Enter why consent is being overridden"
        if not details.consent_override_authorised_by.strip():
            errors["consent_override_authorised_by"] = "Enter who authorised the override"
    return errors


@transaction.atomic
def record_contact(*, details: ContactDetails, by: User) -> Contact:
    """Record a contact at the front door and start its decision clock (1 working day until the
    MASH rates it). The MASH matches the children a partner agency names."""
    permissions.require(by, Action.RECORD_CONTACT)
    is_partner = by.role == Role.PARTNER_AGENCY
    errors = _check_consent(details)
    if not details.children and not details.named_children:
        errors["children"] = "Add the child this contact is about"
    if any(not named.name.strip() for named in details.named_children):
        errors["children"] = "Enter the name of each child this contact is about"
    if details.disclosure and not details.disclosure_details.strip():
        errors["disclosure_details"] = "Enter what the child said"
    if details.received_at > timezone.now():
        errors["received_at"] = "The date and time received must be in the past"
    if details.stepped_up_from is not None and details.stepped_up_from.kind != Team.Kind.EARLY_HELP:
        errors["stepped_up_from"] = "Choose an early help team"
    if is_partner and details.children:
        raise PermissionDenied("Partner agencies name children; the MASH finds their records.")
    if errors:
        raise ValidationError(errors)
    for child in details.children:
        if not child.is_child or not permissions.can_see(by, child):
            raise ValidationError({"children": f"{child} is not a child's record you can open"})

    team = front_door_team(by)
    contact = Contact(
        received_at=details.received_at,
        method=details.method,
        referral_source=details.referral_source,
        referrer_name=details.referrer_name,
        referrer_role=details.referrer_role,
        referrer_phone=details.referrer_phone,
        referrer_email=details.referrer_email,
        referrer_organisation=details.referrer_organisation
        or (str(by.agency) if is_partner else ""),
        referrer_agency=by.agency if is_partner else None,
        concerns=list(dict.fromkeys(details.concerns)),
        concern_details=details.concern_details,
        disclosure=details.disclosure,
        disclosure_details=details.disclosure_details,
        consent=details.consent,
        consent_not_sought_reason=details.consent_not_sought_reason,
        is_consent_overridden=details.is_consent_overridden,
        consent_override_rationale=details.consent_override_rationale,
        consent_override_authorised_by=details.consent_override_authorised_by,
        stepped_up_from=details.stepped_up_from,
        team=team,
        practitioner=None if is_partner else by,
        recorded_by=by,
    )
    contact.full_clean()
    contact.save()
    for child in dict.fromkeys(details.children):
        ContactChild.objects.create(contact=contact, child=child)
    for named in details.named_children:
        ContactChild.objects.create(
            contact=contact,
            given_name=named.name.strip(),
            given_date_of_birth=named.date_of_birth,
            given_address=named.address.strip(),
        )
    received_on = timezone.localtime(details.received_at).date()
    due = timescales.open_due_item(
        rules.REFERRAL_DECISION,
        child=_first_child(contact),
        record=contact,
        start=received_on,
        owner=contact.practitioner,
        team=team,
        summary=f"Decide on contact {contact.reference}",
    )
    contact.decision_due_on = due.due_on
    contact.save(update_fields=["decision_due_on", "updated_at"])
    if contact.disclosed_physical_or_sexual_abuse:
        # Watched by the manager alert until a strategy discussion is held, or a manager records
        # why there will be none.
        timescales.open_due_item(
            rules.DISCLOSURE_STRATEGY_DISCUSSION,
            child=_first_child(contact),
            record=contact,
            start=received_on,
            team=team,
            summary=f"Strategy discussion after the disclosure on contact {contact.reference}",
        )
    for child in details.children:
        _add_contact_to_chronology(contact, child, by=by)
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=contact,
        action=Action.RECORD_CONTACT,
        summary=f"Contact {contact.reference} recorded",
    )
    return contact


def _chronicle(
    contact: Contact, summary: str, *, by: User, happened_on: date | None = None
) -> None:
    """Write one front-door step on the chronology of each child the contact has a record for."""
    for child in _children_of(contact):
        entries.step(
            child,
            contact_id=contact.pk,
            reference=contact.reference,
            what=summary,
            on=happened_on or timezone.localdate(),
            by=by,
        ).save()


def _add_contact_to_chronology(contact: Contact, child: Person, *, by: User) -> None:
    entries.received(
        child,
        contact_id=contact.pk,
        reference=contact.reference,
        source=contact.get_referral_source_display(),
        concerns=", ".join(contact.get_concerns_display()),
        on=timezone.localtime(contact.received_at).date(),
        by=by,
    ).save()


def _locked(contact: Contact) -> Contact:
    """The contact's row, locked for this transaction, so two people acting at once queue."""
    return Contact.objects.select_for_update().get(pk=contact.pk)


@transaction.atomic
def add_child(
    *, contact: Contact, child: Person, replacing: ContactChild | None = None, by: User
) -> ContactChild:
    """Add a child's record to a contact, or match a named child to their record."""
    permissions.require(by, Action.TRIAGE_CONTACT)
    contact = _locked(contact)
    if contact.status != Contact.Status.OPEN:
        raise ValidationError("Children can be added only before a decision is proposed.")
    if not child.is_child or not permissions.can_see(by, child):
        raise ValidationError("Choose a child's record you can open.")
    if contact.children.filter(child=child).exists():
        raise ValidationError(f"{child.full_name} is already on this contact.")
    if replacing is not None:
        if replacing.contact_id != contact.pk or replacing.child_id is not None:
            raise ValidationError("That child has already been matched.")
        replacing.child = child
        replacing.save(update_fields=["child", "updated_at"])
        link = replacing
    else:
        link = ContactChild.objects.create(contact=contact, child=child)
    # The decision's due item follows the first matched child.
    if not contact.children.filter(child__isnull=False).exclude(pk=link.pk).exists():
        timescales.name_child_on_open_items(
            record=contact,
            child=child,
            of_rules=[*ALL_DECISION_RULES, rules.DISCLOSURE_STRATEGY_DISCUSSION],
        )
    _add_contact_to_chronology(contact, child, by=by)
    audit.log_change(
        by=by,
        child=child,
        record=contact,
        action=Action.TRIAGE_CONTACT,
        summary=f"{child.full_name} added to contact {contact.reference}",
    )
    return link


@transaction.atomic
def rate_contact(*, contact: Contact, rating: str, reason: str, by: User) -> ContactRating:
    """Rate (or re-rate) a contact red, amber or green, which sets its decision deadline counted
    from now (local rules: red the same working day, amber 1, green 3)."""
    permissions.require(by, Action.TRIAGE_CONTACT)
    if rating not in RATING_ORDER:
        raise ValidationError({"rating": "Choose red, amber or green"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for this rating"})
    contact = _locked(contact)
    if contact.status == Contact.Status.DECIDED:
        raise ValidationError("This contact has been decided: it can no longer be rated.")
    now = timezone.now()
    rule = DECISION_RULES[Rating(rating)]
    timescales.close_due_items(record=contact, by=by, note=f"Rated {rating}")
    due = timescales.open_due_item(
        rule,
        child=_first_child(contact),
        record=contact,
        start=timezone.localtime(now).date(),
        owner=contact.practitioner,
        team=contact.team,
        summary=f"Decide on contact {contact.reference} ({rating})",
    )
    contact_rating = ContactRating.objects.create(
        contact=contact,
        rating=rating,
        reason=reason.strip(),
        rated_by=by,
        rated_at=now,
        decision_due_on=due.due_on,
    )
    earlier = contact.rating
    contact.rating = rating
    contact.rating_order = RATING_ORDER[Rating(rating)]
    contact.decision_due_on = due.due_on
    if contact.practitioner is None:
        contact.practitioner = by
    contact.save(
        update_fields=["rating", "rating_order", "decision_due_on", "practitioner", "updated_at"]
    )
    summary = entries.rated(rating, earlier)
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=contact,
        action=Action.TRIAGE_CONTACT,
        summary=f"{summary}: {reason.strip()}",
    )
    _chronicle(contact, entries.rating_step(rating, earlier), by=by)
    return contact_rating


def _check_rule(contact: Contact) -> Rule:
    return rules.AGENCY_CHECK_RED if contact.rating == Rating.RED else rules.AGENCY_CHECK


@transaction.atomic
def request_check(*, contact: Contact, agency: Agency, question: str, by: User) -> AgencyCheck:
    """Ask a partner agency what it knows before the decision (red: 4 hours, else 1 working day)."""
    permissions.require(by, Action.REQUEST_CHECK)
    if not question.strip():
        raise ValidationError({"question": "Enter what you are asking the agency"})
    contact = _locked(contact)
    if contact.status != Contact.Status.OPEN:
        raise ValidationError("Checks are requested before the decision is proposed.")
    if contact.checks.filter(agency=agency, status=AgencyCheck.Status.REQUESTED).exists():
        raise ValidationError({"agency": f"A check with {agency} is already waiting for an answer"})
    now = timezone.now()
    rule = _check_rule(contact)
    check = AgencyCheck(
        contact=contact,
        agency=agency,
        question=question.strip(),
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
    """Record that the MASH chased a check that has not come back."""
    permissions.require(by, Action.REQUEST_CHECK)
    check = _locked_check(check)
    if check.status != AgencyCheck.Status.REQUESTED:
        raise ValidationError("This check is no longer waiting for an answer.")
    check.chased_at = timezone.now()
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


def _withdraw_open_checks(contact: Contact, *, by: User, note: str) -> None:
    for check in contact.checks.select_for_update().filter(status=AgencyCheck.Status.REQUESTED):
        move(check, AgencyCheck.Status.WITHDRAWN)
        check.save(update_fields=["status", "updated_at"])
        timescales.close_due_items(record=check, by=by, note=note)


@transaction.atomic
def choose_for_meeting(*, contact: Contact, meeting_on: date, by: User) -> MeetingItem:
    """Put a contact on a day's MASH meeting agenda (the MASH manager's choice)."""
    permissions.require(by, Action.PLAN_MEETING)
    if meeting_on < timezone.localdate():
        raise ValidationError({"meeting_on": "The meeting date must be today or in the future"})
    if contact.status == Contact.Status.DECIDED:
        raise ValidationError("This contact has been decided: there is nothing to discuss.")
    item, created = MeetingItem.objects.get_or_create(
        contact=contact, meeting_on=meeting_on, defaults={"added_by": by}
    )
    if not created:
        raise ValidationError({"meeting_on": "This contact is already on that day's meeting"})
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=contact,
        action=Action.PLAN_MEETING,
        summary=f"Added to the MASH meeting on {meeting_on:%-d %B %Y}",
    )
    return item


@transaction.atomic
def record_meeting_outcome(
    *, contact: Contact, meeting_on: date, agreed: str, by: User
) -> MeetingItem:
    """Record what the MASH meeting agreed about a contact."""
    permissions.require(by, Action.RECORD_MEETING)
    if not agreed.strip():
        raise ValidationError({"agreed": "Enter what the meeting agreed"})
    contact = _locked(contact)
    item = (
        MeetingItem.objects.select_for_update()
        .filter(contact=contact, meeting_on=meeting_on)
        .first()
    )
    if item is None:
        item = MeetingItem(contact=contact, meeting_on=meeting_on, added_by=by)
    if item.agreed:
        raise ValidationError(
            {"agreed": f"The meeting's agreement was already recorded by {item.agreed_by}"}
        )
    item.agreed = agreed.strip()
    item.agreed_by = by
    item.agreed_at = timezone.now()
    item.save()
    _chronicle(contact, entries.DISCUSSED, by=by, happened_on=meeting_on)
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=contact,
        action=Action.RECORD_MEETING,
        summary=f"MASH meeting on {meeting_on:%-d %B %Y}: {item.agreed}",
    )
    return item


@dataclass
class DecisionDetails:
    """What a practitioner proposes: the outcome, the threshold level and the rationale."""

    outcome: str
    threshold_level: str
    rationale: str
    primary_need: str = ""
    early_help_team: Team | None = None
    amendment_reason: str = ""


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
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    decision.full_clean()
    decision.save()
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
) -> ContactDecision:
    """Authorise a proposed threshold decision. When it opens statutory work each child gets a
    referral (a re-referral if within 12 months of their last); early help records a step-down."""
    permissions.require(by, Action.AUTHORISE_DECISION, decision)
    contact, decision = _locked_decision(decision)
    decision.contact = contact
    if decision.needs_no_strategy_discussion_reason and not no_strategy_discussion_reason.strip():
        raise ValidationError(
            {
                "no_strategy_discussion_reason": "A child disclosed physical or sexual abuse: "
                "enter why this is not going to a strategy discussion"
            }
        )
    now = timezone.now()
    today = timezone.localdate()
    move(decision, ContactDecision.Status.AUTHORISED)
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
    _withdraw_open_checks(contact, by=by, note="Withdrawn: the decision was authorised")
    children = _children_of(contact)
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
    _chronicle(contact, entries.DECISION_RETURNED, by=by)
    return decision


def copy_due_dates() -> int:
    """Copy open due items' dates onto the undecided contacts and waiting checks they belong to
    (their worklists sort by these copies); returns how many records changed."""
    changed = 0
    contact_type = ContentType.objects.get_for_model(Contact)
    check_type = ContentType.objects.get_for_model(AgencyCheck)
    items = DueItem.objects.filter(
        closed_at=None, record_type__in=[contact_type, check_type], rule__in=rules.FRONT_DOOR_CODES
    )
    contacts = {c.pk: c for c in Contact.objects.exclude(status=Contact.Status.DECIDED)}
    checks = {c.pk: c for c in AgencyCheck.objects.filter(status=AgencyCheck.Status.REQUESTED)}
    for item in items.only("record_type_id", "record_id", "due_on", "due_at"):
        if item.record_type_id == contact_type.pk and item.record_id in contacts:
            contact = contacts[item.record_id]
            if contact.decision_due_on != item.due_on:
                contact.decision_due_on = item.due_on
                contact.save(update_fields=["decision_due_on", "updated_at"])
                changed += 1
        elif item.record_type_id == check_type.pk and item.record_id in checks:
            check = checks[item.record_id]
            if (check.due_on, check.due_at) != (item.due_on, item.due_at):
                check.due_on, check.due_at = item.due_on, item.due_at
                check.save(update_fields=["due_on", "due_at", "updated_at"])
                changed += 1
    return changed
