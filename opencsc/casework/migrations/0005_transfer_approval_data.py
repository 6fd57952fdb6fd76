"""Team transfers' states and dates in the shared approval shape: requested, accepted and declined
become proposed, authorised and returned; the request and answer dates become the start of that
day, London time (the time of day was never recorded)."""

from datetime import date, datetime, time

from django.db import migrations
from django.utils import timezone

TO_NEW = {"requested": "proposed", "accepted": "authorised", "declined": "returned"}


def start_of(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    TeamTransfer = apps.get_model("casework", "TeamTransfer")
    for transfer in TeamTransfer.objects.all().iterator():
        transfer.status = TO_NEW.get(transfer.status, transfer.status)
        transfer.proposed_at = start_of(transfer.requested_on)
        transfer.reviewed_at = start_of(transfer.answered_on)
        transfer.save(update_fields=["status", "proposed_at", "reviewed_at"])


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    TeamTransfer = apps.get_model("casework", "TeamTransfer")
    to_old = {new: old for old, new in TO_NEW.items()}
    for transfer in TeamTransfer.objects.all().iterator():
        transfer.status = to_old.get(transfer.status, transfer.status)
        transfer.requested_on = timezone.localdate(transfer.proposed_at)
        transfer.answered_on = transfer.reviewed_at and timezone.localdate(transfer.reviewed_at)
        transfer.save(update_fields=["status", "requested_on", "answered_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_transfer_approval_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
