"""The missing children report (issue 14, part 6): episodes and children, missing and absent,
interviews offered within 72 hours and held, known and not known side by side, by risk grading;
the period chosen on a form (the last 12 months by default, errors next to the field); a CSV
download no spreadsheet runs as formulas; the same queries at any size; who may see it."""

import csv
from datetime import date, timedelta
from io import StringIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.core import replica
from opencsc.core.exports import safe_cell
from opencsc.missing import report, services
from opencsc.missing.models import MissingEpisode
from tests.factories import AllocationFactory, PersonFactory, UserFactory
from tests.frontdoor.helpers import london
from tests.missing.conftest import details, police_episode, returned


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.RETURN_INTERVIEW_OFFICER)


def _episode(world, child, day: int = 29, **changes) -> MissingEpisode:
    seen = london(2026, 5, day, 18, 0)
    values = {"missing_since": seen, "reported_at": seen + timedelta(hours=1)} | changes
    return services.record_episode(details=details(**values), child=child, by=world.practitioner)


def _offer(episode, at, officer, outcome="declined") -> None:
    services.record_attempt(
        episode=episode, attempted_at=at, method="phone", outcome=outcome, notes="", by=officer
    )


@pytest.fixture
def figures(clock, world, officer):
    """Known (Ben, held by a team): two episodes, one offered in time and held, one offered late.
    Not known (Cara): one absent episode, high risk, offered in time (declined). One the police
    named, not matched. One before the period."""
    in_time = returned(_episode(world, world.held, 1), london(2026, 5, 2, 9, 0), world.worker)
    _offer(in_time, london(2026, 5, 3, 9, 0), officer, "accepted")
    services.record_interview(
        episode=in_time,
        details=services.InterviewDetails(
            held_at=london(2026, 5, 4, 9, 0), method="in_person", why_went="Arguments"
        ),
        by=officer,
    )
    late = returned(_episode(world, world.held, 10), london(2026, 5, 11, 9, 0), world.worker)
    _offer(late, london(2026, 5, 14, 9, 1), officer)  # 72 hours and a minute
    absent = returned(
        _episode(world, world.unknown, 20, absence="absent", police_risk="high"),
        london(2026, 5, 21, 9, 0),
        world.practitioner,
    )
    _offer(absent, london(2026, 5, 24, 9, 0), officer)  # exactly 72 hours
    police_episode(world)  # 29 May, not matched
    _episode(world, PersonFactory(), 1, missing_since=london(2025, 5, 1, 18, 0))
    return report.missing_report(date(2026, 5, 1), date(2026, 5, 31))


def test_known_and_not_known_side_by_side(figures):
    totals = figures.totals

    assert totals["episodes"] == {"known": 2, "not_known": 2, "all": 4}
    assert totals["missing"] == {"known": 2, "not_known": 1, "all": 3}
    assert totals["absent"] == {"known": 0, "not_known": 1, "all": 1}
    assert totals["children"] == {"known": 1, "not_known": 1, "all": 2}
    assert totals["unmatched"] == {"known": 0, "not_known": 1, "all": 1}
    assert totals["returned"] == {"known": 2, "not_known": 1, "all": 3}
    assert totals["offered_in_time"] == {"known": 1, "not_known": 1, "all": 2}
    assert totals["held"] == {"known": 1, "not_known": 0, "all": 1}


def test_by_risk_grading(figures):
    assert figures.by_risk["high"]["episodes"] == {"known": 0, "not_known": 1, "all": 1}
    assert figures.by_risk["high"]["offered_in_time"]["not_known"] == 1
    assert figures.by_risk["medium"]["episodes"]["known"] == 2
    assert figures.by_risk["medium"]["held"]["known"] == 1
    assert figures.by_risk["low"]["episodes"] == {"known": 0, "not_known": 0, "all": 0}


def test_the_page_shows_the_figures_for_the_period_chosen(figures, client, world):
    client.force_login(UserFactory(role=Role.PERFORMANCE_ANALYST))

    response = client.get(
        reverse("missing:report"),
        {
            "date_from_day": "1",
            "date_from_month": "5",
            "date_from_year": "2026",
            "date_to_day": "31",
            "date_to_month": "5",
            "date_to_year": "2026",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "1 May 2026 to 31 May 2026" in body
    assert "Known to social care" in body
    assert "By police risk grading" in body
    assert "opencsc-table-scroll" in body
    assert reverse("missing:report-csv") in body


def test_the_default_period_is_the_last_twelve_months(clock, client, world):
    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))

    body = client.get(reverse("missing:report")).content.decode()

    assert "2 June 2025 to 1 June 2026" in body
    assert report.default_period(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))


