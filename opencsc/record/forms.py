"""The shape of what a worker and a manager type to close a child's episode."""

from typing import Any

from django import forms

from opencsc.core.codes import cin_choices
from opencsc.core.forms import DateField
from opencsc.core.submissions import SubmitOnceForm


class ClosureForm(SubmitOnceForm):
    closed_on = DateField(
        label="Date the episode closes",
        help_text="For example, 27 3 2026. Not before anything recorded on the episode",
        error_messages={"required": "Enter the date the episode closes"},
    )
    reason = forms.ChoiceField(
        label="Reason for closure",
        choices=cin_choices("reason_for_closure"),
        widget=forms.RadioSelect,
        help_text="As the DfE children in need census lists them",
        error_messages={"required": "Select the reason for closure"},
    )
    summary = forms.CharField(
        label="Closing summary",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Why the work is ending, what changed for the child, and who supports them now",
        error_messages={"required": "Enter the closing summary"},
    )
    open_items_note = forms.CharField(
        label="Deadlines still open",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="If any deadline is still open on the episode: why it needs no more work",
    )


class ClosureReviewForm(SubmitOnceForm):
    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("authorise", "Authorise the closure"), ("return", "Return it to the worker")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you authorise the closure"},
    )
    comment = forms.CharField(
        label="Comments",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Required when you return the closure: what needs doing first",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", "Enter what needs doing before the episode can close")
        return data
