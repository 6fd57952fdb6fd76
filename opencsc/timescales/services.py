"""Open, close, reassign, recount and agree due items. Nothing else computes a deadline, and no
other app writes a DueItem row (tests/timescales/test_one_writer.py)."""

from collections.abc import Collection, Sequence
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from opencsc.accounts.models import Team, User
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.rules import Hours, Rule

BATCH_SIZE = 1000


def due_item_row(
    rule: Rule,
    *,
    child_id: int | None,
    record_type_id: int,
    record_id: int,
    start: date | datetime,
    opened_at: datetime,
    owner_id: int | None = None,
    team_id: int | None = None,
    summary: str = "",
) -> DueItem:
    """The unsaved due item for `rule` counted from `start` (day 0): the row every writer saves."""
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
    return DueItem(
        rule=rule.code,
        child_id=child_id,
        record_type_id=record_type_id,
        record_id=record_id,
        summary=(summary or rule.label)[:200],
        owner_id=owner_id,
        team_id=team_id,
        starts_on=starts_on,
        due_on=due_on,
        due_at=due_at,
        opened_at=opened_at,
    )


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
    item = due_item_row(
        rule,
        child_id=child.pk if child else None,
        record_type_id=ContentType.objects.get_for_model(record).pk,
        record_id=record.pk,
        start=start,
        opened_at=timezone.now(),
        owner_id=owner.pk if owner else None,
        team_id=team.pk if team else None,
        summary=summary,
    )
    item.child, item.owner, item.team = child, owner, team
    item.save(force_insert=True)
    return item


def has_open_item(rule: Rule, *, record: models.Model) -> bool:
    """Whether `record` has an open due item for `rule` (one at most: a unique constraint)."""
    return DueItem.objects.filter(
        rule=rule.code,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        closed_at=None,
    ).exists()


def save_due_items(items: Sequence[DueItem]) -> list[DueItem]:
    """Save many new rows from `due_item_row` at once (the demo's build); returns them saved."""
    if any(item.pk is not None for item in items):
        raise ValueError("save_due_items saves new rows only: build them with due_item_row.")
    return DueItem.objects.bulk_create(items, batch_size=BATCH_SIZE)


def close_due_items(
    *, record: models.Model, by: User | None, rule: Rule | None = None, note: str = ""
) -> int:
    """Close the open due items for `record` (of one rule, or all); returns how many were closed."""
    items = DueItem.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk, closed_at=None
    )
    if rule is not None:
        items = items.filter(rule=rule.code)
    return _close(items, by=by, note=note)


def close_open_items(
    *,
    child: Person,
    by: User | None,
    note: str,
    of_rules: Collection[Rule] | None = None,
    except_rules: Collection[Rule] = (),
) -> int:
    """Close the child's open items (of `of_rules`, or all but `except_rules`), whatever record
    they hang on; returns how many were closed."""
    return _close(_childs_open_items(child, of_rules, except_rules), by=by, note=note)


def close_item(*, item: DueItem, by: User, note: str) -> DueItem:
    """Close one open due item, e.g. an alert a manager's note answers; call with it locked."""
    if item.closed_at is not None:
        raise ValidationError("This work is done: its deadline is already closed.")
    item.closed_at = timezone.now()
    item.closed_by = by
    item.close_note = note[:300]
    item.save(update_fields=["closed_at", "closed_by", "close_note", "updated_at"])
    return item


def reassign_open_items(
    *, child: Person, team: Team, owner: User | None, except_rules: Collection[Rule] = ()
) -> int:
    """Give the child's open items (all but `except_rules`) to the team and worker who now hold
    the case, on allocation or transfer; returns how many moved."""
    items = _childs_open_items(child, None, except_rules)
    return items.update(team=team, owner=owner, updated_at=timezone.now())


def reassign_record_items(
    *, record: models.Model, rule: Rule, owner: User | None, team: Team | None
) -> int:
    """Give `record`'s open items of `rule` to another owner and team (a directed action
    reassigned to another worker); returns how many moved."""
    items = DueItem.objects.filter(
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        closed_at=None,
        rule=rule.code,
    )
    return items.update(owner=owner, team=team, updated_at=timezone.now())


def name_child_on_open_items(
    *, record: models.Model, child: Person, of_rules: Collection[Rule]
) -> int:
    """Put `child` on `record`'s open items of `of_rules` that name no child yet (a contact's
    first matched child); returns how many changed."""
    items = DueItem.objects.filter(
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
        closed_at=None,
        child=None,
        rule__in=[rule.code for rule in of_rules],
    )
    return items.update(child=child, updated_at=timezone.now())


def agree_due_date(*, item: DueItem, due_on: date, by: User) -> DueItem:
    """Record the date a person agreed for an open item (an earlier review); a recount keeps it."""
    if item.closed_at is not None:
        raise ValidationError("This work is done: its date can no longer be agreed.")
    if due_on < item.starts_on:
        raise ValidationError(f"The agreed date cannot be before {item.starts_on:%-d %B %Y}.")
    item.due_on = due_on
    item.agreed_by = by
    item.agreed_at = timezone.now()
    item.save(update_fields=["due_on", "agreed_by", "agreed_at", "updated_at"])
    return item


@transaction.atomic
def recalculate_open_due_items() -> int:
    """Recount every open date deadline from its start, e.g. after a bank holiday is proclaimed or a
    local timescale changes; returns how many due dates moved. Hour rules ignore holidays, and a
    date a person agreed stays as agreed."""
    moved = 0
    items = DueItem.objects.select_for_update().filter(closed_at=None, due_at=None, agreed_at=None)
    for item in items:
        rule = rules.get(item.rule)
        if isinstance(rule.effective_period(), Hours) or rule.counted_back:
            continue
        due_on = rule.due_on(item.starts_on)
        if due_on != item.due_on:
            item.due_on = due_on
            item.save(update_fields=["due_on", "updated_at"])
            moved += 1
    return moved


def _childs_open_items(
    child: Person, of_rules: Collection[Rule] | None, except_rules: Collection[Rule]
) -> QuerySet[DueItem]:
    items = DueItem.objects.filter(child=child, closed_at=None)
    if of_rules is not None:
        items = items.filter(rule__in=[rule.code for rule in of_rules])
    if except_rules:
        items = items.exclude(rule__in=[rule.code for rule in except_rules])
    return items


def _close(items: QuerySet[DueItem], *, by: User | None, note: str) -> int:
    now = timezone.now()
    return items.update(closed_at=now, closed_by=by, close_note=note[:300], updated_at=now)
