"""Filters for the access log."""

from typing import Any

from django import forms

from opencsc.core.forms import DateField, parse_record_number


class AccessLogFilterForm(forms.Form):
    """Who opened a child's record: by child, person and dates."""

    child = forms.CharField(
        label="Child's record number",
        required=False,
        max_length=12,
        help_text="The LA child ID, like C0000123",
    )
    username = forms.CharField(label="Username of the person", required=False, max_length=150)
    date_from = DateField(label="From", required=False)
    date_to = DateField(label="To", required=False)
    views_only = forms.BooleanField(label="Only show records being opened", required=False)

    def clean_child(self) -> int | None:
        return parse_record_number(self.cleaned_data["child"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned
