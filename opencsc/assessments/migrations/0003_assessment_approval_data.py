"""Assessments' states and dates in the shared approval shape.

- submitted becomes proposed; the sending date becomes `proposed_at` (the start of that day, London
  time: the time of day was never recorded) and the authorisation date gives `reviewed_at`.
- An assessment a manager returned was put back in progress with the manager's comment. It becomes
  returned, reviewed by the manager and at the time its history records for the return. Where the
  history does not say who returned it, it stays in progress with the comment and its proposer is
  cleared (the history keeps who sent it and when).
- The history rows get the same states and times, so an assessment's history reads in one language.
"""

from datetime import date, datetime, time

from django.db import migrations
from django.utils import timezone


def start_of(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Assessment = apps.get_model("assessments", "Assessment")
    HistoricalAssessment = apps.get_model("assessments", "HistoricalAssessment")
    for assessment in Assessment.objects.all().iterator():
        assessment.proposed_at = start_of(assessment.submitted_on)
        if assessment.status == "submitted":
            assessment.status = "proposed"
        elif assessment.status == "authorised":
            assessment.reviewed_at = max(
                start_of(assessment.authorised_on), assessment.proposed_at or start_of(date.min)
            )
        elif assessment.status == "in_progress" and assessment.proposed_by_id is not None:
            returned = (
                HistoricalAssessment.objects.filter(
                    id=assessment.pk, status="in_progress", history_user__isnull=False
                )
                .exclude(manager_comment="")
                .filter(manager_comment=assessment.manager_comment)
                .order_by("history_date")
                .first()
            )
            if returned is not None:
                assessment.status = "returned"
                assessment.reviewed_by_id = returned.history_user_id
                assessment.reviewed_at = max(returned.history_date, assessment.proposed_at)
            else:
                assessment.proposed_by = None
                assessment.proposed_at = None
        assessment.save(
            update_fields=["status", "proposed_by", "proposed_at", "reviewed_by", "reviewed_at"]
        )
    HistoricalAssessment.objects.filter(status="submitted").update(status="proposed")
    for row in HistoricalAssessment.objects.exclude(submitted_on=None).iterator():
        row.proposed_at = start_of(row.submitted_on)
        row.reviewed_at = start_of(row.authorised_on)
        row.save(update_fields=["proposed_at", "reviewed_at"])


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    for name in ("Assessment", "HistoricalAssessment"):
        model = apps.get_model("assessments", name)
        model.objects.filter(status="proposed").update(status="submitted")
        model.objects.filter(status="returned").update(status="in_progress")
        for row in model.objects.exclude(proposed_at=None).iterator():
            row.submitted_on = timezone.localdate(row.proposed_at)
            row.save(update_fields=["submitted_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_assessment_approval_fields"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
