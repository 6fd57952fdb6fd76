"""Open and close due items. Nothing else computes a deadline."""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from opencsc.accounts.models import Team, User
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.rules import Hours, Rule


def open_due_item(
    rule: Rule,
    *,
    child: Person | None,
    record: models.Model,
    start: date | datetime,
    owner: User | None = None,
    team: Team | None = None,
    summary: str = "",
) -> DueItem:
    """Open the due item for `rule`, counted from `start` (day 0), for `record` about `child`."""
    if rule.counted_back:
        raise ValueError(
            f"{rule.label} is counted back from an event: it is a check, not a due item."
        )
    if isinstance(rule.effective_period(), Hours):
        if not isinstance(start, datetime):
            raise TypeError(f"{rule.label} is counted in hours: start must be a date and time.")
        due_at: datetime | None = rule.due_at(start)
        starts_on = timezone.localtime(start).date()
        due_on = timezone.localtime(due_at).date() if due_at else starts_on
    else:
        due_at = None
        starts_on = start.date() if isinstance(start, datetime) else start
        due_on = rule.due_on(starts_on)
    return DueItem.objects.create(
        rule=rule.code,
        child=child,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        summary=(summary or rule.label)[:200],
        owner=owner,
        team=team,
        starts_on=starts_on,
        due_on=due_on,
        due_at=due_at,
        opened_at=timezone.now(),
    )


def close_due_items(
    *, record: models.Model, by: User | None, rule: Rule | None = None, note: str = ""
) -> int:
    """Close the open due items for `record` (of one rule, or all); returns how many were closed."""
    items = DueItem.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk, closed_at=None
    )
    if rule is not None:
        items = items.filter(rule=rule.code)
    return items.update(closed_at=timezone.now(), closed_by=by, close_note=note[:300])


@transaction.atomic
def recalculate_open_due_items() -> int:
    """Recount every open date deadline from its start, e.g. after a bank holiday is proclaimed or a
    local timescale changes; returns how many due dates moved. Hour rules ignore holidays."""
    moved = 0
    for item in DueItem.objects.select_for_update().filter(closed_at=None, due_at=None):
        rule = rules.get(item.rule)
        if isinstance(rule.effective_period(), Hours) or rule.counted_back:
            continue
        due_on = rule.due_on(item.starts_on)
        if due_on != item.due_on:
            item.due_on = due_on
            item.save(update_fields=["due_on", "updated_at"])
            moved += 1
    return moved
