"""Visits recorded before the reason was asked for say so, so the new constraint holds for them."""

from django.db import migrations

EARLIER = "Not recorded: the visit was recorded before the reason was asked for."


def explain_earlier_visits(apps, schema_editor):
    Visit = apps.get_model("plans", "Visit")
    Visit.objects.filter(seen_alone=False, not_seen_alone_reason="").update(
        not_seen_alone_reason=EARLIER
    )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_visit_reason_not_seen_alone"),
    ]

    operations = [
        migrations.RunPython(explain_earlier_visits, migrations.RunPython.noop),
    ]
