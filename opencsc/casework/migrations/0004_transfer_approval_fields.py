"""Team transfers take the shared approval shape's field names (opencsc.core.approvals).

requested_by, answered_by and answer_note are renamed; the request and answer dates become times
(`proposed_at`, `reviewed_at`), filled by the next migration before the dates go."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0003_pathway"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="teamtransfer", name="team_transfer_one_pending_per_child"
        ),
        migrations.RemoveConstraint(
            model_name="teamtransfer", name="team_transfer_answered_after_request"
        ),
        migrations.RenameField(
            model_name="teamtransfer", old_name="requested_by", new_name="proposed_by"
        ),
        migrations.RenameField(
            model_name="teamtransfer", old_name="answered_by", new_name="reviewed_by"
        ),
        migrations.RenameField(
            model_name="teamtransfer", old_name="answer_note", new_name="manager_comment"
        ),
        migrations.AddField(
            model_name="teamtransfer",
            name="proposed_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="teamtransfer",
            name="reviewed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="teamtransfer",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "Requested"),
                    ("authorised", "Accepted"),
                    ("returned", "Declined"),
                ],
                default="proposed",
                max_length=16,
            ),
        ),
    ]
