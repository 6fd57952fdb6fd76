"""Filters for the access log."""

from typing import Any

from django import forms

from opencsc.core.forms import SEARCH, DateField, parse_record_number
from opencsc.permissions.actions import Action

ACTION_CHOICES = [("", "Any action"), *((action.value, action.label) for action in Action)]


class AccessLogFilterForm(forms.Form):
    """Who opened or changed a child's record: by child, person, action and dates."""

    child = forms.CharField(
        label="Child's record number",
        required=False,
        max_length=12,
        help_text="The LA child ID, like C0000123",
    )
    username = forms.CharField(label="Username of the person", required=False, max_length=150)
    action = forms.ChoiceField(
        label="What they did",
        choices=ACTION_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select an action from the list"},
    )
    date_from = DateField(range=SEARCH, label="From", required=False)
    date_to = DateField(range=SEARCH, label="To", required=False)
    views_only = forms.BooleanField(label="Only show records being opened", required=False)

    def clean_child(self) -> int | None:
        return parse_record_number(self.cleaned_data["child"])

    def clean_action(self) -> Action | None:
        value = self.cleaned_data["action"]
        return Action.of(value) if value else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned
