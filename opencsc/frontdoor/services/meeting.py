"""The daily front door meeting: choose a contact for it and record what it decided."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.frontdoor import entries
from opencsc.frontdoor.models import Contact, MeetingItem
from opencsc.frontdoor.services._common import _chronicle, _first_child, _locked
from opencsc.permissions import Action


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
    # The outcome is dated the meeting's day: one that has come, and not before the contact.
    if meeting_on > timezone.localdate():
        raise ValidationError(
            {"meeting_on": "The meeting's outcome can be recorded on or after its day"}
        )
    received_on = timezone.localdate(contact.received_at)
    if meeting_on < received_on:
        raise ValidationError(
            {"meeting_on": f"The meeting cannot be before the contact ({received_on:%-d %B %Y})"}
        )
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
