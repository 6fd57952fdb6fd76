"""The shape of what a manager and a worker type on a child's episode, with messages next to each
field: allocation with direction and transfers."""

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet

from opencsc.accounts.forms import team_of_staff_field
from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import DirectionAction, Referral, TeamTransfer
from opencsc.casework.services import (
    STANDARD_ACTIONS,
    DirectedAction,
    Resolution,
    is_standard_action,
)
from opencsc.casework.services.directions import DONE, REASSIGN, WITHDRAW
from opencsc.core.forms import DUE, PAST_EVENT, DateField
from opencsc.core.reviews import AUTHORISE, ReviewForm
from opencsc.core.submissions import SubmitOnceForm
from opencsc.people.display import shown_person

ACTION_ROWS = 4


def not_in_team(team: Team | None) -> str:
    """The message next to a person chosen outside the team's staff (or before a team)."""
    if team is None:
        return "Choose a team first, then a member of its staff"
    return f"Choose a member of {team}"


def _add_direction_fields(
    form: forms.Form, people: QuerySet[User], *, team: Team | None = None
) -> None:
    """The manager's direction, as at allocation: what the work is for, actions written for this
    child (what, who, by when) and the standard tasks. Who does each is one of `people` (the
    team's staff): anyone else is refused next to the field."""
    refused = {"invalid_choice": not_in_team(team)}
    form.fields["direction"] = forms.CharField(
        label="Management direction",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="What the work is for, the risks to this child, and what must happen first",
    )
    for row in range(1, ACTION_ROWS + 1):
        form.fields[f"action_{row}"] = forms.CharField(
            label=f"Action {row}: what",
            max_length=300,
            required=False,
            help_text="Specific to this child" if row == 1 else "",
        )
        form.fields[f"assignee_{row}"] = forms.ModelChoiceField(
            label=f"Action {row}: who",
            queryset=people,
            required=False,
            empty_label="Choose who",
            error_messages=refused,
        )
        form.fields[f"due_on_{row}"] = DateField(
            range=DUE,
            label=f"Action {row}: by when",
            required=False,
            help_text="For example, 27 3 2026",
        )
    form.fields["standard_actions"] = forms.MultipleChoiceField(
        label="Standard tasks",
        choices=[(text, text) for text in STANDARD_ACTIONS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Added alongside the actions written for this child, never instead of them",
    )
    form.fields["standard_assignee"] = forms.ModelChoiceField(
        label="Who does the standard tasks?",
        queryset=people,
        required=False,
        empty_label="Choose who",
        error_messages=refused,
    )
    form.fields["standard_due_on"] = DateField(
        range=DUE, label="Standard tasks due by", required=False, help_text="For example, 27 3 2026"
    )


def _clean_direction(form: forms.Form, data: dict[str, Any]) -> list[DirectedAction]:
    """The direction's actions from the rows, with a message next to each missing part."""
    if not (data.get("direction") or "").strip() and "direction" not in form.errors:
        form.add_error("direction", "Enter your direction for this child")
    written: list[DirectedAction] = []
    rows_complete = True
    for row in range(1, ACTION_ROWS + 1):
        text = (data.get(f"action_{row}") or "").strip()
        assignee = data.get(f"assignee_{row}")
        due_on: date | None = data.get(f"due_on_{row}")
        if not text and assignee is None and due_on is None:
            continue
        if not text:
            form.add_error(f"action_{row}", f"Enter what action {row} is")
        if assignee is None:
            form.add_error(f"assignee_{row}", f"Select who does action {row}")
        if due_on is None and f"due_on_{row}" not in form.errors:
            form.add_error(f"due_on_{row}", f"Enter the date action {row} is due by")
        if text and assignee is not None and due_on is not None:
            written.append(DirectedAction(text, assignee, due_on))
        else:
            rows_complete = False
    if rows_complete and not any(not is_standard_action(row.action) for row in written):
        form.add_error(
            "action_1",
            "Add at least one action written for this child, with who and by when: a generic "
            "checklist alone cannot be saved",
        )
    return written + _clean_standard_tasks(form, data)


def _clean_standard_tasks(form: forms.Form, data: dict[str, Any]) -> list[DirectedAction]:
    standard = data.get("standard_actions") or []
    if standard:
        if data.get("standard_assignee") is None:
            form.add_error("standard_assignee", "Select who does the standard tasks")
        if data.get("standard_due_on") is None and "standard_due_on" not in form.errors:
            form.add_error("standard_due_on", "Enter the date the standard tasks are due by")
    if form.errors:
        return []
    return [
        DirectedAction(text, data["standard_assignee"], data["standard_due_on"])
        for text in standard
    ]


def _action_rows(form: forms.Form) -> list[tuple[forms.BoundField, ...]]:
    return [
        (form[f"action_{row}"], form[f"assignee_{row}"], form[f"due_on_{row}"])
        for row in range(1, ACTION_ROWS + 1)
    ]


HANDOVER_CHOICES = [
    (REASSIGN, "Reassign it (or keep it with the same person)"),
    (DONE, "Record it as done"),
    (WITHDRAW, "Withdraw it"),
]


class HandoverFields:
    """One choice per open directed action of the case a manager takes (transfer or
    reallocation): reassign it to a worker of the receiving team, record it done with what was
    done, or withdraw it with a reason. The fields are `resolve_<id>`, `reassign_to_<id>` and
    `note_<id>`, the keys the service's messages use (`directions.handover_problems`)."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    handed_over: list[DirectionAction]
    handover_people: dict[int, User]

    def add_handover_fields(
        self, actions: list[DirectionAction], people: QuerySet[User], *, team: Team | None = None
    ) -> None:
        self.handed_over = actions
        self.handover_people = {}
        if not actions:
            return
        # Read the team once for every action's list: the page's queries stay the same however
        # many actions are open.
        self.handover_people = {user.pk: user for user in people}
        choices = [("", "Choose who")] + [
            (str(pk), str(user)) for pk, user in self.handover_people.items()
        ]
        for action in actions:
            self.fields[f"resolve_{action.pk}"] = forms.ChoiceField(
                label="What happens to this action?",
                choices=HANDOVER_CHOICES,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"reassign_to_{action.pk}"] = forms.TypedChoiceField(
                label="Reassign to (if reassigning)",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                error_messages={"invalid_choice": not_in_team(team)},
                initial=action.assignee_id if action.assignee_id in self.handover_people else None,
            )
            self.fields[f"note_{action.pk}"] = forms.CharField(
                label="What was done, or why it is withdrawn",
                help_text="Optional when reassigning: the reason is kept",
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
                required=False,
            )

    def handover_rows(
        self,
    ) -> list[tuple[DirectionAction, forms.BoundField, forms.BoundField, forms.BoundField]]:
        """Each open action with its three fields, for the template."""
        bound = self  # a Form: `self[name]` is the bound field
        return [
            (
                action,
                bound[f"resolve_{action.pk}"],  # type: ignore[index]
                bound[f"reassign_to_{action.pk}"],  # type: ignore[index]
                bound[f"note_{action.pk}"],  # type: ignore[index]
            )
            for action in self.handed_over
        ]

    def resolutions(self) -> dict[int, Resolution]:
        """The manager's choices, by action id, for the service to check and carry out."""
        chosen: dict[int, Resolution] = {}
        for action in self.handed_over:
            choice = self.cleaned_data.get(f"resolve_{action.pk}") or ""
            if choice:
                assignee_id = self.cleaned_data.get(f"reassign_to_{action.pk}")
                chosen[action.pk] = Resolution(
                    choice,
                    self.handover_people.get(assignee_id) if assignee_id else None,
                    self.cleaned_data.get(f"note_{action.pk}") or "",
                )
        return chosen


class AllocateForm(HandoverFields, SubmitOnceForm):
    """Allocation with direction: a team, a worker, the direction, and actions for this child.

    Each action row is what, who and by when; the standard tasks are added only alongside at least
    one action written for this child (a generic checklist alone cannot be saved). A case already
    held brings its open directed actions, each to be reassigned, recorded done or withdrawn."""

    service_fields: ClassVar[dict[str, str]] = {"actions": "action_1"}

    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        empty_label="Choose a team",
        help_text='Then choose "Show this team\'s staff" to list who can hold the case '
        "and do its actions",
        error_messages={
            "required": "Select the team that will hold the case",
            "invalid_choice": "Select a team you manage",
        },
    )
    worker = forms.ModelChoiceField(
        label="Allocated worker (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not yet: the team holds the case",
        help_text="A member of the team",
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

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Team],
        team: Team | None,
        people: QuerySet[User],
        held: list[DirectionAction] | None = None,
        **kwargs: Any,
    ):
        """`team`: the team chosen (posted, or shown first); `people`: its active staff (and the
        manager), the only ones the worker and each action's owner may be."""
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["team"].initial = team.pk if team else None
        self.fields["worker"].queryset = people  # type: ignore[attr-defined]
        self.fields["worker"].error_messages["invalid_choice"] = not_in_team(team)
        _add_direction_fields(self, people, team=team)
        self.add_handover_fields(held or [], people, team=team)

    def action_rows(self) -> list[tuple[forms.BoundField, ...]]:
        """The action rows' fields, for the template."""
        return _action_rows(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["actions"] = _clean_direction(self, data)
        data["resolutions"] = self.resolutions()
        return data


class DirectionActionDoneForm(SubmitOnceForm):
    """Record a directed action done: when, and what was done."""

    done_on = DateField(
        range=PAST_EVENT,
        label="Date done",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the action was done"},
    )
    done_note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": "Enter what was done"},
    )


