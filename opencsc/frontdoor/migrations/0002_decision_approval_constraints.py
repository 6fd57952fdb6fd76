"""Threshold decisions take the shared approval shape's constraints (opencsc.core.approvals)."""

from django.db import migrations, models
from django.db.models import F, Q


class Migration(migrations.Migration):
    dependencies = [
        ("frontdoor", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="contactdecision", name="decision_reviewed_by_iff_reviewed"
        ),
        migrations.RemoveConstraint(
            model_name="contactdecision", name="decision_returned_has_comment"
        ),
        migrations.AddConstraint(
            model_name="contactdecision",
            constraint=models.CheckConstraint(
                condition=Q(
                    Q(
                        ("reviewed_at__isnull", True),
                        ("reviewed_by__isnull", True),
                        ("status__in", ["proposed"]),
                    ),
                    Q(
                        Q(("status__in", ["proposed"]), _negated=True),
                        ("reviewed_at__isnull", False),
                        ("reviewed_by__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="decision_reviewed_by_iff_reviewed",
            ),
        ),
        migrations.AddConstraint(
            model_name="contactdecision",
            constraint=models.CheckConstraint(
                condition=Q(
                    ("reviewed_at__isnull", True),
                    ("reviewed_at__gte", F("proposed_at")),
                    _connector="OR",
                ),
                name="decision_reviewed_after_proposed",
            ),
        ),
        migrations.AddConstraint(
            model_name="contactdecision",
            constraint=models.CheckConstraint(
                condition=Q(
                    Q(("status", "returned"), _negated=True),
                    Q(("manager_comment", ""), _negated=True),
                    _connector="OR",
                ),
                name="decision_returned_has_comment",
            ),
        ),
        migrations.AddConstraint(
            model_name="contactdecision",
            constraint=models.CheckConstraint(
                condition=Q(
                    ("reviewed_by__isnull", True),
                    ("status", "returned"),
                    Q(("reviewed_by", F("proposed_by")), _negated=True),
                    _connector="OR",
                ),
                name="decision_not_authorised_by_proposer",
            ),
        ),
    ]
