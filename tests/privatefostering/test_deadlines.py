"""Every private fostering deadline across weekends, Christmas and Easter: the first visit (7
working days), the visits after it (6 weeks in the first year counted from when the council
became aware, then 12), the notification (6 weeks before the start), and the checks (the local
rule, 30 working days)."""

from datetime import date

import pytest

from opencsc.privatefostering.deadlines import first_year_ends, next_visit_due
from opencsc.timescales import rules


@pytest.mark.parametrize(
    ("aware_on", "due"),
    [
        (date(2026, 6, 5), date(2026, 6, 16)),  # a Friday: two weekends
        (date(2026, 5, 21), date(2026, 6, 2)),  # the spring bank holiday (25 May)
        (date(2026, 12, 22), date(2027, 1, 5)),  # Christmas, Boxing Day (28th), New Year's Day
        (date(2026, 4, 1), date(2026, 4, 14)),  # Good Friday and Easter Monday
        (date(2026, 6, 6), date(2026, 6, 16)),  # notified on a Saturday: day 0 is the weekend
    ],
)
def test_first_visit_is_seven_working_days_after_the_council_is_notified(aware_on, due):
    assert next_visit_due(aware_on=aware_on, proposed=False, last_visit_on=None) == due
    assert next_visit_due(aware_on=aware_on, proposed=True, last_visit_on=None) == due
    assert rules.PF_FIRST_VISIT.due_on(aware_on) == due
    assert rules.PF_VISIT_PROPOSED.due_on(aware_on) == due


def test_visits_in_the_first_year_are_at_most_six_weeks_apart_in_calendar_time():
    aware = date(2026, 5, 21)
    assert next_visit_due(aware_on=aware, proposed=False, last_visit_on=date(2026, 6, 1)) == date(
        2026, 7, 13
    )
    # Six weeks from Friday 13 November is Christmas Day: it stays (the statute counts weeks).
    assert next_visit_due(aware_on=aware, proposed=False, last_visit_on=date(2026, 11, 13)) == date(
        2026, 12, 25
    )
    # Six weeks from 20 February 2027 is Saturday 3 April, the day after Good Friday: it stays.
    assert next_visit_due(aware_on=aware, proposed=False, last_visit_on=date(2027, 2, 20)) == date(
        2027, 4, 3
    )


def test_the_first_year_counts_from_when_the_council_became_aware_not_the_start():
    # The arrangement began in 2025; the council heard of it on 21 May 2026.
    aware = date(2026, 5, 21)
    assert first_year_ends(aware) == date(2027, 5, 21)
    # The last day of the first year: still six weeks.
    assert next_visit_due(aware_on=aware, proposed=False, last_visit_on=date(2027, 5, 20)) == date(
        2027, 7, 1
    )
    # From the first anniversary: twelve weeks.
    assert next_visit_due(aware_on=aware, proposed=False, last_visit_on=date(2027, 5, 21)) == date(
        2027, 8, 13
    )


def test_later_year_visits_keep_christmas_and_easter_dates():
    aware = date(2025, 1, 6)
    # Twelve weeks from 2 October 2026 is Christmas Day 2026.
    assert next_visit_due(aware_on=aware, proposed=False, last_visit_on=date(2026, 10, 2)) == date(
        2026, 12, 25
    )
    # Twelve weeks from 1 January 2027 is 26 March 2027, Good Friday.
    assert next_visit_due(aware_on=aware, proposed=False, last_visit_on=date(2027, 1, 1)) == date(
        2027, 3, 26
    )


def test_a_leap_day_awareness_year_ends_on_the_last_day_of_february():
    assert first_year_ends(date(2028, 2, 29)) == date(2029, 2, 28)


@pytest.mark.parametrize(
    ("starts_on", "due"),
    [
        (date(2026, 6, 1), date(2026, 4, 20)),
        (date(2026, 5, 18), date(2026, 4, 6)),  # Easter Monday: kept, a duty on the family
        (date(2027, 2, 5), date(2026, 12, 25)),  # Christmas Day: kept
        (date(2026, 7, 18), date(2026, 6, 6)),  # a Saturday: kept
    ],
)
def test_notification_is_due_six_weeks_before_the_start(starts_on, due):
    assert rules.PF_NOTIFICATION.due_on(starts_on) == due


@pytest.mark.parametrize(
    ("notified_on", "due"),
    [
        (date(2026, 12, 22), date(2027, 2, 5)),  # across Christmas and New Year
        (date(2026, 3, 30), date(2026, 5, 14)),  # across Easter and the early May bank holiday
        (date(2026, 6, 5), date(2026, 7, 17)),  # from a Friday
    ],
)
def test_checks_are_due_thirty_working_days_after_notification(notified_on, due):
    assert rules.PF_SUITABILITY_CHECKS.due_on(notified_on) == due
    assert rules.PF_SUITABILITY_CHECKS.is_local
