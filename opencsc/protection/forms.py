"""The shape of what is typed about child protection work, with messages next to each field."""

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.core.codes import cin_choices
from opencsc.core.forms import PAST_EVENT, DateField, TimeField
from opencsc.core.reviews import ReviewForm
from opencsc.core.submissions import SubmitOnceForm
from opencsc.plans.fields import (
    DATE_HINT,
    action_rows,
    add_action_rows,
    as_bool,
    clean_action_rows,
    yes_no,
)
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.protection.services import Attendee, StepDown, StrategyDetails

ATTENDEE_ROWS = 6
STEP_DOWN_ACTION_ROWS = 3


class StrategyForm(SubmitOnceForm):
    """A strategy discussion or meeting: when, who took part, what was shared and decided."""

    kind = forms.ChoiceField(
        label="Was it a discussion or a meeting?",
        choices=StrategyDiscussion.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it was a discussion or a meeting"},
    )
    held_on = DateField(
        range=PAST_EVENT,
        label="Date held",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date the discussion was held"},
    )
    held_time = TimeField(
        label="Time held",
        help_text="For example, 14:30",
        error_messages={"required": "Enter the time the discussion was held"},
    )
    information_shared = forms.CharField(
        label="Information shared",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What each agency knows about the child and family",
        error_messages={"required": "Enter the information each agency shared"},
    )
    harm_alleged = yes_no(
        "Is physical or sexual harm alleged?",
        required="Select whether physical or sexual harm is alleged",
        hint="If so, the decision about a child protection medical and its reason are required",
    )
    harm_alleged_change_reason = forms.CharField(
        label="Why is physical or sexual harm not alleged?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required if you change the answer the child's disclosure on the contact set",
        required=False,
    )
    medical_considered = yes_no("Was a child protection medical considered?")
    medical_decision = forms.ChoiceField(
        label="Decision about a child protection medical",
        choices=StrategyDiscussion.Medical.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    medical_reason = forms.CharField(
        label="Reason for the decision about a medical",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    start_section_47 = yes_no(
        "Start a section 47 enquiry?",
        required="Select whether a section 47 enquiry starts",
    )
    decision_reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The reasons for the decision on a section 47 enquiry",
        error_messages={"required": "Enter why a section 47 enquiry is or is not starting"},
    )

    def __init__(self, *args: Any, disclosure: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A disclosure on the contact that led to the referral travels with the child: harm is
        # alleged unless the worker says why not, and the medical decision is required.
        self.disclosure = disclosure
        if disclosure:
            self.fields["harm_alleged"].initial = "yes"
            for name in ("medical_considered", "medical_decision", "medical_reason"):
                self.fields[name].label = f"{self.fields[name].label} (required)"
        agencies = [("", "Choose an agency"), *StrategyAttendee.Agency.choices]
        for row in range(1, ATTENDEE_ROWS + 1):
            self.fields[f"agency_{row}"] = forms.ChoiceField(
                label=f"Person {row}: agency", choices=agencies, required=False
            )
            self.fields[f"name_{row}"] = forms.CharField(
                label=f"Person {row}: name", max_length=150, required=False
            )
            self.fields[f"role_{row}"] = forms.CharField(
                label=f"Person {row}: role", max_length=150, required=False
            )

    def attendee_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"agency_{row}"], self[f"name_{row}"], self[f"role_{row}"])
            for row in range(1, ATTENDEE_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        attendees: list[Attendee] = []
        for row in range(1, ATTENDEE_ROWS + 1):
            agency = data.get(f"agency_{row}") or ""
            name = (data.get(f"name_{row}") or "").strip()
            role = (data.get(f"role_{row}") or "").strip()
            if not (agency or name or role):
                continue
            if not agency:
                self.add_error(f"agency_{row}", f"Select the agency of person {row}")
            if not name:
                self.add_error(f"name_{row}", f"Enter the name of person {row}")
            if not role:
                self.add_error(f"role_{row}", f"Enter the role of person {row}")
            if agency and name and role:
                attendees.append(Attendee(agency, name, role))
        data["attendees"] = attendees
        day, moment = data.get("held_on"), data.get("held_time")
        if day is not None and moment is not None:
            data["held_at"] = timezone.make_aware(datetime.combine(day, moment))
        return data

    def details(self) -> StrategyDetails:
        data = self.cleaned_data
        return StrategyDetails(
            held_at=data["held_at"],
            kind=data["kind"],
            information_shared=data["information_shared"],
            harm_alleged=bool(as_bool(data["harm_alleged"])),
            start_section_47=bool(as_bool(data["start_section_47"])),
            decision_reason=data["decision_reason"],
            medical_considered=as_bool(data.get("medical_considered") or ""),
            medical_decision=data.get("medical_decision") or "",
            medical_reason=data.get("medical_reason") or "",
            harm_alleged_change_reason=data.get("harm_alleged_change_reason") or "",
        )


class EnquirySeenForm(SubmitOnceForm):
    """Who saw the child for the section 47 enquiry, and when."""

    seen_by = forms.ModelChoiceField(
        label="Seen by",
        queryset=User.objects.none(),
        empty_label="Choose who",
        error_messages={"required": "Select who saw the child"},
    )
    seen_on = DateField(
        range=PAST_EVENT,
        label="Date seen",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date the child was seen"},
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_by"].queryset = people  # type: ignore[attr-defined]


class EnquiryCompleteForm(SubmitOnceForm):
    completed_on = DateField(
        range=PAST_EVENT,
        label="Date the enquiry completed",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date the enquiry completed"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Section47Enquiry.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome of the enquiry"},
    )
    reason = forms.CharField(
        label="Reasons for the outcome",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the reasons for the outcome"},
    )


def _categories(blank: str) -> list[tuple[str, str]]:
    return [("", blank), *cin_choices("category_of_abuse")]


class InitialConferenceForm(SubmitOnceForm):
    held_on = DateField(
        range=PAST_EVENT,
        label="Date of the conference",
        help_text="A weekday. " + DATE_HINT,
        error_messages={"required": "Enter the date of the conference"},
    )
    chair = forms.CharField(
        label="Chair",
        max_length=150,
        error_messages={"required": "Enter the name of the conference chair"},
    )
    outcome = forms.ChoiceField(
        label="Does the child need a child protection plan?",
        choices=[
            (
                Conference.Outcome.PLAN,
                "Yes: a child protection plan starts on the day of the conference",
            ),
            (Conference.Outcome.NO_PLAN, "No child protection plan"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the child needs a child protection plan"},
    )
    category = forms.ChoiceField(
        label="Category of abuse (if there is a plan)",
        choices=_categories("Choose a category"),
        required=False,
    )
    summary = forms.CharField(
        label="Summary of the conference",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="The risks, the views of the child and family, and what was decided",
        error_messages={
            "required": "Enter a summary of the conference: the risks, and what was decided"
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Conference.Outcome.PLAN and not data.get("category"):
            self.add_error("category", "Select the category of abuse the plan is under")
        return data


class CoreGroupForm(SubmitOnceForm):
    held_on = DateField(
        range=PAST_EVENT,
        label="Date of the meeting",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date of the meeting"},
    )
    attendees = forms.CharField(
        label="Who attended",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter who attended the core group"},
    )
    progress = forms.CharField(
        label="Progress against the plan",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter the progress made against the plan"},
    )


class ReviewConferenceForm(SubmitOnceForm):
    """A review conference: the plan continues or ends; a step-down gives its child in need plan."""

    held_on = DateField(
        range=PAST_EVENT,
        label="Date of the conference",
        help_text="A weekday after the plan started. " + DATE_HINT,
        error_messages={"required": "Enter the date of the conference"},
    )
    chair = forms.CharField(
        label="Chair",
        max_length=150,
        error_messages={"required": "Enter the name of the conference chair"},
    )
    outcome = forms.ChoiceField(
        label="Does the plan continue?",
        choices=[
            (Conference.Outcome.CONTINUE, "The plan continues"),
            (Conference.Outcome.END, "The plan ends on the day of the conference"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the plan continues or ends"},
    )
    category = forms.ChoiceField(
        label="Category of abuse (if it changes)",
        choices=_categories("No change"),
        required=False,
    )
    end_reason = forms.ChoiceField(
        label="Why is the plan ending? (if it ends)",
        choices=ProtectionPlan.EndReason.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    summary = forms.CharField(
        label="Summary of the conference",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Enter a summary of the conference: the risks, and what was decided"
        },
    )
    step_down_outcomes = forms.CharField(
        label="Child in need plan: outcomes for the child",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    step_down_child_views = forms.CharField(
        label="Child in need plan: the child's views",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    step_down_contingency = forms.CharField(
        label="Child in need plan: contingency plan",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What happens if the plan does not work, or things get worse",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_action_rows(self, prefix="step_down_", rows=STEP_DOWN_ACTION_ROWS)

    def action_rows(self) -> list[tuple[Any, Any, Any]]:
        return action_rows(self, prefix="step_down_", rows=STEP_DOWN_ACTION_ROWS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ends = data.get("outcome") == Conference.Outcome.END
        if ends and not data.get("end_reason"):
            self.add_error("end_reason", "Select why the plan is ending")
        actions = clean_action_rows(self, data, prefix="step_down_", rows=STEP_DOWN_ACTION_ROWS)
        data["step_down"] = None
        if ends and data.get("end_reason") == ProtectionPlan.EndReason.STEPPED_DOWN:
            for name, message in (
                ("step_down_outcomes", "Enter the outcomes the child in need plan is for"),
                (
                    "step_down_child_views",
                    "Enter the child's views, or why they could not be given",
                ),
                (
                    "step_down_contingency",
                    "Enter the contingency plan: what happens if the plan does not work",
                ),
            ):
                if not (data.get(name) or "").strip():
                    self.add_error(name, message)
            if not actions and "step_down_action_1" not in self.errors:
                self.add_error(
                    "step_down_action_1", "Add at least one action: what, who and by when"
                )
            data["step_down"] = StepDown(
                outcomes=data.get("step_down_outcomes") or "",
                child_views=data.get("step_down_child_views") or "",
                contingency=data.get("step_down_contingency") or "",
                actions=actions,
            )
        return data


class MedicalForm(SubmitOnceForm):
    """The child protection medical as held: when, who examined the child and what it found."""

    examined_on = DateField(
        range=PAST_EVENT,
        label="Date of the medical",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date of the medical"},
    )
    examined_by_name = forms.CharField(
        label="Who examined the child",
        max_length=150,
        help_text="Their name",
        error_messages={"required": "Enter the name of who examined the child"},
    )
    examined_by_role = forms.CharField(
        label="Their role",
        max_length=150,
        help_text="For example, paediatrician or forensic physician",
        error_messages={"required": "Enter their role, for example paediatrician"},
    )
    outcome = forms.CharField(
        label="Outcome of the medical",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the examination found and what the doctor advised",
        error_messages={"required": "Enter the outcome of the medical"},
    )


class MedicalNotHeldForm(SubmitOnceForm):
    """Why a medical decided as needed is not held: a manager authorises it."""

    reason = forms.CharField(
        label="Why is the child protection medical not held?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="A manager of the team holding the case must authorise this reason",
        error_messages={"required": "Enter why the child protection medical is not held"},
    )


class MedicalNotHeldReviewForm(ReviewForm):
    authorise_label = "Authorise: the medical is not held"
    return_label = "Return: the medical is still needed"
    choose_message = "Choose whether to authorise the reason or return it"
    comment_hint = "Required if you return it: say what is needed"
    comment_needed = "Enter what is needed"