class DirectionActionChangeForm(SubmitOnceForm):
    """A manager reassigns an open directed action to another worker, or withdraws it: why."""

    REASSIGN_CHOICE, WITHDRAW_CHOICE = REASSIGN, WITHDRAW

    change = forms.ChoiceField(
        label="What do you want to do?",
        choices=[(REASSIGN, "Reassign it to another worker"), (WITHDRAW, "Withdraw it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to reassign or withdraw the action"},
    )
    assignee = forms.ModelChoiceField(
        label="Reassign to (if reassigning)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose who",
    )
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why"},
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("change") == REASSIGN and data.get("assignee") is None:
            self.add_error("assignee", "Select who does the action now")
        return data


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


class TransferReviewForm(HandoverFields, ReviewForm):
    """The receiving team's manager's answer: accept the case with direction, as at allocation (a
    worker, the direction, actions for this child; and a choice for each open directed action of
    the sending team), or decline it saying why. Brothers and sisters whose transfers to the same
    team are waiting may be accepted together (`together`)."""

    authorise_label = "Accept the transfer with direction"
    return_label = "Decline the transfer"
    choose_message = "Select whether you accept the transfer"
    comment_label = "Why are you declining? (if declining)"
    comment_hint = ""
    comment_needed = "Enter why you are declining the transfer"
    comment_on_authorise = False
    service_fields: ClassVar[dict[str, str]] = {"actions": "action_1"}

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        held: list[DirectionAction],
        team: Team | None = None,
        siblings: list[TeamTransfer] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].label = "Will your team take the case?"
        self.fields["worker"] = forms.ModelChoiceField(
            label="Allocated worker (optional)",
            queryset=people,
            required=False,
            empty_label="Not yet: the team holds the case",
            error_messages={"invalid_choice": not_in_team(team)},
        )
        _add_direction_fields(self, people, team=team)
        self.add_handover_fields(held, people, team=team)
        # Chosen among the transfers offered (ids checked against them, never looked up as typed).
        self.siblings = {row.pk: row for row in siblings or []}
        self.fields["together"] = forms.TypedMultipleChoiceField(
            label="Accept their brothers' and sisters' transfers together",
            choices=[(str(pk), str(pk)) for pk in self.siblings],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text="Waiting for your team on the same episode of work: the same worker and "
            "direction for each",
        )

    def action_rows(self) -> list[tuple[forms.BoundField, ...]]:
        """The action rows' fields, for the template."""
        return _action_rows(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == AUTHORISE:
            data["actions"] = _clean_direction(self, data)
        return data

    def authorise_details(self) -> dict[str, Any]:
        """What `accept_transfer` takes besides the transfer and `by`."""
        data = self.cleaned_data
        return {
            "worker": data.get("worker"),
            "direction": data.get("direction") or "",
            "actions": data.get("actions") or [],
            "resolutions": self.resolutions(),
            "together": [self.siblings[pk] for pk in data.get("together") or []],
        }


class AllocateWithSiblingsForm(AllocateForm):
    """Allocation with direction that may also allocate the child's brothers and sisters
    (`siblings`: their open episodes the manager may see, from
    `selectors.sibling_episodes_to_allocate`) to the same team and worker, with the same
    direction and actions: each child's own allocation (issue 13: siblings together)."""

    def __init__(
        self, *args: Any, siblings: list[Referral] | None = None, viewer: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Chosen among the episodes offered (ids checked against them, never looked up as typed).
        self.sibling_episodes = {row.pk: row for row in siblings or []}
        if self.sibling_episodes:
            self.fields["siblings"] = forms.TypedMultipleChoiceField(
                label="Allocate their brothers and sisters too",
                choices=[
                    (str(pk), f"{shown_person(viewer, row.child, link=False).name} too")
                    for pk, row in self.sibling_episodes.items()
                ],
                coerce=int,
                widget=forms.CheckboxSelectMultiple,
                required=False,
                help_text="The same team, worker, direction and actions for each; each child "
                "keeps their own allocation and actions",
            )
        # The allocation holding each sibling's case when the form was shown (as `replacing` for
        # the child), so a sibling allocated by someone else meanwhile is not silently moved.
        for pk, row in self.sibling_episodes.items():
            self.fields[f"sibling_seen_{pk}"] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                min_value=1,
                max_value=2**63 - 1,
                initial=row.holding_id,  # type: ignore[attr-defined]
                error_messages=dict.fromkeys(
                    ("invalid", "min_value", "max_value"),
                    "This form is out of date: open the allocation page again",
                ),
            )

    def sibling_seen_fields(self) -> list[forms.BoundField]:
        return [self[f"sibling_seen_{pk}"] for pk in self.sibling_episodes]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["together"] = [
            (self.sibling_episodes[pk], data.get(f"sibling_seen_{pk}"))
            for pk in data.get("siblings") or []
        ]
        return data


class AgreedActionForm(SubmitOnceForm):
    """An action a meeting or an interview agreed: what, its owner (a member of staff) and when it
    is due. `excluded_roles`: who may not own one (a partner agency's user never does)."""

    excluded_roles: ClassVar[tuple[str, ...]] = (Role.PARTNER_AGENCY,)

    action = forms.CharField(
        label="Action", max_length=300, error_messages={"required": "Enter the action"}
    )
    team = team_of_staff_field("Team of whoever owns it")
    owner = forms.ModelChoiceField(
        label="Who owns it",
        queryset=User.objects.none(),
        error_messages={
            "required": "Choose who owns the action",
            "invalid_choice": "Choose a member of staff",
        },
    )
    due_on = DateField(
        range=DUE,
        label="Due by",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the action is due"},
    )

    def __init__(
        self,
        *args: Any,
        teams: QuerySet[Team],
        team: Team | None,
        people: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        """`team`: the team chosen (posted, or the user's own); `people`: its active staff (and
        the user), the only ones who may own the action: the list is one team's, never every
        member of staff."""
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["team"].initial = team.pk if team else None
        field = self.fields["owner"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = people.exclude(role__in=self.excluded_roles)
            field.error_messages["invalid_choice"] = not_in_team(team)
