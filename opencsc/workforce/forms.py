"""The shape of what a team manager types about an alert, and the alert list's filter."""

from django import forms

from opencsc.core.submissions import SubmitOnceForm
from opencsc.workforce.alerts import ALERT_RULES


class AlertFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Show",
        choices=[("", "Every kind of alert")]
        + [(kind, alert.title) for kind, alert in ALERT_RULES.items()],
        required=False,
    )


class AcknowledgeForm(SubmitOnceForm):
    note = forms.CharField(
        label="Your note",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What you have seen, why it happened, and what you have directed",
        error_messages={"required": "Enter what you have seen and what you have directed"},
    )


class MarkAsReadForm(SubmitOnceForm):
    """A notice in the worker's tray marked as read: nothing to type, sent once."""
