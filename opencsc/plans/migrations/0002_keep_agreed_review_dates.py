"""Mark the CIN plan review dates that reviews agreed before `DueItem.agreed_at` existed, so that
`opencsc recalculate_deadlines` keeps them: an open review item earlier than the rule's period from
its start, matching the review held that day, was agreed by whoever recorded that review."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from opencsc.timescales import rules


def keep_agreed_review_dates(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    DueItem = apps.get_model("timescales", "DueItem")
    PlanReview = apps.get_model("plans", "PlanReview")
    plan_type = ContentType.objects.filter(app_label="plans", model="cinplan").first()
    if plan_type is None:
        return
    items = DueItem.objects.filter(
        rule=rules.CIN_PLAN_REVIEW.code, record_type=plan_type, closed_at=None, agreed_at=None
    )
    period = rules.CIN_PLAN_REVIEW.effective_period()
    for item in items:
        if item.due_on >= period.after(item.starts_on):
            continue
        review = (
            PlanReview.objects.filter(
                plan_id=item.record_id, held_on=item.starts_on, next_review_on=item.due_on
            )
            .order_by("-pk")
            .first()
        )
        if review is not None:
            item.agreed_by_id = review.recorded_by_id
            item.agreed_at = review.created_at
            item.save(update_fields=["agreed_by", "agreed_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("timescales", "0003_due_item_agreed_date"),
    ]

    operations = [
        migrations.RunPython(keep_agreed_review_dates, migrations.RunPython.noop),
    ]
