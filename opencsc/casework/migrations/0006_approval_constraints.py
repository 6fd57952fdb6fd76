"""Team transfers drop their request and answer dates (now times), and transfers and closures take
the shared approval shape's constraints (opencsc.core.approvals)."""

from django.db import migrations, models
from django.db.models import F, Q


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0005_transfer_approval_data"),
    ]

    operations = [
        migrations.RemoveField(model_name="teamtransfer", name="requested_on"),
        migrations.RemoveField(model_name="teamtransfer", name="answered_on"),
        migrations.AlterField(
            model_name="teamtransfer",
            name="proposed_at",
            field=models.DateTimeField(),
        ),
        migrations.AddConstraint(
            model_name="teamtransfer",
            constraint=models.UniqueConstraint(
                condition=Q(status="proposed"),
                fields=("child",),
                name="team_transfer_one_pending_per_child",
            ),
        ),
        migrations.AddConstraint(
            model_name="teamtransfer",
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
                name="team_transfer_reviewed_by_iff_reviewed",
            ),
        ),
        migrations.AddConstraint(
            model_name="teamtransfer",
            constraint=models.CheckConstraint(
                condition=Q(
                    ("reviewed_at__isnull", True),
                    ("reviewed_at__gte", F("proposed_at")),
                    _connector="OR",
                ),
                name="team_transfer_reviewed_after_proposed",
            ),
        ),
        migrations.AddConstraint(
            model_name="teamtransfer",
            constraint=models.CheckConstraint(
                condition=Q(
                    Q(("status", "returned"), _negated=True),
                    Q(("manager_comment", ""), _negated=True),
                    _connector="OR",
                ),
                name="team_transfer_returned_has_comment",
            ),
        ),
        migrations.AddConstraint(
            model_name="teamtransfer",
            constraint=models.CheckConstraint(
                condition=Q(
                    ("reviewed_by__isnull", True),
                    ("status", "returned"),
                    Q(("reviewed_by", F("proposed_by")), _negated=True),
                    _connector="OR",
                ),
                name="team_transfer_not_authorised_by_proposer",
            ),
        ),
        migrations.AddConstraint(
            model_name="closure",
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
                name="closure_reviewed_by_iff_reviewed",
            ),
        ),
        migrations.AddConstraint(
            model_name="closure",
            constraint=models.CheckConstraint(
                condition=Q(
                    ("reviewed_at__isnull", True),
                    ("reviewed_at__gte", F("proposed_at")),
                    _connector="OR",
                ),
                name="closure_reviewed_after_proposed",
            ),
        ),
        migrations.AddConstraint(
            model_name="closure",
            constraint=models.CheckConstraint(
                condition=Q(
                    Q(("status", "returned"), _negated=True),
                    Q(("manager_comment", ""), _negated=True),
                    _connector="OR",
                ),
                name="closure_returned_has_comment",
            ),
        ),
        migrations.AddConstraint(
            model_name="closure",
            constraint=models.CheckConstraint(
                condition=Q(
                    ("reviewed_by__isnull", True),
                    ("status", "returned"),
                    Q(("reviewed_by", F("proposed_by")), _negated=True),
                    _connector="OR",
                ),
                name="closure_not_authorised_by_proposer",
            ),
        ),
    ]
