"""The writes only timescales makes: close a child's items, reassign them to whoever holds the
case, name a contact's first matched child, agree a date, and the row the demo bulk-saves."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opencsc.accounts.models import Team
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem
from tests.factories import PersonFactory, TeamFactory

START = date(2026, 11, 2)


@pytest.fixture
def child(db):
    return PersonFactory()


def _open(rule, child, record=None, **kwargs):
    return timescales.open_due_item(
        rule, child=child, record=record or child, start=START, **kwargs
    )


def test_closing_a_childs_items_of_one_rule_leaves_the_rest_open(child, social_worker):
    transfer = _open(rules.TRANSFER_AFTER_ASSESSMENT, child)
    visit = _open(rules.CIN_VISIT, child)

    closed = timescales.close_open_items(
        child=child, of_rules=[rules.TRANSFER_AFTER_ASSESSMENT], by=social_worker, note="Accepted"
    )

    transfer.refresh_from_db()
    visit.refresh_from_db()
    assert (closed, transfer.closed_by, transfer.close_note) == (1, social_worker, "Accepted")
    assert visit.closed_at is None


def test_closing_a_childs_items_but_the_mashs_leaves_the_mashs_open(child, social_worker):
    decision = _open(rules.CONTACT_DECISION_GREEN, child)
    visit = _open(rules.CIN_VISIT, child)

    timescales.close_open_items(
        child=child, except_rules=rules.FRONT_DOOR_RULES, by=social_worker, note="Episode closed"
    )

    decision.refresh_from_db()
    visit.refresh_from_db()
    assert (decision.closed_at, visit.close_note) == (None, "Episode closed")


def test_reassigning_gives_the_childs_items_to_the_new_holder_but_the_mashs(
    child, social_worker, assessment_team
):
    mash = TeamFactory(name="MASH", kind=Team.Kind.MASH)
    decision = _open(rules.CONTACT_DECISION_GREEN, child, team=mash)
    visit = _open(rules.CIN_VISIT, child, team=mash)

    moved = timescales.reassign_open_items(
        child=child,
        team=assessment_team,
        owner=social_worker,
        except_rules=rules.FRONT_DOOR_RULES,
    )

    decision.refresh_from_db()
    visit.refresh_from_db()
    assert moved == 1
    assert (visit.team, visit.owner) == (assessment_team, social_worker)
    assert (decision.team, decision.owner) == (mash, None)


def test_naming_a_child_fills_only_the_records_items_that_name_none(child):
    record, other = PersonFactory(), PersonFactory()
    unnamed = timescales.open_due_item(
        rules.REFERRAL_DECISION, child=None, record=record, start=START
    )
    elsewhere = timescales.open_due_item(
        rules.REFERRAL_DECISION, child=None, record=other, start=START
    )

    named = timescales.name_child_on_open_items(
        record=record, child=child, of_rules=[rules.REFERRAL_DECISION]
    )

    unnamed.refresh_from_db()
    elsewhere.refresh_from_db()
    assert (named, unnamed.child, elsewhere.child) == (1, child, None)


def test_an_agreed_date_is_recorded_with_who_agreed_it(child, social_worker):
    item = _open(rules.CIN_PLAN_REVIEW, child)

    timescales.agree_due_date(item=item, due_on=date(2026, 12, 1), by=social_worker)

    item.refresh_from_db()
    assert (item.due_on, item.agreed_by) == (date(2026, 12, 1), social_worker)
    assert item.agreed_at is not None


def test_an_agreed_date_cannot_be_before_the_start(child, social_worker):
    item = _open(rules.CIN_PLAN_REVIEW, child)

    with pytest.raises(ValidationError):
        timescales.agree_due_date(item=item, due_on=date(2026, 11, 1), by=social_worker)


def test_the_database_refuses_an_agreed_date_without_who_agreed_it(child):
    item = _open(rules.CIN_PLAN_REVIEW, child)

    with pytest.raises(IntegrityError), transaction.atomic():
        DueItem.objects.filter(pk=item.pk).update(agreed_at=datetime(2026, 11, 3, tzinfo=UTC))


def test_a_recount_moves_dates_nobody_agreed(child, social_worker, settings):
    kept = _open(rules.CIN_PLAN_REVIEW, child)
    timescales.agree_due_date(item=kept, due_on=date(2026, 12, 1), by=social_worker)
    counted = _open(rules.CIN_VISIT, child)
    settings.OPENCSC_LOCAL_TIMESCALES = {"cin_visit": 5}

    moved = timescales.recalculate_open_due_items()

    kept.refresh_from_db()
    counted.refresh_from_db()
    assert (moved, kept.due_on, counted.due_on) == (1, date(2026, 12, 1), date(2026, 11, 9))


def test_the_demos_rows_are_the_rows_the_service_writes(child, social_worker):
    opened = _open(rules.CORE_GROUP, child, owner=social_worker, summary="Core group")
    row = timescales.due_item_row(
        rules.CORE_GROUP,
        child_id=child.pk,
        record_type_id=ContentType.objects.get_for_model(child).pk,
        record_id=PersonFactory().pk,
        start=START,
        opened_at=opened.opened_at,
        owner_id=social_worker.pk,
        summary="Core group",
    )

    [saved] = timescales.save_due_items([row])

    columns = ("rule", "child_id", "owner_id", "summary", "starts_on", "due_on", "due_at")
    assert [getattr(saved, name) for name in columns] == [getattr(opened, name) for name in columns]
    assert DueItem.objects.filter(pk=saved.pk).exists()


def test_a_counted_back_rule_has_no_row(child):
    with pytest.raises(ValueError, match="counted back"):
        timescales.due_item_row(
            rules.PF_NOTIFICATION,
            child_id=child.pk,
            record_type_id=ContentType.objects.get_for_model(child).pk,
            record_id=child.pk,
            start=START,
            opened_at=datetime(2026, 11, 2, tzinfo=UTC),
        )
