"""The forms of the protective decisions managers sign off: the manager's review, and the
worker's proposal to end a child protection plan other than at a review conference."""

from django import forms

from opencsc.core.forms import PAST_EVENT, DateField
from opencsc.core.reviews import ReviewForm
from opencsc.core.submissions import SubmitOnceForm
from opencsc.protection.models import ProtectionPlan, ProtectiveDecision

DATE_HINT = "For example, 27 3 2026"


class ProtectiveDecisionReviewForm(ReviewForm):
    """A manager's review of a protective decision: authorise it, or return it saying what next."""

    authorise_label = "Authorise the decision"
    return_label = "Return it to the worker"
    choose_message = "Select whether you authorise the decision"
    comment_label = "Comments"
    comment_hint = "Required when you return it: what the worker must do next"
    comment_needed = "Enter what the worker must do next"


END_REASONS = [
    (value, label)
    for value, label in ProtectionPlan.EndReason.choices
    if value in ProtectiveDecision.PLAN_END_REASONS
]


class PlanEndForm(SubmitOnceForm):
    """Ending a plan without a review conference: when, why, and the worker's reasons."""

    ended_on = DateField(
        range=PAST_EVENT,
        label="Date the plan ends",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date the plan ends"},
    )
    end_reason = forms.ChoiceField(
        label="Why the plan is ending",
        help_text="Only a review conference ends a plan because the child is no longer at risk.",
        choices=END_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan is ending"},
    )
    reason = forms.CharField(
        label="Reasons, for the manager who authorises it",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter why the plan is ending without a review conference"},
    )
