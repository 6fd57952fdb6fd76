"""Due items: opened with their deadline, closed when the work is done, tagged overdue on the
child's record."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.selectors import open_items_for_child
from opencsc.timescales.services import close_due_items, open_due_item
from tests.factories import AllocationFactory, PersonFactory

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def child(db):
    return PersonFactory()


@pytest.mark.parametrize(
    ("rule", "start", "due_on"),
    [
        (rules.ASSESSMENT, date(2025, 11, 20), date(2026, 1, 27)),  # over Christmas, New Year
        (rules.ASSESSMENT, date(2026, 3, 2), date(2026, 5, 7)),  # over Easter, early May
        (rules.ICPC, date(2025, 12, 19), date(2026, 1, 14)),
        (rules.REFERRAL_DECISION, date(2026, 11, 20), date(2026, 11, 23)),  # Friday to Monday
        (rules.CIN_VISIT, date(2026, 1, 5), date(2026, 2, 2)),
    ],
)
def test_a_working_day_rule_sets_the_due_date(child, rule, start, due_on):
    item = open_due_item(rule, child=child, record=child, start=start)

    item.refresh_from_db()
    assert (item.rule, item.starts_on, item.due_on, item.due_at) == (rule.code, start, due_on, None)
    assert item.summary == rule.label


def test_a_working_day_rule_counts_from_the_day_of_a_start_time(child):
    start = datetime(2025, 11, 20, 23, 30, tzinfo=UTC)  # 20 November in London too

    item = open_due_item(rules.ASSESSMENT, child=child, record=child, start=start)

    assert (item.starts_on, item.due_on) == (date(2025, 11, 20), date(2026, 1, 27))


@pytest.mark.parametrize(
    ("rule", "start", "due_at_london", "due_on"),
    [
        (
            rules.AGENCY_CHECK_RED,
            datetime(2026, 11, 20, 22, 0, tzinfo=UTC),
            datetime(2026, 11, 21, 2, 0, tzinfo=LONDON),
            date(2026, 11, 21),
        ),
        (  # 72 elapsed hours across the end of British Summer Time: 11:00, not 12:00
            rules.RETURN_HOME_INTERVIEW,
            datetime(2026, 10, 24, 11, 0, tzinfo=UTC),
            datetime(2026, 10, 27, 11, 0, tzinfo=LONDON),
            date(2026, 10, 27),
        ),
    ],
)
def test_an_hours_rule_sets_the_due_time(child, rule, start, due_at_london, due_on):
    item = open_due_item(rule, child=child, record=child, start=start)

    item.refresh_from_db()
    assert item.due_at == due_at_london
    assert item.due_on == due_on


def test_an_hours_rule_needs_a_start_time(child):
    with pytest.raises(TypeError):
        open_due_item(rules.AGENCY_CHECK_RED, child=child, record=child, start=date(2026, 11, 20))

    assert DueItem.objects.count() == 0


def test_a_rule_counted_back_is_a_check_not_a_due_item(child):
    with pytest.raises(ValueError, match="counted back"):
        open_due_item(
            rules.RCPC_REPORTS_SHARED, child=child, record=child, start=date(2026, 11, 20)
        )


def test_the_same_rule_is_open_once_for_a_record(child):
    open_due_item(rules.ASSESSMENT, child=child, record=child, start=date(2026, 11, 2))

    with pytest.raises(IntegrityError), transaction.atomic():
        open_due_item(rules.ASSESSMENT, child=child, record=child, start=date(2026, 11, 3))


def test_closing_the_work_closes_the_records_open_items(child, social_worker):
    assessment = open_due_item(rules.ASSESSMENT, child=child, record=child, start=date(2026, 11, 2))
    visit = open_due_item(rules.CIN_VISIT, child=child, record=child, start=date(2026, 11, 2))
    other_child = PersonFactory()
    elsewhere = open_due_item(
        rules.ASSESSMENT, child=other_child, record=other_child, start=date(2026, 11, 2)
    )

    closed = close_due_items(record=child, by=social_worker, note="Assessment authorised")

    assert closed == 2
    for item in (assessment, visit, elsewhere):
        item.refresh_from_db()
    assert (assessment.closed_by, assessment.close_note) == (social_worker, "Assessment authorised")
    assert visit.closed_at is not None
    assert elsewhere.closed_at is None


def test_closing_one_rule_leaves_the_others_open(child, social_worker):
    open_due_item(rules.ASSESSMENT, child=child, record=child, start=date(2026, 11, 2))
    visit = open_due_item(rules.CIN_VISIT, child=child, record=child, start=date(2026, 11, 2))

    closed = close_due_items(record=child, by=social_worker, rule=rules.ASSESSMENT)

    visit.refresh_from_db()
    assert closed == 1
    assert visit.closed_at is None


def test_closed_items_stay_closed(child, social_worker):
    open_due_item(rules.ASSESSMENT, child=child, record=child, start=date(2026, 11, 2))
    close_due_items(record=child, by=social_worker)

    assert close_due_items(record=child, by=social_worker) == 0


def test_a_childs_open_items_are_tagged_by_the_day_given_soonest_first(child, social_worker):
    records = PersonFactory.create_batch(4)
    due_dates = [date(2026, 11, 24), date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 30)]
    items = [
        open_due_item(
            rules.CIN_VISIT, child=child, record=record, start=date(2026, 10, 1), summary=str(due)
        )
        for record, due in zip(records, due_dates, strict=True)
    ]
    for item, due in zip(items, due_dates, strict=True):
        DueItem.objects.filter(pk=item.pk).update(due_on=due)
    close_due_items(record=records[3], by=social_worker)

    tagged = open_items_for_child(child, today=date(2026, 11, 23))

    assert [(item.summary, item.status) for item in tagged] == [
        ("2026-11-20", "overdue"),
        ("2026-11-23", "due_today"),
        ("2026-11-24", "due"),
    ]


def _tags(html: str) -> list[tuple[str, str]]:
    """(work, status tag) for each row of the record's 'Work due' table."""
    table = html.split("Open work with deadlines</caption>")[1].split("</table>")[0]
    return re.findall(
        r'<td class="govuk-table__cell">([^<]+)</td>.*?<strong class="govuk-tag[^"]*">([^<]+)<',
        table,
        re.DOTALL,
    )


def test_the_childs_record_tags_overdue_work(worker_client, social_worker):
    child = AllocationFactory(team=social_worker.teams.get()).child
    today = timezone.localdate()
    open_due_item(rules.ASSESSMENT, child=child, record=child, start=date(2025, 11, 20))
    open_due_item(rules.MISSING_POLICE_NOTIFICATION, child=child, record=child, start=today)
    open_due_item(rules.CIN_VISIT, child=child, record=child, start=today + timedelta(days=1))

    response = worker_client.get(reverse("record:child", args=[child.pk]))

    html = response.content.decode()
    assert _tags(html) == [
        ("Child and family assessment", "Overdue"),
        ("Council told of a missing child by the police", "Due today"),
        ("Child in need visit (child seen)", "Due"),
    ]
    assert "1 overdue item of work." in html


def test_closed_work_is_not_shown_on_the_childs_record(worker_client, social_worker):
    child = AllocationFactory(team=social_worker.teams.get()).child
    open_due_item(rules.ASSESSMENT, child=child, record=child, start=date(2025, 11, 20))
    close_due_items(record=child, by=social_worker)

    response = worker_client.get(reverse("record:child", args=[child.pk]))

    assert "No open work with a deadline." in response.content.decode()
    assert "overdue item" not in response.content.decode()
