"""Recording a contact, adding a child to it and rating it."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Role, Team, User
from opencsc.audit import services as audit
from opencsc.casework.disclosures import HeardDisclosure
from opencsc.casework.holders import front_door_team
from opencsc.frontdoor import entries
from opencsc.frontdoor.codes import (
    RATING_ORDER,
    Concern,
    Consent,
    ConsentAsked,
    ContactMethod,
    Disclosure,
    Rating,
)
from opencsc.frontdoor.models import ConsentRecord, Contact, ContactChild, ContactRating
from opencsc.frontdoor.services._common import _chronicle, _first_child, _locked
from opencsc.frontdoor.services.decisions import ALL_DECISION_RULES, DECISION_RULES
from opencsc.frontdoor.services.notifications import may_name, tell_holders
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales


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
    # Who was asked (ConsentAsked) when consent was sought, and their name where known.
    consent_asked: str = ""
    consent_asked_name: str = ""
    stepped_up_from: Team | None = None
    children: list[Person] = field(default_factory=list)
    named_children: list[NamedChild] = field(default_factory=list)


def _check_consent(details: ContactDetails) -> dict[str, str]:
    """Consent not sought needs the reason; consent sought needs who was asked. Overriding it is
    a manager's decision afterwards (services.consent), never typed on the contact."""
    errors: dict[str, str] = {}
    if details.consent == Consent.NOT_SOUGHT and not details.consent_not_sought_reason.strip():
        errors["consent_not_sought_reason"] = "Enter why consent was not sought"
    sought = details.consent in (Consent.GIVEN, Consent.REFUSED)
    if sought and details.consent_asked not in ConsentAsked.values:
        errors["consent_asked"] = "Choose who was asked for consent"
    return errors


@transaction.atomic
def record_contact(*, details: ContactDetails, by: User) -> Contact:
    """Record a contact at the front door and start its decision clock (1 working day until the
    MASH rates it). The MASH matches the children a partner agency names."""
    permissions.require(by, Action.RECORD_CONTACT)
    is_partner = by.role == Role.PARTNER_AGENCY
    errors = _check_contact(details)
    if is_partner and details.children:
        raise PermissionDenied("Partner agencies name children; the MASH finds their records.")
    if errors:
        raise ValidationError(errors)
    for child in details.children:
        if not may_name(by, child):
            # No name: the record may be one this user may not know exists.
            raise ValidationError({"children": "Choose only children whose records you can open"})
    return _save_contact(details, by=by, is_partner=is_partner)


def _save_contact(
    details: ContactDetails, *, by: User, is_partner: bool, as_practitioner: bool = True
) -> Contact:
    """Write a checked contact: its children, consent, clocks, chronology lines, the holding
    teams told, and the access-log row. `as_practitioner`: whoever records it works it (the
    MASH), or not (a disclosure heard elsewhere waits for the MASH, as a partner's contact)."""
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
        consent_not_sought_reason=details.consent_not_sought_reason
        if details.consent == Consent.NOT_SOUGHT
        else "",
        stepped_up_from=details.stepped_up_from,
        team=team,
        practitioner=None if is_partner or not as_practitioner else by,
        recorded_by=by,
    )
    contact.full_clean()
    contact.save()
    if details.consent in (Consent.GIVEN, Consent.REFUSED):
        ConsentRecord.objects.create(
            contact=contact,
            asked=details.consent_asked,
            name=details.consent_asked_name.strip(),
            answer=details.consent,
            asked_at=details.received_at,
            asked_by=by,
        )
    _add_children(contact, details)
    _open_clocks(contact)
    for child in details.children:
        _add_contact_to_chronology(contact, child, by=by)
        tell_holders(contact=contact, child=child, by=by)
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=contact,
        action=Action.RECORD_CONTACT,
        summary=f"Contact {contact.reference} recorded",
    )
    return contact


# CIN census referral sources: the council's own officer (5B, another internal service) or a
# commissioned provider (8, independent agency providers).
COUNCIL_SOURCE = "5B"
PROVIDER_SOURCE = "8"


