"""Assessments take the shared approval shape's field names (opencsc.core.approvals).

submitted_by and authorised_by become proposed_by and reviewed_by; the sending date becomes a time
(`proposed_at`) and the review gets one (`reviewed_at`), filled by the next migration before the
date goes. authorised_on stays: it is the CIN census AssessmentAuthorisationDate."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0001_initial"),
    ]

    operations = [
        *[
            operation
            for model_name in ("assessment", "historicalassessment")
            for operation in (
                migrations.RenameField(
                    model_name=model_name, old_name="submitted_by", new_name="proposed_by"
                ),
                migrations.RenameField(
                    model_name=model_name, old_name="authorised_by", new_name="reviewed_by"
                ),
                migrations.AddField(
                    model_name=model_name,
                    name="proposed_at",
                    field=models.DateTimeField(blank=True, null=True),
                ),
                migrations.AddField(
                    model_name=model_name,
                    name="reviewed_at",
                    field=models.DateTimeField(blank=True, null=True),
                ),
                migrations.AlterField(
                    model_name=model_name,
                    name="status",
                    field=models.CharField(
                        choices=[
                            ("in_progress", "In progress"),
                            ("proposed", "Awaiting authorisation"),
                            ("authorised", "Authorised"),
                            ("returned", "In progress"),
                        ],
                        default="in_progress",
                        max_length=16,
                    ),
                ),
            )
        ],
    ]
