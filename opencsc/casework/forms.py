"""The shape of what a manager and a worker type on a child's episode, with messages next to each
field: allocation with direction and transfers."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet

from opencsc.accounts.models import Team, User
from opencsc.casework.services import STANDARD_ACTIONS, DirectedAction, is_standard_action
from opencsc.core.forms import DUE, PAST_EVENT, DateField
from opencsc.core.reviews import ReviewForm
from opencsc.core.submissions import SubmitOnceForm

ACTION_ROWS = 4


class AllocateForm(SubmitOnceForm):
    """Allocation with direction: a team, a worker, the direction, and actions for this child.

    Each action row is what, who and by when; the standard tasks are added only alongside at least
    one action written for this child (a generic checklist alone cannot be saved)."""

    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        error_messages={"required": "Select the team that will hold the case"},
    )
    worker = forms.ModelChoiceField(
        label="Allocated worker (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not yet: the team holds the case",
        help_text="A member of the team",
    )
    direction = forms.CharField(
        label="Management direction",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the work is for, the risks to this child, and what must happen first",
        error_messages={"required": "Enter your direction for this child"},
    )
    standard_actions = forms.MultipleChoiceField(
        label="Standard tasks",
        choices=[(text, text) for text in STANDARD_ACTIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Added alongside the actions written for this child, never instead of them",
    )
    standard_assignee = forms.ModelChoiceField(
        label="Who does the standard tasks?",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose who",
    )
    standard_due_on = DateField(
        range=DUE, label="Standard tasks due by", required=False, help_text="For example, 27 3 2026"
    )
    # The allocation holding the case when the form was shown (empty: unallocated), so a case
    # allocated by someone else meanwhile is not silently reallocated. The template writes it.
    replacing = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        error_messages=dict.fromkeys(
            ("invalid", "min_value", "max_value"),
            "This form is out of date: open the allocation page again",
        ),
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], people: QuerySet[User], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        for name in ("worker", "standard_assignee"):
            self.fields[name].queryset = people  # type: ignore[attr-defined]
        for row in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=f"Action {row}: what",
                max_length=300,
                required=False,
                help_text="Specific to this child" if row == 1 else "",
            )
            self.fields[f"assignee_{row}"] = forms.ModelChoiceField(
                label=f"Action {row}: who",
                queryset=people,
                required=False,
                empty_label="Choose who",
            )
            self.fields[f"due_on_{row}"] = DateField(
                range=DUE,
                label=f"Action {row}: by when",
                required=False,
                help_text="For example, 27 3 2026",
            )

    def action_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        """The action rows' fields, for the template."""
        return [
            (self[f"action_{row}"], self[f"assignee_{row}"], self[f"due_on_{row}"])
            for row in range(1, ACTION_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        written: list[DirectedAction] = []
        rows_complete = True
        for row in range(1, ACTION_ROWS + 1):
            text = (data.get(f"action_{row}") or "").strip()
            assignee = data.get(f"assignee_{row}")
            due_on: date | None = data.get(f"due_on_{row}")
            if not text and assignee is None and due_on is None:
                continue
            if not text:
                self.add_error(f"action_{row}", f"Enter what action {row} is")
            if assignee is None:
                self.add_error(f"assignee_{row}", f"Select who does action {row}")
            if due_on is None and f"due_on_{row}" not in self.errors:
                self.add_error(f"due_on_{row}", f"Enter the date action {row} is due by")
            if text and assignee is not None and due_on is not None:
                written.append(DirectedAction(text, assignee, due_on))
            else:
                rows_complete = False
        if rows_complete and not any(not is_standard_action(row.action) for row in written):
            self.add_error(
                "action_1",
                "Add at least one action written for this child, with who and by when: a generic "
                "checklist alone cannot be saved",
            )
        standard = data.get("standard_actions") or []
        if standard:
            if data.get("standard_assignee") is None:
                self.add_error("standard_assignee", "Select who does the standard tasks")
            if data.get("standard_due_on") is None and "standard_due_on" not in self.errors:
                self.add_error("standard_due_on", "Enter the date the standard tasks are due by")
        if not self.errors:
            written.extend(
                DirectedAction(text, data["standard_assignee"], data["standard_due_on"])
                for text in standard
            )
        data["actions"] = written
        return data


class DirectionActionDoneForm(forms.Form):
    """Mark a directed action done."""

    done_on = DateField(
        range=PAST_EVENT,
        label="Date done",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the action was done"},
    )


class TransferRequestForm(SubmitOnceForm):
    to_team = forms.ModelChoiceField(
        label="Transfer to",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        error_messages={"required": "Select the team to transfer the case to"},
    )
    reason = forms.CharField(
        label="Why should the case transfer?",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the assessment found and what the child needs from the new team",
        error_messages={"required": "Enter why the case should transfer"},
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_team"].queryset = teams  # type: ignore[attr-defined]


class TransferReviewForm(ReviewForm):
    """The receiving team's manager's answer: accept the case, or decline it saying why."""

    authorise_label = "Accept the transfer"
    return_label = "Decline the transfer"
    choose_message = "Select whether you accept the transfer"
    comment_label = "Why are you declining? (if declining)"
    comment_hint = ""
    comment_needed = "Enter why you are declining the transfer"
    comment_on_authorise = False

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = "Will your team take the case?"
        # The worker comes between the choice and the comment, as the partial renders extras.
        self.fields["worker"] = forms.ModelChoiceField(
            label="Allocated worker (optional, if accepting)",
            queryset=people,
            required=False,
            empty_label="Not yet: the team holds the case",
        )
