"""The shape of what a worker and a manager type to close a child's episode."""

from django import forms

from opencsc.core.codes import cin_choices
from opencsc.core.forms import PAST_EVENT, DateField
from opencsc.core.reviews import ReviewForm
from opencsc.core.submissions import SubmitOnceForm


class ClosureForm(SubmitOnceForm):
    closed_on = DateField(
        range=PAST_EVENT,
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


class ClosureReviewForm(ReviewForm):
    """A manager's review of a proposed closure: authorise it, or return it saying what first."""

    authorise_label = "Authorise the closure"
    return_label = "Return it to the worker"
    choose_message = "Select whether you authorise the closure"
    comment_label = "Comments"
    comment_hint = "Required when you return the closure: what needs doing first"
    comment_needed = "Enter what needs doing before the episode can close"
