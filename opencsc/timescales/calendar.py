"""Working days in England and Wales, and the date arithmetic every deadline rule uses.

Counting follows TIMESCALES.md: the event's day is day 0 and an N-working-day deadline is the Nth
working day after it, even when the event falls on a weekend or bank holiday.
"""

import calendar
import functools
from datetime import date, timedelta

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SATURDAY = 5


@functools.lru_cache(maxsize=64)
def _national_bank_holidays(year: int) -> frozenset[date]:
    """GOV.UK bank and public holidays for England and Wales that fall on a weekday in `year`."""
    # Keep only weekdays: the library also lists the weekend day a substitute day replaces.
    listed = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return frozenset(day for day in listed if day.weekday() < SATURDAY)


def _extra_bank_holidays(year: int) -> set[date]:
    """One-off weekday holidays in `year` added by royal proclamation through settings."""
    extra: set[date] = set()
    for value in getattr(settings, "OPENCSC_EXTRA_BANK_HOLIDAYS", []):
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError) as error:
            message = f"OPENCSC_EXTRA_BANK_HOLIDAYS: {value!r} is not an ISO date (YYYY-MM-DD)."
            raise ImproperlyConfigured(message) from error
        if day.year == year and day.weekday() < SATURDAY:
            extra.add(day)
    return extra


def bank_holidays(year: int) -> set[date]:
    """Weekday bank and public holidays in England and Wales in `year`, with one-off additions."""
    return set(_national_bank_holidays(year)) | _extra_bank_holidays(year)


def is_working_day(day: date) -> bool:
    """Whether `day` is a working day: Monday to Friday, not a bank holiday in England and Wales."""
    # Looked up without building the year's set, as the demo asks this for millions of days.
    if day.weekday() >= SATURDAY or day in _national_bank_holidays(day.year):
        return False
    return day not in _extra_bank_holidays(day.year)


def add_working_days(start: date, n: int) -> date:
    """The Nth working day after `start` (day 0); for N = 0, `start` or the next working day."""
    if n < 0:
        raise ValueError("Count back with subtract_working_days, not a negative number of days.")

    day = start
    if n == 0:
        while not is_working_day(day):
            day += timedelta(days=1)
        return day

    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def subtract_working_days(end: date, n: int) -> date:
    """The Nth working day before `end` (day 0); for N = 0, `end` or the previous working day."""
    if n < 0:
        raise ValueError("Count forward with add_working_days, not a negative number of days.")

    day = end
    if n == 0:
        while not is_working_day(day):
            day -= timedelta(days=1)
        return day

    counted = 0
    while counted < n:
        day -= timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start)

    weekdays = _weekdays_up_to(end) - _weekdays_up_to(start)
    holidays_in_range = sum(
        1
        for year in range(start.year, end.year + 1)
        for holiday in bank_holidays(year)
        if start < holiday <= end
    )
    return weekdays - holidays_in_range


def _weekdays_up_to(day: date) -> int:
    """Mondays to Fridays from a fixed Monday up to and including `day`."""
    # date.min (1 Jan 0001) is a Monday, so whole weeks from it hold five weekdays each.
    weeks, extra_days = divmod((day - date.min).days + 1, 7)
    return weeks * 5 + min(extra_days, 5)


def add_months(start: date, n: int) -> date:
    """The same day number `n` months later (earlier if negative), or that month's last day."""
    month_index = start.year * 12 + start.month - 1 + n
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))