def test_a_wrong_period_is_an_error_next_to_the_field(clock, client, world):
    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))

    response = client.get(
        reverse("missing:report"),
        {
            "date_from_day": "31",
            "date_from_month": "5",
            "date_from_year": "2026",
            "date_to_day": "1",
            "date_to_month": "5",
            "date_to_year": "2026",
        },
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "The last day must be the same as or after the first day" in body
    assert 'id="date_to-error"' in body or "date_to" in body
    assert "Known to social care</th>" not in body


def test_hostile_dates_are_errors_not_failures(clock, client, world):
    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))

    response = client.get(
        reverse("missing:report"), {"date_from_day": "99", "date_from_year": "=1+1"}
    )
    download = client.get(reverse("missing:report-csv"), {"date_from_day": "x"})

    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert download.status_code == 302
    assert download["Location"].startswith(reverse("missing:report"))


def test_the_csv_download(figures, client, world):
    client.force_login(UserFactory(role=Role.TEAM_MANAGER, team=world.team))

    response = client.get(
        reverse("missing:report-csv"),
        {
            "date_from_day": "1",
            "date_from_month": "5",
            "date_from_year": "2026",
            "date_to_day": "31",
            "date_to_month": "5",
            "date_to_year": "2026",
        },
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "missing-children-2026-05-01-to-2026-05-31.csv" in response["Content-Disposition"]
    rows = list(csv.reader(StringIO(response.content.decode())))
    assert rows[0] == ["Period", "Section", "Measure", "Known to social care", "Not known", "All"]
    assert ["2026-05-01 to 2026-05-31", "All gradings", "Missing episodes", "2", "2", "4"] in rows
    assert [
        "2026-05-01 to 2026-05-31",
        "Police risk: High",
        "Missing episodes",
        "0",
        "1",
        "1",
    ] in rows


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Missing episodes", "Missing episodes"),
        (3, 3),
        (-2, -2),
        (None, ""),
    ],
)
def test_cells_never_run_as_formulas(value, written):
    assert safe_cell(value) == written


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("missing:report"))
    assert response.status_code == 200
    return len(captured)


def test_the_same_queries_at_two_sizes(clock, client, world, officer):
    client.force_login(UserFactory(role=Role.PERFORMANCE_ANALYST))
    _episode(world, world.held, 1)
    one = _queries(client)
    for day in range(2, 12):
        child = AllocationFactory(team=world.team).child
        episode = returned(_episode(world, child, day), london(2026, 5, day, 21, 0), world.worker)
        _offer(episode, london(2026, 5, day + 1, 9, 0), officer)

    assert _queries(client) == one


@pytest.mark.parametrize(
    "role",
    [Role.SOCIAL_WORKER, Role.MASH_PRACTITIONER, Role.QUALITY_ASSURANCE, Role.PARTNER_AGENCY],
)
def test_others_may_not_see_the_report(client, world, role):
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("missing:report")).status_code == 403
    assert client.get(reverse("missing:report-csv")).status_code == 403


def test_the_report_reads_through_the_read_replica_and_says_its_figures_may_lag(
    figures, client, world, monkeypatch
):
    """With a read replica configured (docs/deployment.md) the report's reads are sent to it
    (core.replica.for_reports) and the page says its figures may be a few seconds behind."""
    sent = []
    to_replica = replica.for_reports

    def spy(queryset):
        sent.append(queryset.model)
        return to_replica(queryset)

    monkeypatch.setattr(replica, "for_reports", spy)
    monkeypatch.setattr(replica, "replica_may_lag", lambda: True)
    client.force_login(UserFactory(role=Role.PERFORMANCE_ANALYST))

    body = client.get(reverse("missing:report")).content.decode()

    assert sent == [MissingEpisode]
    assert replica.REPLICA_LAG_MESSAGE in body


def test_without_a_replica_the_report_says_nothing_of_lag(figures, client, world):
    client.force_login(UserFactory(role=Role.PERFORMANCE_ANALYST))

    body = client.get(reverse("missing:report")).content.decode()

    assert replica.REPLICA_LAG_MESSAGE not in body
