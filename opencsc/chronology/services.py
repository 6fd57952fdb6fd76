"""Writes to the child's chronology.

Each app words its own events in its `entries.py` (for example `assessments.entries.authorised`),
as unsaved rows built by `new_entry`: its services save one with `add_entry`'s `.save()`, and the
demo bulk-saves many, so both write the same row."""

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import models

from opencsc.accounts.models import User
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Person


def new_entry(
    child: Person,
    *,
    kind: str,
    happened_on: date,
    summary: str,
    model: type[models.Model] | None = None,
    record_id: int | None = None,
    by: User | None,
) -> ChronologyEntry:
    """An unsaved event on a child's chronology, about the `model` row `record_id` if given."""
    return ChronologyEntry(
        child=child,
        kind=kind,
        happened_on=happened_on,
        summary=summary[:200],
        record_type=ContentType.objects.get_for_model(model) if model is not None else None,
        record_id=record_id,
        recorded_by=by,
    )


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
    entry = new_entry(
        child,
        kind=kind,
        happened_on=happened_on,
        summary=summary,
        model=type(record) if record is not None else None,
        record_id=record.pk if record is not None else None,
        by=by,
    )
    entry.save()
    return entry
