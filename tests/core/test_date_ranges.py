"""Every typed date has a plausible range, kept in one place (core.forms): an event that has
happened, a due date, a date of birth, an expected date of birth, a search date. Posted ids that
cannot be a row's are a field error, not a query."""

import re
from datetime import date
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404

from opencsc.accounts.models import Agency
from opencsc.core.forms import (
    BIRTH,
    DATE_RANGES,
    DUE,
    EXPECTED_BIRTH,
    PAST_EVENT,
    SEARCH,
    DateField,
    DateRange,
    HiddenDateField,
    ModelMultipleChoiceField,
    years_before,
)
from opencsc.core.requests import LARGEST_ID, id_or_404, parse_id
from tests.factories import AgencyFactory

TODAY = date(2026, 6, 1)
OPENCSC = Path(__file__).resolve().parents[2] / "opencsc"


def _refusal(date_range: DateRange, value: date) -> str | None:
    try:
        date_range.check(value, label="The date", today=TODAY)
    except ValidationError as error:
        return error.messages[0]
    return None


@pytest.mark.parametrize(
    ("date_range", "earliest", "latest"),
    [
        (PAST_EVENT, date(2016, 6, 1), TODAY),
        (DUE, date(2016, 6, 1), date(2028, 6, 1)),
        (BIRTH, date(1906, 1, 1), TODAY),
        (EXPECTED_BIRTH, date(2026, 5, 1), date(2027, 3, 28)),
        (SEARCH, date(1906, 1, 1), date(2028, 6, 1)),
    ],
    ids=lambda value: value.name if isinstance(value, DateRange) else None,
)
def test_each_range_takes_its_bounds_and_refuses_the_day_either_side(date_range, earliest, latest):
    assert date_range in DATE_RANGES
    assert _refusal(date_range, earliest) is None
    assert _refusal(date_range, latest) is None
    assert _refusal(date_range, date.fromordinal(earliest.toordinal() - 1)) is not None
    assert _refusal(date_range, date.fromordinal(latest.toordinal() + 1)) is not None


def test_the_messages_name_the_limit():
    assert _refusal(PAST_EVENT, date(1, 1, 1)) == "The date must be on or after 1 June 2016"
    assert _refusal(PAST_EVENT, date(9999, 12, 31)) == "The date must be today or in the past"
    assert _refusal(BIRTH, date(1899, 1, 1)) == "The date must be within the last 120 years"
    assert _refusal(BIRTH, date(2026, 6, 2)) == "The date must be today or in the past"


def test_how_far_back_and_ahead_are_settings(settings):
    settings.OPENCSC_OLDEST_RECORD_YEARS = 1
    settings.OPENCSC_DUE_DATE_HORIZON_YEARS = 5

    assert _refusal(PAST_EVENT, date(2025, 5, 31)) == "The date must be on or after 1 June 2025"
    assert _refusal(DUE, date(2031, 6, 1)) is None
    assert _refusal(DUE, date(2031, 6, 2)) == "The date must be on or before 1 June 2031"


def test_a_year_back_from_29_february_is_28_february():
    assert years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)


class MeetingForm(forms.Form):
    held_on = DateField(range=PAST_EVENT, label="Date held")
    meeting_on = HiddenDateField(range=PAST_EVENT, label="Meeting date")


@pytest.mark.parametrize(
    ("held", "meeting", "errors"),
    [
        (("1", "1", "0001"), "2026-01-01", {"held_on": "Date held must be on or after"}),
        (("1", "1", "2026"), "0001-01-01", {"meeting_on": "Meeting date must be on or after"}),
        (("1", "1", "2026"), "9999-12-31", {"meeting_on": "Meeting date must be today or in"}),
        (("1", "1", "2026"), "9" * 30 + "-01-01", {"meeting_on": "Enter a valid date."}),
        (("1", "1", "2026"), "2026-99-99", {"meeting_on": "Enter a valid date."}),
    ],
)
def test_a_date_outside_its_range_is_refused_next_to_its_field(held, meeting, errors):
    day, month, year = held
    form = MeetingForm(
        {"held_on_day": day, "held_on_month": month, "held_on_year": year, "meeting_on": meeting}
    )

    assert not form.is_valid()
    assert {name: form.errors[name][0][: len(text)] for name, text in errors.items()} == errors


def test_every_date_a_form_takes_is_one_of_ours_with_a_range():
    """A date field without a range cannot be built (`range` is required), and no form uses
    Django's own date fields, which take any year from 1 to 9999."""
    with pytest.raises(TypeError):
        DateField(label="Date")
    django_dates = re.compile(r"forms\.(DateField|DateTimeField|SplitDateTimeField)\(")
    offenders = [
        str(path.relative_to(OPENCSC))
        for path in OPENCSC.rglob("*.py")
        if django_dates.search(path.read_text()) and path != OPENCSC / "core" / "forms.py"
    ]
    assert offenders == []
    declared = re.compile(r"\bDateField\((?![^)]*\brange=)", re.DOTALL)
    undeclared = [
        str(path.relative_to(OPENCSC))
        for path in OPENCSC.rglob("*.py")
        if "migrations" not in path.parts
        and path != OPENCSC / "core" / "forms.py"
        and declared.search(path.read_text().replace("models.DateField(", ""))
    ]
    assert undeclared == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        (" 12 ", 12),
        (str(LARGEST_ID), LARGEST_ID),
        (str(LARGEST_ID + 1), None),
        ("9" * 30, None),
        ("0", None),
        ("-1", None),
        ("abc", None),
        ("1e999", None),
        ("NaN", None),
        ("\u0661\u0662", None),
        ("1\x00", None),
        ("", None),
    ],
)
def test_an_id_from_a_request_is_a_whole_number_a_row_can_have(value, expected):
    assert parse_id(value) == expected


def test_an_id_that_cannot_be_a_rows_is_a_404():
    assert id_or_404("12") == 12
    with pytest.raises(Http404):
        id_or_404("99999999999999999999")


class AgenciesForm(forms.Form):
    agencies = ModelMultipleChoiceField(queryset=Agency.objects.all())


@pytest.mark.parametrize("bad", ["99999999999999999999", "-5", "abc", "1e999", "\x00", "x" * 1000])
def test_a_multi_select_refuses_an_id_that_cannot_be_a_rows_as_a_field_error(db, bad):
    agency = AgencyFactory()

    form = AgenciesForm({"agencies": [str(agency.pk), bad]})

    assert not form.is_valid()
    assert list(form.errors) == ["agencies"]


def test_a_multi_select_takes_real_ids(db):
    agency = AgencyFactory()

    form = AgenciesForm({"agencies": [str(agency.pk)]})

    assert form.is_valid()
    assert list(form.cleaned_data["agencies"]) == [agency]
