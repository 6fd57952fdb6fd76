"""The administrator's access-log page: filters by child, person and dates, in London time."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.audit import services as audit
from opencsc.audit import views as audit_views
from opencsc.permissions import Action
from tests.core.html import error_message, error_summary
from tests.factories import PersonFactory


def _logged_at(monkeypatch, moment: datetime, write):
    """Write a log row as if at `moment` (the log takes its time from the clock)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)
    row = write()
    monkeypatch.undo()
    return row


@pytest.fixture
def log(monkeypatch, social_worker, make_user):
    """Four rows about two children, by two people, over three days of British Summer Time."""
    manager = make_user(Role.TEAM_MANAGER, username="manager.one")
    amara, leo = PersonFactory(first_name="Amara"), PersonFactory(first_name="Leo")
    rows = {
        "worker opens Amara, 1 July noon": (
            datetime(2026, 7, 1, 11, 0, tzinfo=UTC),
            lambda: audit.log_view(by=social_worker, child=amara),
        ),
        "manager opens Amara, 2 July 00:30": (
            datetime(2026, 7, 1, 23, 30, tzinfo=UTC),  # still 1 July in UTC
            lambda: audit.log_view(by=manager, child=amara),
        ),
        "worker opens Leo, 2 July 10:00": (
            datetime(2026, 7, 2, 9, 0, tzinfo=UTC),
            lambda: audit.log_view(by=social_worker, child=leo),
        ),
        "worker changes Amara, 3 July 08:00": (
            datetime(2026, 7, 3, 7, 0, tzinfo=UTC),
            lambda: audit.log_change(
                by=social_worker, child=amara, record=amara, action=Action.EDIT_PERSON
            ),
        ),
    }
    written = {name: _logged_at(monkeypatch, at, write) for name, (at, write) in rows.items()}
    return {"rows": written, "amara": amara, "leo": leo, "worker": social_worker}


def _date(prefix: str, day: int, month: int = 7, year: int = 2026) -> dict[str, str]:
    return {f"{prefix}_day": str(day), f"{prefix}_month": str(month), f"{prefix}_year": str(year)}


@pytest.mark.parametrize(
    ("filters", "shown"),
    [
        (
            lambda log: {},
            [
                "worker changes Amara, 3 July 08:00",
                "worker opens Leo, 2 July 10:00",
                "manager opens Amara, 2 July 00:30",
                "worker opens Amara, 1 July noon",
            ],
        ),
        (
            lambda log: {"child": log["amara"].la_child_id},
            [
                "worker changes Amara, 3 July 08:00",
                "manager opens Amara, 2 July 00:30",
                "worker opens Amara, 1 July noon",
            ],
        ),
        (
            lambda log: {"child": str(log["leo"].pk)},
            ["worker opens Leo, 2 July 10:00"],
        ),
        (
            lambda log: {"username": log["worker"].username.upper()},
            [
                "worker changes Amara, 3 July 08:00",
                "worker opens Leo, 2 July 10:00",
                "worker opens Amara, 1 July noon",
            ],
        ),
        (lambda log: _date("date_to", 1), ["worker opens Amara, 1 July noon"]),
        (
            lambda log: _date("date_from", 2) | _date("date_to", 2),
            ["worker opens Leo, 2 July 10:00", "manager opens Amara, 2 July 00:30"],
        ),
        (
            lambda log: {"views_only": "on", "child": log["amara"].la_child_id},
            ["manager opens Amara, 2 July 00:30", "worker opens Amara, 1 July noon"],
        ),
        (
            lambda log: (
                {"child": log["amara"].la_child_id, "username": "manager.one"}
                | _date("date_from", 2)
            ),
            ["manager opens Amara, 2 July 00:30"],
        ),
        (lambda log: {"username": "nobody"}, []),
        (lambda log: {"action": "people.edit"}, ["worker changes Amara, 3 July 08:00"]),
        (
            lambda log: {"action": "people.view", "username": log["worker"].username},
            ["worker opens Leo, 2 July 10:00", "worker opens Amara, 1 July noon"],
        ),
    ],
    ids=[
        "everything",
        "by record number",
        "by number without the C",
        "by username",
        "up to a day",
        "one day",
        "openings only",
        "child, person and date",
        "no one",
        "by action",
        "by action and person",
    ],
)
def test_the_access_log_filters_by_child_person_and_london_dates(admin_client, log, filters, shown):
    response = admin_client.get(reverse("audit:access-log"), filters(log))

    names = {row.pk: name for name, row in log["rows"].items()}
    assert [names[row.pk] for row in response.context["page_obj"]] == shown


