"""Assessments drop their sending date (now a time) and take the shared approval shape's
constraints (opencsc.core.approvals)."""

from django.db import migrations, models
from django.db.models import F, Q


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_assessment_approval_data"),
    ]

    operations = [
        migrations.RemoveField(model_name="assessment", name="submitted_on"),
        migrations.RemoveField(model_name="historicalassessment", name="submitted_on"),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=Q(
                    Q(
                        ("reviewed_at__isnull", True),
                        ("reviewed_by__isnull", True),
                        ("status__in", ["in_progress", "proposed"]),
                    ),
                    Q(
                        Q(("status__in", ["in_progress", "proposed"]), _negated=True),
                        ("reviewed_at__isnull", False),
                        ("reviewed_by__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="assessment_reviewed_by_iff_reviewed",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=Q(
                    ("reviewed_at__isnull", True),
                    ("reviewed_at__gte", F("proposed_at")),
                    _connector="OR",
                ),
                name="assessment_reviewed_after_proposed",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=Q(
                    Q(("status", "returned"), _negated=True),
                    Q(("manager_comment", ""), _negated=True),
                    _connector="OR",
                ),
                name="assessment_returned_has_comment",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=Q(
                    ("reviewed_by__isnull", True),
                    ("status", "returned"),
                    Q(("reviewed_by", F("proposed_by")), _negated=True),
                    _connector="OR",
                ),
                name="assessment_not_authorised_by_proposer",
            ),
        ),
        migrations.AddConstraint(
            model_name="assessment",
            constraint=models.CheckConstraint(
                condition=Q(
                    Q(
                        ("proposed_at__isnull", True),
                        ("proposed_by__isnull", True),
                        ("status__in", ["in_progress"]),
                    ),
                    Q(
                        Q(("status__in", ["in_progress"]), _negated=True),
                        ("proposed_at__isnull", False),
                        ("proposed_by__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="assessment_proposed_by_iff_proposed",
            ),
        ),
    ]
