"""GOV.UK form building blocks shared by every app's forms, and the plausible range of every date
a form takes (`DateRange`: one place, docs/security.md "Hostile input")."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.core.requests import parse_id

# Longer than this, a typed number cannot be part of a date: refuse it before any arithmetic.
_LONGEST_PART = {"day": 2, "month": 2, "year": 4}


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


@dataclass(frozen=True)
class DateRange:
    """The dates a kind of date field finds plausible, worked out from today; outside them the
    field says so in `too_early`/`too_late` ("{label}" and "{date}" filled in)."""

    name: str
    earliest: Callable[[date], date]
    latest: Callable[[date], date]
    too_early: str = "{label} must be on or after {date}"
    too_late: str = "{label} must be on or before {date}"

    def check(self, value: date, *, label: str, today: date | None = None) -> None:
        today = today or timezone.localdate()
        earliest, latest = self.earliest(today), self.latest(today)
        if value < earliest:
            raise ValidationError(self.too_early.format(label=label, date=_d(earliest)))
        if value > latest:
            raise ValidationError(self.too_late.format(label=label, date=_d(latest)))


def _oldest_record(today: date) -> date:
    return years_before(today, settings.OPENCSC_OLDEST_RECORD_YEARS)


def _due_horizon(today: date) -> date:
    return years_after(today, settings.OPENCSC_DUE_DATE_HORIZON_YEARS)


def _today(today: date) -> date:
    return today


# Something that has happened: a contact received, a visit, a meeting held, a child seen, a plan
# started or ended, an episode closed. Services add the record's own limits (not before the
# referral, not before the child's birth).
PAST_EVENT = DateRange(
    "past event",
    earliest=_oldest_record,
    latest=_today,
    too_late="{label} must be today or in the past",
)
# A date something is due by, or a day to plan for: not further back than the oldest record, not
# beyond the horizon.
DUE = DateRange("due date", earliest=_oldest_record, latest=_due_horizon)
# A date of birth: within the last 120 years, not in the future.
BIRTH = DateRange(
    "date of birth",
    earliest=lambda today: date(today.year - 120, 1, 1),
    latest=_today,
    too_early="{label} must be within the last 120 years",
    too_late="{label} must be today or in the past",
)
# An unborn child's expected date of birth: up to about a month overdue, up to 10 months ahead.
EXPECTED_BIRTH = DateRange(
    "expected date of birth",
    earliest=lambda today: today - timedelta(days=31),
    latest=lambda today: today + timedelta(days=300),
    too_early="{label} must be within the next 10 months",
    too_late="{label} must be within the next 10 months",
)
# A date to search records by (the access log): the oldest a record can be to the horizon.
SEARCH = DateRange(
    "search date", earliest=lambda today: date(today.year - 120, 1, 1), latest=_due_horizon
)
DATE_RANGES = (PAST_EVENT, DUE, BIRTH, EXPECTED_BIRTH, SEARCH)


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        number = {"inputmode": "numeric", "class": "govuk-input govuk-date-input__input"}
        widgets: Mapping[str, forms.Widget] = {
            "day": forms.TextInput(
                attrs={**number, "class": number["class"] + " govuk-input--width-2"}
            ),
            "month": forms.TextInput(
                attrs={**number, "class": number["class"] + " govuk-input--width-2"}
            ),
            "year": forms.TextInput(
                attrs={**number, "class": number["class"] + " govuk-input--width-4"}
            ),
        }
        super().__init__(dict(widgets), attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK error messages."""

    widget = DateInput

    def __init__(self, *, range: DateRange, **kwargs: Any) -> None:  # noqa: A002
        self.range = range
        # Each box is optional on its own, so `compress` can say which part is missing ("must
        # include a month") instead of Django's "Enter a complete value".
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(part.strip() for part in data_list if part):
            return None
        label = (self.label or "Date").capitalize()
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not all(part.isascii() and part.isdigit() for part in (day, month, year)):
            raise ValidationError(f"{label} must be a real date, in numbers")
        if len(day) > _LONGEST_PART["day"] or len(month) > _LONGEST_PART["month"]:
            raise ValidationError(f"{label} must be a real date")
        if len(year) != _LONGEST_PART["year"]:
            raise ValidationError("Year must include 4 numbers")
        try:
            value = date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:
            raise ValidationError(f"{label} must be a real date") from error
        self.range.check(value, label=label)
        return value

    def clean(self, value: Any) -> date | None:
        if self.required and (not value or not any(str(part).strip() for part in value if part)):
            raise ValidationError(self.error_messages["required"], code="required")
        return super().clean(value)


class HiddenDateField(forms.DateField):
    """A date carried in a hidden input (as 2026-03-27), checked against its range."""

    widget = forms.HiddenInput

    def __init__(self, *, range: DateRange, **kwargs: Any) -> None:  # noqa: A002
        self.range = range
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> date | None:
        try:
            day = super().to_python(value)
        except (OverflowError, ValueError) as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if day is not None:
            self.range.check(day, label=(self.label or "Date").capitalize())
        return day


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing a posted id that cannot be a row's (such as 99999999999999999999,
    which SQLite cannot compare) as an invalid choice instead of querying with it."""

    def _check_values(self, value: Any) -> Any:
        if (self.to_field_name or "pk") == "pk" and isinstance(value, list | tuple):
            for pk in value:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": str(pk)[:20]},
                    )
        return super()._check_values(value)  # type: ignore[misc]


def strip_spaces(value: str) -> str:
    """Remove the spaces people type inside identifiers."""
    return "".join(value.split())


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field when it names one."""
    # A form may name the field that shows a service's error about something else (a contact's
    # `received_at` next to its date, `received_on`).
    aliases: dict[str, str] = getattr(form, "service_fields", {})
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            field = aliases.get(field, field)
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error)


def parse_record_number(value: str) -> int | None:
    """A record number as typed (C0000123, c123 or 123) as its id; None when blank."""
    digits = value.strip().upper().removeprefix("C").removeprefix("P")
    if not digits:
        return None
    if not digits.isdigit():
        raise ValidationError("Enter a record number like C0000123")
    return int(digits)


TIME_PATTERN = re.compile(r"^(\d{1,2})[:.](\d{2})\s*(am|pm)?$", re.IGNORECASE)


class TimeField(forms.CharField):
    """A time of day typed as 14:30 (or 2:30pm)."""

    def to_python(self, value: Any) -> time | None:  # type: ignore[override]
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        match = TIME_PATTERN.match(text)
        if match is None:
            raise forms.ValidationError("Enter a time like 14:30")
        hour, minute, half = int(match[1]), int(match[2]), (match[3] or "").lower()
        if half:
            if not 1 <= hour <= 12:
                raise forms.ValidationError("Enter a time like 2:30pm or 14:30")
            hour = hour % 12 + (12 if half == "pm" else 0)
        if hour > 23 or minute > 59:
            raise forms.ValidationError("Enter a real time, like 14:30")
        return time(hour, minute)
