"""What the fostering team types: the notification, a household member, a visit, a check's
result, the suitability decision and its review, the end."""

from django import forms

from opencsc.core.forms import DUE, PAST_EVENT, DateField
from opencsc.core.reviews import ReviewForm
from opencsc.core.submissions import SubmitOnceForm
from opencsc.privatefostering.codes import CheckResult, EndReason, Notifier, Outcome
from opencsc.privatefostering.services import Notification, VisitDetails


def _past(label: str, required_message: str) -> DateField:
    return DateField(
        range=PAST_EVENT,
        label=label,
        help_text="For example, 27 3 2026",
        error_messages={"required": required_message},
    )


class NotificationForm(SubmitOnceForm):
    notified_on = _past("Date the council was notified", "Enter the date the council was notified")
    notifier = forms.ChoiceField(
        label="Who notified the council",
        choices=Notifier.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who notified the council"},
    )
    notifier_name = forms.CharField(
        label="Name of who notified (optional)",
        max_length=200,
        required=False,
        help_text="For example: the school's designated safeguarding lead",
    )
    starts_on = DateField(
        range=DUE,
        label="Date the arrangement began or will begin",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the arrangement began or will begin"},
    )
    expected_length = forms.CharField(
        label="How long it is expected to last (optional)", max_length=200, required=False
    )
    carer_name = forms.CharField(
        label="The carer's name",
        max_length=200,
        error_messages={"required": "Enter the carer's name"},
    )
    carers_address = forms.CharField(
        label="The carers' address",
        max_length=300,
        error_messages={"required": "Enter the carers' address"},
    )
    parents = forms.CharField(
        label="The parents, and where they live",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the parents and where they live"},
    )

    def notification(self) -> Notification:
        data = self.cleaned_data
        return Notification(
            notified_on=data["notified_on"],
            notifier=data["notifier"],
            notifier_name=data["notifier_name"],
            starts_on=data["starts_on"],
            expected_length=data["expected_length"],
            carer_name=data["carer_name"],
            carers_address=data["carers_address"],
            parents=data["parents"],
        )


class MemberForm(SubmitOnceForm):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the person's name"}
    )
    relationship = forms.CharField(
        label="Relationship to the child or carer (optional)", max_length=100, required=False
    )
    role = forms.ChoiceField(
        label="Who they are",
        choices=[
            ("carer", "A carer"),
            ("adult", "Another adult in the household (18 or over)"),
            ("child", "A child in the household"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who they are"},
    )


SEEN = [
    ("child", "The child was seen"),
    ("alone", "The child was spoken to alone"),
    ("home", "The home was seen"),
    ("carer", "The carer was seen"),
    ("household", "The household was seen"),
]


class VisitForm(SubmitOnceForm):
    visited_on = _past("Date of the visit", "Enter the date of the visit")
    seen = forms.MultipleChoiceField(
        label="Who and what was seen",
        choices=SEEN,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    record = forms.CharField(
        label="What the visit found",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what the visit found"},
    )

    def details(self) -> VisitDetails:
        seen = set(self.cleaned_data["seen"])
        return VisitDetails(
            visited_on=self.cleaned_data["visited_on"],
            child_seen="child" in seen,
            seen_alone="alone" in seen,
            home_seen="home" in seen,
            carer_seen="carer" in seen,
            household_seen="household" in seen,
            record=self.cleaned_data["record"],
        )


class CheckForm(SubmitOnceForm):
    completed_on = _past("Date the result came back", "Enter the date the result came back")
    result = forms.ChoiceField(
        label="Result",
        choices=CheckResult.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the check's result"},
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        help_text="Required if there are concerns",
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecisionForm(SubmitOnceForm):
    outcome = forms.ChoiceField(
        label="Your proposed decision",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the decision"},
    )
    requirements = forms.CharField(
        label="Requirements",
        required=False,
        help_text="Required if the arrangement is suitable with requirements",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reasons = forms.CharField(
        label="Reasons",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons"},
    )


class SuitabilityReviewForm(ReviewForm):
    authorise_label = "Authorise the decision"
    return_label = "Return it to the worker"
    choose_message = "Choose whether to authorise the decision or return it"


class EndForm(SubmitOnceForm):
    ended_on = _past("Date the arrangement ended", "Enter the date the arrangement ended")
    end_reason = forms.ChoiceField(
        label="Why it ended",
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the arrangement ended"},
    )
    end_details = forms.CharField(
        label="Details",
        required=False,
        help_text="Required if the reason is other",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
