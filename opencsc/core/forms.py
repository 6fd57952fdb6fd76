"""GOV.UK form building blocks shared by every app's forms."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


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

    def __init__(self, **kwargs: Any) -> None:
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
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{label} must be a real date, in numbers")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            return date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{label} must be a real date") from error

    def clean(self, value: Any) -> date | None:
        if self.required and (not value or not any(str(part).strip() for part in value if part)):
            raise ValidationError(self.error_messages["required"], code="required")
        return super().clean(value)


def strip_spaces(value: str) -> str:
    """Remove the spaces people type inside identifiers."""
    return "".join(value.split())


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
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