@transaction.atomic
def record_disclosure(disclosure: HeardDisclosure, by: User) -> str:
    """A disclosure of harm heard outside the front door (a return home interview) starts a
    contact like any other: the MASH's decision clock, the strategy discussion's after physical or
    sexual abuse, and for a child a team holds, the allocated worker's and managers' trays. Known
    and not-known children alike: a child not matched yet is named for the MASH to match. The
    caller's service has checked its own permission (casework.disclosures); returns the contact's
    reference."""
    if disclosure.kind not in Disclosure.values or not disclosure.kind:
        raise ValidationError({"harm_disclosed": "Choose the harm the child disclosed"})
    named = []
    if disclosure.child is None:
        named = [
            NamedChild(
                name=disclosure.given_name,
                date_of_birth=disclosure.given_date_of_birth,
                address=disclosure.given_address,
            )
        ]
    concerns = [code for code in disclosure.concerns if code in Concern.values]
    details = ContactDetails(
        received_at=disclosure.heard_at,
        method=ContactMethod.IN_PERSON,
        referral_source=PROVIDER_SOURCE if by.agency_id is not None else COUNCIL_SOURCE,
        concerns=concerns or [Concern.MISSING],
        concern_details=f"Disclosure in {disclosure.where_heard}.",
        consent=Consent.NOT_SOUGHT,
        consent_not_sought_reason=(
            "A child disclosed harm: shared with the front door to protect them."
        ),
        referrer_name=by.display_name,
        referrer_role=by.get_role_display(),
        referrer_organisation=str(by.agency) if by.agency_id is not None else "",
        disclosure=disclosure.kind,
        disclosure_details=disclosure.details,
        children=[disclosure.child] if disclosure.child is not None else [],
        named_children=named,
    )
    errors = _check_contact(details)
    if errors:
        raise ValidationError(errors)
    contact = _save_contact(details, by=by, is_partner=False, as_practitioner=False)
    return contact.reference


def _check_contact(details: ContactDetails) -> dict[str, str]:
    errors = _check_consent(details)
    if not details.children and not details.named_children:
        errors["children"] = "Add the child this contact is about"
    if any(not named.name.strip() for named in details.named_children):
        errors["children"] = "Enter the name of each child this contact is about"
    if details.disclosure and not details.disclosure_details.strip():
        errors["disclosure_details"] = "Enter what the child said"
    if details.received_at > timezone.now():
        errors["received_at"] = "The date and time received must be in the past"
    born = [child.date_of_birth for child in details.children] + [
        named.date_of_birth for named in details.named_children
    ]
    latest_birth = max((day for day in born if day is not None), default=None)
    received_on = timezone.localdate(details.received_at)
    if latest_birth is not None and received_on < latest_birth:
        errors["received_at"] = (
            f"The contact cannot be received before the child was born ({latest_birth:%-d %B %Y})"
        )
    if details.stepped_up_from is not None and details.stepped_up_from.kind != Team.Kind.EARLY_HELP:
        errors["stepped_up_from"] = "Choose an early help team"
    return errors


def _add_children(contact: Contact, details: ContactDetails) -> None:
    """The children's records the contact names, and the children a partner named for the MASH
    to match."""
    for child in dict.fromkeys(details.children):
        ContactChild.objects.create(contact=contact, child=child)
    for named in details.named_children:
        ContactChild.objects.create(
            contact=contact,
            given_name=named.name.strip(),
            given_date_of_birth=named.date_of_birth,
            given_address=named.address.strip(),
        )


def _open_clocks(contact: Contact) -> None:
    """The decision clock, copied onto the contact for the worklists, and after a disclosure of
    physical or sexual abuse the strategy discussion's."""
    team = contact.team
    received_on = timezone.localtime(contact.received_at).date()
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


@transaction.atomic
def add_child(
    *, contact: Contact, child: Person, replacing: ContactChild | None = None, by: User
) -> ContactChild:
    """Add a child's record to a contact, or match a named child to their record."""
    permissions.require(by, Action.TRIAGE_CONTACT)
    contact = _locked(contact)
    if contact.status != Contact.Status.OPEN:
        raise ValidationError("Children can be added only before a decision is proposed.")
    if not may_name(by, child):
        raise ValidationError("Choose a child's record you can find.")
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
    tell_holders(contact=contact, child=child, by=by)
    audit.log_change(
        by=by,
        child=child,
        record=contact,
        action=Action.TRIAGE_CONTACT,
        summary=f"Child added to contact {contact.reference}",
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
    # Only the decision's clock restarts: a disclosure's strategy-discussion watch stays open.
    for decision_rule in ALL_DECISION_RULES:
        timescales.close_due_items(
            record=contact, by=by, rule=decision_rule, note=f"Rated {rating}"
        )
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
