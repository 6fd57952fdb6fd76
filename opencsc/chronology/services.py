"""Writes to the child's chronology."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models

from opencsc.accounts.models import User
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Person


def add_entry(
    child: Person,
    *,
    kind: str,
    happened_on: date,
    summary: str,
    record: models.Model | None = None,
    by: User | None,
) -> ChronologyEntry:
    """Add an event to a child's chronology; call it inside the service's transaction."""
    entry = ChronologyEntry(
        child=child,
        kind=kind,
        happened_on=happened_on,
        summary=summary[:200],
        record_type=ContentType.objects.get_for_model(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        recorded_by=by,
    )
    entry.save()
    return entry
