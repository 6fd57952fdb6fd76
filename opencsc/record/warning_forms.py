"""The shape of what a worker types to set, review and end a warning on a person."""

from django import forms

from opencsc.core.forms import DUE, DateField
from opencsc.core.submissions import SubmitOnceForm
from opencsc.people.models import PersonWarning

DATE_HINT = "For example, 27 3 2026. A date in the future"


class WarningForm(SubmitOnceForm):
    kind = forms.ChoiceField(
        label="What kind of warning",
        choices=PersonWarning.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of warning it is"},
    )
    details = forms.CharField(
        label="Details",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What staff must know before they visit or call, and what to do about it",
        error_messages={"required": "Enter the details of the warning"},
    )
    review_on = DateField(
        range=DUE,
        label="Review the warning by",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date to review the warning by"},
    )


class WarningReviewForm(SubmitOnceForm):
    next_review_on = DateField(
        range=DUE,
        label="Next review by",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date of the next review"},
    )
    note = forms.CharField(
        label="Why the warning stays",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the warning stays"},
    )


class WarningEndForm(SubmitOnceForm):
    end_reason = forms.CharField(
        label="Why the warning ends",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the warning ends"},
    )
