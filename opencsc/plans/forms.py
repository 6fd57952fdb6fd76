"""The shape of what is typed about a child in need plan, its reviews and visits, with messages
next to each field."""

from typing import Any

from django import forms

from opencsc.core.forms import DUE, PAST_EVENT, DateField
from opencsc.core.submissions import SubmitOnceForm
from opencsc.plans.fields import (
    DATE_HINT,
    action_rows,
    add_action_rows,
    as_bool,
    clean_action_rows,
    clean_specific,
    yes_no,
)
from opencsc.plans.models import PlanAction, Visit
from opencsc.plans.services import CINPlanDetails

ACTION_ROWS = 5
NEW_ACTION_ROWS = 3


class CINPlanForm(SubmitOnceForm):
    """A child in need plan: outcomes, the child's views, a contingency and SMART actions."""

    started_on = DateField(
        range=PAST_EVENT,
        label="Date the plan starts",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date the plan starts"},
    )
    outcomes = forms.CharField(
        label="What the plan is for: outcomes for the child",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What will be different for the child when the plan has worked",
        error_messages={"required": "Enter the outcomes the plan is for"},
    )
    child_views = forms.CharField(
        label="The child's views",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="In the child's words where you can, or why they could not be given",
        error_messages={"required": "Enter the child's views, or why they could not be given"},
    )
    contingency = forms.CharField(
        label="Contingency plan",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happens if the plan does not work, or things get worse",
        error_messages={
            "required": "Enter the contingency plan: what happens if the plan does not work"
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        add_action_rows(self, prefix="", rows=ACTION_ROWS, first_hint="Specific, with a date")

    def action_rows(self) -> list[tuple[Any, Any, Any]]:
        return action_rows(self, prefix="", rows=ACTION_ROWS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["actions"] = clean_action_rows(self, data, prefix="", rows=ACTION_ROWS)
        clean_specific(self, data, "contingency", what="contingency")
        if not data["actions"] and not any(
            name.startswith(("action_", "who_", "due_on_")) for name in self.errors
        ):
            self.add_error("action_1", "Add at least one action: what, who and by when")
        return data

    def details(self) -> CINPlanDetails:
        data = self.cleaned_data
        return CINPlanDetails(
            started_on=data["started_on"],
            outcomes=data["outcomes"],
            child_views=data["child_views"],
            contingency=data["contingency"],
        )


class CINReviewForm(SubmitOnceForm):
    """A review of a child in need plan: progress, the child's views, each action's status, new
    actions and the next review date."""

    held_on = DateField(
        range=PAST_EVENT,
        label="Date of the review",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date of the review"},
    )
    progress = forms.CharField(
        label="Progress against the plan",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the progress made against the plan"},
    )
    child_views = forms.CharField(
        label="The child's views",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    next_review_on = DateField(
        range=DUE,
        label="Next review (optional)",
        required=False,
        help_text="Leave blank for the latest date the timescale allows, or set an earlier one",
    )

    def __init__(self, *args: Any, actions: list[PlanAction], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan_actions = actions
        for action in actions:
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                label=f"{action.action} ({action.who}, by {action.due_on:%-d %B %Y})",
                choices=PlanAction.Status.choices,
                widget=forms.RadioSelect,
                initial=action.status,
                error_messages={"required": "Select how this action is going"},
            )
        add_action_rows(self, prefix="new_", rows=NEW_ACTION_ROWS)

    def status_fields(self) -> list[Any]:
        return [self[f"status_{action.pk}"] for action in self.plan_actions]

    def action_rows(self) -> list[tuple[Any, Any, Any]]:
        return action_rows(self, prefix="new_", rows=NEW_ACTION_ROWS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["new_actions"] = clean_action_rows(self, data, prefix="new_", rows=NEW_ACTION_ROWS)
        data["action_statuses"] = {
            action.pk: data[f"status_{action.pk}"]
            for action in self.plan_actions
            if data.get(f"status_{action.pk}")
        }
        return data


class EndCINPlanForm(SubmitOnceForm):
    ended_on = DateField(
        range=PAST_EVENT,
        label="Date the plan ends",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date the plan ends"},
    )
    reason = forms.CharField(
        label="Why is the plan ending?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the plan is ending"},
    )


class VisitForm(SubmitOnceForm):
    """A statutory visit and its record."""

    visited_on = DateField(
        range=PAST_EVENT,
        label="Date of the visit",
        help_text=DATE_HINT,
        error_messages={"required": "Enter the date of the visit"},
    )
    kind = forms.ChoiceField(
        label="Where was the visit?",
        choices=Visit.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select where the visit took place"},
    )
    child_seen = yes_no("Was the child seen?", required="Select whether the child was seen")
    seen_alone = yes_no(
        "Was the child seen alone?", required="Select whether the child was seen alone"
    )
    not_seen_alone_reason = forms.CharField(
        label="Why was the child not seen alone?",
        help_text="Only if the child was not seen alone: what stopped it, and when you will see "
        "them alone",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    bedroom_seen = yes_no("Was the child's bedroom seen?", hint="Home visits only")
    purpose = forms.CharField(
        label="Purpose of the visit",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the purpose of the visit"},
    )
    record = forms.CharField(
        label="What happened: observations and the child's views",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what happened: what you saw and what the child said"},
    )
    outcome = forms.CharField(
        label="Outcome and next steps",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the outcome and next steps"},
    )

    def details(self) -> dict[str, Any]:
        """The visit as the record_visit service takes it."""
        data = self.cleaned_data
        return {
            "visited_on": data["visited_on"],
            "kind": data["kind"],
            "child_seen": bool(as_bool(data["child_seen"])),
            "seen_alone": bool(as_bool(data["seen_alone"])),
            "not_seen_alone_reason": data.get("not_seen_alone_reason", ""),
            "bedroom_seen": as_bool(data.get("bedroom_seen") or ""),
            "purpose": data["purpose"],
            "record": data["record"],
            "outcome": data["outcome"],
        }
