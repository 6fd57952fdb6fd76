"""The GOV.UK date input and showing a service's errors on a form."""

from datetime import date

import pytest
from django import forms
from django.core.exceptions import ValidationError

from opencsc.core.forms import (
    BIRTH,
    SEARCH,
    DateField,
    DateInput,
    add_service_errors,
    strip_spaces,
)


class BirthForm(forms.Form):
    date_of_birth = DateField(range=BIRTH, label="Date of birth", required=False)
    started_on = DateField(
        range=SEARCH, label="Start date", error_messages={"required": "Enter the start date"}
    )


def _errors(**typed: str) -> dict[str, list[str]]:
    data = {"started_on_day": "1", "started_on_month": "1", "started_on_year": "2026"} | typed
    form = BirthForm(data)
    form.is_valid()
    return {name: [str(error) for error in errors] for name, errors in form.errors.items()}


def test_a_date_is_typed_as_day_month_and_year():
    form = BirthForm(
        {
            "date_of_birth_day": " 14 ",
            "date_of_birth_month": "02",
            "date_of_birth_year": "2019",
            "started_on_day": "1",
            "started_on_month": "1",
            "started_on_year": "2026",
        }
    )

    assert form.is_valid()
    assert form.cleaned_data == {"date_of_birth": date(2019, 2, 14), "started_on": date(2026, 1, 1)}


def test_an_optional_date_left_blank_is_none():
    form = BirthForm({"started_on_day": "1", "started_on_month": "1", "started_on_year": "2026"})

    assert form.is_valid()
    assert form.cleaned_data["date_of_birth"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("14", "", "2019", "Date of birth must include a month"),
        ("", "2", "", "Date of birth must include a day and year"),
        ("14", "2", "", "Date of birth must include a year"),
        ("14", "Feb", "2019", "Date of birth must be a real date, in numbers"),
        ("14", "2", "19", "Year must include 4 numbers"),
        ("30", "2", "2019", "Date of birth must be a real date"),
        ("14", "13", "2019", "Date of birth must be a real date"),
        ("0", "2", "2019", "Date of birth must be a real date"),
        ("9" * 30, "2", "2019", "Date of birth must be a real date"),
        ("14", "9" * 30, "2019", "Date of birth must be a real date"),
        ("014", "2", "2019", "Date of birth must be a real date"),
        ("14", "2", "9" * 30, "Year must include 4 numbers"),
        ("14", "2", "-201", "Date of birth must be a real date, in numbers"),
        ("14", "2", "1e99", "Date of birth must be a real date, in numbers"),
        ("\u0661\u0664", "2", "2019", "Date of birth must be a real date, in numbers"),
        ("\u00b2", "2", "2019", "Date of birth must be a real date, in numbers"),
        ("14\x00", "2", "2019", "Null characters are not allowed."),
    ],
)
def test_an_incomplete_or_impossible_date_says_what_is_wrong(day, month, year, message):
    errors = _errors(date_of_birth_day=day, date_of_birth_month=month, date_of_birth_year=year)

    assert errors == {"date_of_birth": [message]}


def test_a_required_date_left_blank_uses_its_own_message():
    errors = _errors(started_on_day="", started_on_month="", started_on_year="")

    assert errors == {"started_on": ["Enter the start date"]}


def test_the_date_input_shows_a_stored_date_in_its_three_boxes():
    assert DateInput().decompress(date(2019, 2, 14)) == [14, 2, 2019]
    assert DateInput().decompress(None) == [None, None, None]


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False)


@pytest.mark.parametrize(
    ("error", "field_errors", "form_errors"),
    [
        (ValidationError({"reason": "Enter a reason"}), {"reason": ["Enter a reason"]}, []),
        (ValidationError({"nhs_number": "Already held"}), {}, ["Already held"]),
        (ValidationError("Records differ"), {}, ["Records differ"]),
    ],
    ids=["a field of the form", "a field the form lacks", "no field"],
)
def test_a_services_error_is_shown_next_to_its_field_when_the_form_has_it(
    error, field_errors, form_errors
):
    form = ReasonForm({"reason": ""})
    form.is_valid()

    add_service_errors(form, error)

    assert {name: list(errors) for name, errors in form.errors.items() if name != "__all__"} == (
        field_errors
    )
    assert list(form.non_field_errors()) == form_errors


def test_spaces_typed_inside_an_identifier_are_removed():
    assert strip_spaces(" 943 476\t5919 ") == "9434765919"
