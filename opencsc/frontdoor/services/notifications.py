"""Telling the team that holds a child that a new contact arrived about them (issue 12, "Known
children at the front door"): the allocated worker and the holding team's managers hear of it in
OpenCSC the same day (an open due item on each one's tray), and the MASH records anyone else it
told, by phone, email or in person."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.audit import services as audit
from opencsc.casework.holders import holders
from opencsc.frontdoor.models import Contact, ContactNotification
from opencsc.people.child_search import may_name
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

__all__ = ["holders", "mark_contact_read", "may_name", "record_told", "tell_holders"]

NOTICE_SUMMARY = "New contact about a child you hold"


def tell_holders(*, contact: Contact, child: Person, by: User) -> list[ContactNotification]:
    """As the MASH matches a contact to a child whose case a team holds: tell the allocated worker
    and the team's managers in OpenCSC, each with an open due item of `CONTACT_ON_HELD_CHILD` (due
    the same day) hanging on their notice. Call inside the matching service's transaction."""
    team, people = holders(child)
    now = timezone.now()
    told = []
    for person in people:
        notice, created = ContactNotification.objects.get_or_create(
            contact=contact,
            child=child,
            told=person,
            method=ContactNotification.Method.IN_APP,
            defaults={"told_at": now, "recorded_by": by},
        )
        if not created:
            continue
        timescales.open_due_item(
            rules.CONTACT_ON_HELD_CHILD,
            child=child,
            record=notice,
            start=timezone.localtime(now).date(),
            owner=person,
            team=team,
            summary=NOTICE_SUMMARY,
        )
        told.append(notice)
    if told:
        audit.log_change(
            by=by,
            child=child,
            record=contact,
            action=Action.RECORD_WHO_WAS_TOLD,
            summary=f"Holding team told of contact {contact.reference} in OpenCSC ({len(told)})",
        )
    return told


@transaction.atomic
def record_told(
    *, contact: Contact, child: Person, told: User, method: str, note: str = "", by: User
) -> ContactNotification:
    """Record that the MASH told someone of a contact about a child, by phone, email or in
    person (the notices in OpenCSC are recorded as the child is matched)."""
    permissions.require(by, Action.RECORD_WHO_WAS_TOLD)
    if method not in ContactNotification.Method.values or method == "in_app":
        raise ValidationError({"method": "Choose how you told them: by phone, email or in person"})
    if not contact.children.filter(child=child).exists():
        raise ValidationError({"child": "Choose a child this contact is about"})
    if told.role == Role.PARTNER_AGENCY or not told.is_active:
        raise ValidationError({"told": "Choose a member of staff"})
    notice = ContactNotification.objects.create(
        contact=contact,
        child=child,
        told=told,
        method=method,
        told_at=timezone.now(),
        note=note.strip(),
        recorded_by=by,
    )
    audit.log_change(
        by=by,
        child=child,
        record=contact,
        action=Action.RECORD_WHO_WAS_TOLD,
        summary=f"Told {notice.get_method_display().lower()} of contact {contact.reference}",
    )
    return notice


@transaction.atomic
def mark_contact_read(*, notification: ContactNotification, by: User) -> ContactNotification:
    """The person told marks a new contact on their child as read: closes their tray item."""
    notice = ContactNotification.objects.select_for_update().get(pk=notification.pk)
    if notice.told_id != by.pk or notice.method != ContactNotification.Method.IN_APP:
        raise PermissionDenied("Only the person told can mark this as read.")
    permissions.require(by, Action.READ_CONTACT_NOTICE, notice.child)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at", "updated_at"])
        timescales.close_due_items(
            record=notice, by=by, rule=rules.CONTACT_ON_HELD_CHILD, note="Read"
        )
        audit.log_change(
            by=by,
            child=notice.child,
            record=notice.contact,
            action=Action.READ_CONTACT_NOTICE,
            summary=f"New contact {notice.contact.reference} read",
        )
    return notice
