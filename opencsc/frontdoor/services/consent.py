"""Consent to share information and make enquiries: who was asked and their answer, and a manager's
override when it was refused or not sought (issue 13).

A contact's checks go out only when consent was given or a manager, signed in as themselves and
never the person who asked, authorised overriding it with the reason (a red rating or a disclosure
of harm are offered when the contact shows them) and the rationale.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework import services as casework
from opencsc.core.states import move
from opencsc.frontdoor.codes import Consent, ConsentAnswer, ConsentAsked
from opencsc.frontdoor.models import ConsentOverride, ConsentRecord, Contact
from opencsc.frontdoor.services._common import _chronicle, _first_child, _locked
from opencsc.permissions import Action


@transaction.atomic
def record_consent(
    *, contact: Contact, asked: str, answer: str, by: User, name: str = "", note: str = ""
) -> ConsentRecord:
    """Record that someone (a parent, a carer, the young person) was asked for consent and what
    they said; the contact's consent follows the latest answer."""
    permissions.require(by, Action.RECORD_CONSENT)
    errors: dict[str, str] = {}
    if asked not in ConsentAsked.values:
        errors["asked"] = "Choose who was asked for consent"
    if answer not in ConsentAnswer.values:
        errors["answer"] = "Choose whether they gave or refused consent"
    if errors:
        raise ValidationError(errors)
    contact = _locked(contact)
    if contact.status == Contact.Status.DECIDED:
        raise ValidationError("This contact has been decided: record consent on the child's case.")
    record = ConsentRecord.objects.create(
        contact=contact,
        asked=asked,
        name=name.strip(),
        answer=answer,
        asked_at=timezone.now(),
        asked_by=by,
        note=note.strip(),
    )
    contact.consent = Consent(answer)
    contact.consent_not_sought_reason = ""
    contact.full_clean()
    contact.save(update_fields=["consent", "consent_not_sought_reason", "updated_at"])
    if contact.consent == Consent.GIVEN:
        casework.close_returned(
            contact.consent_overrides.filter(status=ConsentOverride.Status.RETURNED),
            by=by,
            note="Consent was given",
        )
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=record,
        action=Action.RECORD_CONSENT,
        summary=f"Consent asked of {record.get_asked_display().lower()}: "
        f"{record.get_answer_display().lower()}",
    )
    _chronicle(contact, f"Consent: {record}", by=by)
    return record


@transaction.atomic
def propose_override(*, contact: Contact, reason: str, rationale: str, by: User) -> ConsentOverride:
    """Ask a manager to authorise sharing information without consent."""
    permissions.require(by, Action.PROPOSE_CONSENT_OVERRIDE)
    contact = _locked(contact)
    errors: dict[str, str] = {}
    if reason not in dict(contact.override_reasons()):
        errors["reason"] = "Choose why consent is being overridden"
    if not rationale.strip():
        errors["rationale"] = "Enter why the risk to the child outweighs the family's wishes"
    if errors:
        raise ValidationError(errors)
    if contact.status == Contact.Status.DECIDED:
        raise ValidationError("This contact has been decided: its consent can no longer change.")
    if contact.consent == Consent.GIVEN:
        raise ValidationError("Consent was given: there is nothing to override.")
    if contact.is_consent_overridden:
        raise ValidationError("A manager has already authorised overriding consent.")
    if contact.consent_overrides.filter(status=ConsentOverride.Status.PROPOSED).exists():
        raise ValidationError("An override is already waiting for a manager: it was not changed.")
    override = ConsentOverride(
        contact=contact,
        reason=reason,
        rationale=rationale.strip(),
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    override.full_clean()
    override.save()
    casework.close_returned(
        contact.consent_overrides.filter(status=ConsentOverride.Status.RETURNED),
        by=by,
        note="An override was asked for again",
    )
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=override,
        action=Action.PROPOSE_CONSENT_OVERRIDE,
        summary=f"Consent override asked for: {override.get_reason_display()}",
    )
    return override


def _locked_override(override: ConsentOverride) -> tuple[Contact, ConsentOverride]:
    contact = _locked(override.contact)
    override = ConsentOverride.objects.select_for_update().get(pk=override.pk)
    if override.status != ConsentOverride.Status.PROPOSED:
        who = override.reviewed_by or "another manager"
        raise ValidationError(
            f"This consent override has already been {override.get_status_display().lower()}"
            f" by {who}: nothing was changed."
        )
    return contact, override


@transaction.atomic
def authorise_override(
    *, override: ConsentOverride, by: User, comment: str = ""
) -> ConsentOverride:
    """A manager, signed in as themselves and not the person who asked, authorises sharing
    information without consent: checks may then be requested."""
    permissions.require(by, Action.AUTHORISE_CONSENT_OVERRIDE, override)
    contact, override = _locked_override(override)
    if contact.consent == Consent.GIVEN:
        raise ValidationError("Consent has since been given: there is nothing to override.")
    now = timezone.now()
    move(override, ConsentOverride.Status.AUTHORISED)
    override.reviewed_by = by
    override.reviewed_at = now
    override.manager_comment = comment.strip()
    override.full_clean()
    override.save()
    contact.is_consent_overridden = True
    contact.consent_override_reason = override.reason
    contact.consent_override_rationale = override.rationale
    contact.consent_override_authorised_by = by
    contact.consent_override_authorised_at = now
    contact.full_clean()
    contact.save(
        update_fields=[
            "is_consent_overridden",
            "consent_override_reason",
            "consent_override_rationale",
            "consent_override_authorised_by",
            "consent_override_authorised_at",
            "updated_at",
        ]
    )
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=override,
        action=Action.AUTHORISE_CONSENT_OVERRIDE,
        summary=f"Consent overridden: {override.get_reason_display()}",
    )
    _chronicle(contact, f"Consent overridden by a manager: {override.get_reason_display()}", by=by)
    return override


@transaction.atomic
def return_override(*, override: ConsentOverride, comment: str, by: User) -> ConsentOverride:
    """A manager turns down overriding consent, saying why: checks still cannot be sent."""
    permissions.require(by, Action.RETURN_CONSENT_OVERRIDE)
    if not comment.strip():
        raise ValidationError({"comment": "Enter why consent is not to be overridden"})
    contact, override = _locked_override(override)
    move(override, ConsentOverride.Status.RETURNED)
    override.reviewed_by = by
    override.reviewed_at = timezone.now()
    override.manager_comment = comment.strip()
    override.full_clean()
    override.save()
    audit.log_change(
        by=by,
        child=_first_child(contact),
        record=override,
        action=Action.RETURN_CONSENT_OVERRIDE,
        summary=f"Consent override not authorised: {override.manager_comment}",
    )
    casework.return_to_proposer(
        override,
        proposed_by=override.proposed_by,
        child=_first_child(contact),
        team=contact.team,
        summary="Consent override not authorised",
        by=by,
    )
    return override
