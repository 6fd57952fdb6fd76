from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_explain_earlier_visits_not_seen_alone"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="visit",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("not_seen_alone_reason", ""), ("seen_alone", True)),
                    models.Q(
                        ("seen_alone", False),
                        models.Q(("not_seen_alone_reason", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="visit_reason_iff_not_seen_alone",
            ),
        ),
    ]
