"""Reads of the child's chronology."""

from django.db.models import QuerySet

from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Person


def chronology_for_child(child: Person, *, kind: str = "") -> QuerySet[ChronologyEntry]:
    """A child's chronology, newest first, optionally of one kind."""
    entries = ChronologyEntry.objects.filter(child=child).select_related("recorded_by")
    if kind:
        entries = entries.filter(kind=kind)
    return entries.order_by("-happened_on", "-id")
