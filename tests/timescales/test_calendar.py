from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django import Settings

from opencsc.timescales.calendar import (
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    subtract_working_days,
    working_days_between,
)


@pytest.fixture(autouse=True)
def _national_calendar_only(settings: Settings) -> None:
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = []


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2024,
            {
                date(2024, 1, 1),
                date(2024, 3, 29),
                date(2024, 4, 1),
                date(2024, 5, 6),
                date(2024, 5, 27),
                date(2024, 8, 26),
                date(2024, 12, 25),
                date(2024, 12, 26),
            },
        ),
        (
            2025,
            {
                date(2025, 1, 1),
                date(2025, 4, 18),
                date(2025, 4, 21),
                date(2025, 5, 5),
                date(2025, 5, 26),
                date(2025, 8, 25),
                date(2025, 12, 25),
                date(2025, 12, 26),
            },
        ),
        (
            2026,
            {
                date(2026, 1, 1),
                date(2026, 4, 3),
                date(2026, 4, 6),
                date(2026, 5, 4),
                date(2026, 5, 25),
                date(2026, 8, 31),
                date(2026, 12, 25),
                date(2026, 12, 28),
            },
        ),
        (
            2027,
            {
                date(2027, 1, 1),
                date(2027, 3, 26),
                date(2027, 3, 29),
                date(2027, 5, 3),
                date(2027, 5, 31),
                date(2027, 8, 30),
                date(2027, 12, 27),
                date(2027, 12, 28),
            },
        ),
        (
            2028,
            {
                date(2028, 1, 3),
                date(2028, 4, 14),
                date(2028, 4, 17),
                date(2028, 5, 1),
                date(2028, 5, 29),
                date(2028, 8, 28),
                date(2028, 12, 25),
                date(2028, 12, 26),
            },
        ),
    ],
    ids=["2024", "2025", "2026", "2027", "2028"],
)
def test_bank_holidays_are_the_england_and_wales_weekday_list(
    year: int, expected: set[date]
) -> None:
    holidays = bank_holidays(year)

    assert holidays == expected


@pytest.mark.parametrize(
    ("year", "working_days"),
    [(2024, 254), (2025, 253), (2026, 253), (2027, 253)],
    ids=["2024", "2025", "2026", "2027"],
)
def test_working_days_in_a_year_match_the_published_count(year: int, working_days: int) -> None:
    last_day_of_previous_year = date(year - 1, 12, 31)

    count = working_days_between(last_day_of_previous_year, date(year, 12, 31))

    assert count == working_days


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 2), True),
        (date(2026, 1, 3), False),
        (date(2026, 1, 4), False),
        (date(2026, 4, 3), False),
        (date(2026, 12, 26), False),
        (date(2026, 12, 28), False),
        (date(2026, 12, 29), True),
    ],
    ids=["friday", "saturday", "sunday", "good-friday", "boxing-day-saturday", "substitute", "tue"],
)
def test_working_day_is_a_weekday_that_is_not_a_bank_holiday(day: date, expected: bool) -> None:
    working = is_working_day(day)

    assert working is expected


# Rows of the working-day worked examples in TIMESCALES.md: N, start (day 0), deadline with the
# day-0 rule, and the date a tool gets when it counts the start as day 1 (None if not shown).
WORKED_EXAMPLES = [
    pytest.param(1, date(2025, 12, 24), date(2025, 12, 29), date(2025, 12, 24), id="referral-xmas"),
    pytest.param(1, date(2026, 4, 2), date(2026, 4, 7), date(2026, 4, 2), id="referral-easter"),
    pytest.param(1, date(2026, 1, 3), date(2026, 1, 5), None, id="referral-saturday"),
    pytest.param(1, date(2026, 5, 22), date(2026, 5, 26), date(2026, 5, 22), id="amber-spring"),
    pytest.param(3, date(2026, 8, 27), date(2026, 9, 2), date(2026, 9, 1), id="green-summer"),
    pytest.param(3, date(2025, 12, 23), date(2025, 12, 30), date(2025, 12, 29), id="green-xmas"),
    pytest.param(45, date(2025, 11, 20), date(2026, 1, 27), date(2026, 1, 26), id="assess-2025"),
    pytest.param(45, date(2026, 3, 2), date(2026, 5, 7), date(2026, 5, 6), id="assess-easter"),
    pytest.param(45, date(2026, 11, 23), date(2027, 1, 28), date(2027, 1, 27), id="assess-2026"),
    pytest.param(45, date(2027, 3, 1), date(2027, 5, 6), date(2027, 5, 5), id="assess-2027"),
    pytest.param(15, date(2025, 12, 19), date(2026, 1, 14), date(2026, 1, 13), id="icpc-2025"),
    pytest.param(15, date(2026, 3, 20), date(2026, 4, 14), date(2026, 4, 13), id="icpc-easter"),
    pytest.param(15, date(2026, 12, 11), date(2027, 1, 6), date(2027, 1, 5), id="icpc-2026"),
    pytest.param(15, date(2027, 12, 10), date(2028, 1, 5), date(2028, 1, 4), id="icpc-2027"),
    pytest.param(10, date(2026, 12, 17), date(2027, 1, 5), date(2027, 1, 4), id="core-xmas"),
    pytest.param(10, date(2027, 3, 19), date(2027, 4, 6), date(2027, 4, 5), id="core-easter"),
    pytest.param(7, date(2026, 5, 20), date(2026, 6, 1), date(2026, 5, 29), id="pf-spring"),
    pytest.param(7, date(2027, 12, 22), date(2028, 1, 5), date(2028, 1, 4), id="pf-xmas"),
    pytest.param(20, date(2025, 4, 10), date(2025, 5, 13), date(2025, 5, 12), id="lac-easter"),
    pytest.param(20, date(2026, 12, 1), date(2026, 12, 31), date(2026, 12, 30), id="lac-xmas"),
    pytest.param(20, date(2026, 8, 14), date(2026, 9, 14), date(2026, 9, 11), id="health"),
]