def test_each_row_shows_who_opened_which_child_and_from_where(admin_client, social_worker):
    child = PersonFactory(
        first_name="Amara", last_name="Okafor", recording_team=social_worker.teams.get()
    )
    worker_browser = Client()
    worker_browser.force_login(social_worker)
    worker_browser.get(reverse("record:child", args=[child.pk]), REMOTE_ADDR="10.1.2.3")

    response = admin_client.get(reverse("audit:access-log"))

    html = response.content.decode()
    for shown in (social_worker.username, "people.view", "Amara Okafor", child.la_child_id):
        assert shown in html
    assert "10.1.2.3" in html


@pytest.mark.parametrize(
    ("query", "field_id", "message"),
    [
        ({"child": "abc"}, "id_child", "Enter a record number like C0000123"),
        (
            _date("date_from", 2, 3) | _date("date_to", 1, 3),
            "id_date_to",
            "The 'to' date must be the same as or after the 'from' date",
        ),
        (_date("date_from", 31, 2), "id_date_from", "From must be a real date"),
        (
            {"date_to_day": "1", "date_to_month": "", "date_to_year": "2026"},
            "id_date_to",
            "To must include a month",
        ),
        ({"action": "people.eat"}, "id_action", "Select an action from the list"),
    ],
)
def test_bad_filters_are_shown_next_to_the_field_and_list_nothing(
    admin_client, log, query, field_id, message
):
    response = admin_client.get(reverse("audit:access-log"), query)

    assert error_message(response.content, field_id) == message
    assert (f"#{field_id}{'_0' if 'date' in field_id else ''}", message) in error_summary(
        response.content
    )
    assert list(response.context["page_obj"]) == []


def test_the_access_log_page_runs_the_same_queries_with_2_or_30_rows(admin_client, make_user):
    def write(count: int) -> None:
        for _ in range(count):
            audit.log_view(by=make_user(Role.SOCIAL_WORKER), child=PersonFactory())

    write(2)
    admin_client.get(reverse("audit:access-log"))
    with CaptureQueriesContext(connection) as small:
        admin_client.get(reverse("audit:access-log"))
    write(28)

    with CaptureQueriesContext(connection) as large:
        admin_client.get(reverse("audit:access-log"))

    assert len(small) == len(large)


def test_the_access_log_offers_every_action_by_its_label(admin_client):
    response = admin_client.get(reverse("audit:access-log"))

    choices = response.context["form"].fields["action"].choices
    assert choices == [("", "Any action"), *((action.value, action.label) for action in Action)]
    assert "Authorise an assessment</option>" in response.content.decode()


def test_a_log_longer_than_is_counted_says_more_than_and_still_pages(
    admin_client, make_user, monkeypatch
):
    monkeypatch.setattr(audit_views, "ACCESS_LOG_COUNTED", 3)
    monkeypatch.setattr(settings, "OPENCSC_PAGE_SIZE", 2)
    worker = make_user(Role.SOCIAL_WORKER)
    for _ in range(6):
        audit.log_view(by=worker, child=PersonFactory())
    once = make_user(Role.SOCIAL_WORKER)
    audit.log_view(by=once, child=PersonFactory())

    first = admin_client.get(reverse("audit:access-log")).content.decode()
    second = admin_client.get(reverse("audit:access-log") + "?page=2").content.decode()

    assert "More than 3 entries" in first
    assert 'aria-label="Page 1 of more than 2"' in first
    assert 'rel="next"' in first
    assert "More than 3 entries" in second
    # Filtered down below the cap, the count is exact again.
    narrow = admin_client.get(reverse("audit:access-log") + f"?username={once.username}")
    assert "More than" not in narrow.content.decode()
    assert "1 entry<" in narrow.content.decode()
