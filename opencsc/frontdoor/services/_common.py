"""Helpers the front door's writing modules share: its team, a contact's children, the row lock and
the chronology entry."""

from datetime import date

from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.frontdoor import entries
from opencsc.frontdoor.models import Contact
from opencsc.people.models import Person


def _children_of(contact: Contact) -> list[Person]:
    return [
        link.child
        for link in contact.children.select_related("child").order_by("pk")
        if link.child is not None
    ]


def _first_child(contact: Contact) -> Person | None:
    link = contact.children.filter(child__isnull=False).select_related("child").first()
    return link.child if link is not None else None


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


def _locked(contact: Contact) -> Contact:
    """The contact's row, locked for this transaction, so two people acting at once queue."""
    return Contact.objects.select_for_update().get(pk=contact.pk)