@pytest.mark.parametrize(("n", "start", "deadline", "start_as_day_1"), WORKED_EXAMPLES)
def test_deadline_is_the_nth_working_day_after_the_start_day(
    n: int, start: date, deadline: date, start_as_day_1: date | None
) -> None:
    due = add_working_days(start, n)

    assert due == deadline


@pytest.mark.parametrize(("n", "start", "deadline", "start_as_day_1"), WORKED_EXAMPLES)
def test_working_days_between_start_and_deadline_is_n(
    n: int, start: date, deadline: date, start_as_day_1: date | None
) -> None:
    count = working_days_between(start, deadline)

    assert count == n


@pytest.mark.parametrize(
    ("n", "start", "deadline", "start_as_day_1"),
    [row for row in WORKED_EXAMPLES if row.values[3] is not None],
)
def test_counting_the_start_as_day_1_gives_one_working_day_earlier(
    n: int, start: date, deadline: date, start_as_day_1: date
) -> None:
    due = add_working_days(start, n - 1)

    assert due == start_as_day_1


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (date(2026, 1, 5), date(2026, 1, 5)),
        (date(2026, 1, 3), date(2026, 1, 5)),
        (date(2026, 4, 3), date(2026, 4, 7)),
        (date(2025, 12, 25), date(2025, 12, 29)),
    ],
    ids=["monday", "saturday", "good-friday", "christmas-day"],
)
def test_zero_working_days_is_the_same_or_next_working_day(start: date, expected: date) -> None:
    due = add_working_days(start, 0)

    assert due == expected


@pytest.mark.parametrize(
    ("end", "n", "expected"),
    [
        (date(2026, 3, 31), 45, date(2026, 1, 27)),
        (date(2026, 3, 31), 15, date(2026, 3, 10)),
        (date(2027, 3, 31), 45, date(2027, 1, 25)),
        (date(2027, 3, 31), 15, date(2027, 3, 8)),
    ],
    ids=["2026-45wd", "2026-15wd", "2027-45wd", "2027-15wd"],
)
def test_counting_back_from_the_census_reference_date(end: date, n: int, expected: date) -> None:
    start = subtract_working_days(end, n)

    assert start == expected


def test_counting_back_zero_days_from_a_weekend_gives_the_previous_working_day() -> None:
    sunday = date(2026, 4, 5)

    day = subtract_working_days(sunday, 0)

    assert day == date(2026, 4, 2)  # Maundy Thursday: Good Friday is a bank holiday


def test_working_days_between_a_later_and_earlier_date_is_negative() -> None:
    census_reference_date = date(2026, 3, 31)

    count = working_days_between(census_reference_date, date(2026, 1, 27))

    assert count == -45


def test_working_days_between_a_day_and_itself_is_zero() -> None:
    saturday = date(2026, 1, 3)

    count = working_days_between(saturday, saturday)

    assert count == 0


def test_negative_working_days_are_refused() -> None:
    start = date(2026, 1, 5)

    with pytest.raises(ValueError, match="subtract_working_days"):
        add_working_days(start, -1)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 3, 18), 3, date(2026, 6, 18)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 12, 15), 1, date(2028, 1, 15)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 3, 18), 0, date(2026, 3, 18)),
    ],
    ids=[
        "same-day-number",
        "month-end",
        "leap-year",
        "leap-day-plus-a-year",
        "month-end-sunday",
        "january-end",
        "year-end",
        "backwards",
        "zero",
    ],
)
def test_months_keep_the_day_number_or_clamp_to_the_month_end(
    start: date, n: int, expected: date
) -> None:
    due = add_months(start, n)

    assert due == expected


def test_an_extra_bank_holiday_from_settings_is_not_a_working_day(
    settings: Settings,
) -> None:
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-06-05"]

    working = is_working_day(date(2026, 6, 5))

    assert working is False
    assert date(2026, 6, 5) in bank_holidays(2026)


def test_an_extra_bank_holiday_from_settings_moves_a_working_day_deadline(
    settings: Settings,
) -> None:
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-06-05"]

    due = add_working_days(date(2026, 6, 3), 3)

    assert due == date(2026, 6, 9)  # Thu 4, (Fri 5 added), Mon 8, Tue 9


def test_an_extra_bank_holiday_is_counted_in_working_days_between(
    settings: Settings,
) -> None:
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-06-05"]

    count = working_days_between(date(2025, 12, 31), date(2026, 12, 31))

    assert count == 252


def test_an_extra_bank_holiday_that_is_not_an_iso_date_is_a_configuration_error(
    settings: Settings,
) -> None:
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["5/6/2026"]

    with pytest.raises(ImproperlyConfigured, match="5/6/2026"):
        bank_holidays(2026)
