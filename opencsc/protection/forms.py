"""The shape of what is typed about child protection work, with messages next to each field."""

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from opencsc.accounts.models import Agency, User
from opencsc.core.codes import cin_choices
from opencsc.core.forms import DUE, PAST_EVENT, DateField, TimeField
from opencsc.core.reviews import ReviewForm
from opencsc.core.smart import vague_because
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
from opencsc.protection.models import (
    Conference,
    CoreGroupMember,
    Participation,
    ProtectionPlan,
    ProtectionPlanAction,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.protection.services import (
    Attendee,
    ConferenceAttendance,
    ConferenceRecord,
    CoreGroupRecord,
    MemberRow,
    PlanActionRow,
    PlanContent,
    Progress,
    ReportRow,
    StepDown,
    StrategyDetails,
)

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


# What a plan says, and what its meetings record about it (services/plan_content.py)

EXTRA_ROWS = 3
CONFERENCE_ATTENDEE_ROWS = 8
REPORT_ROWS = 6
AGENCIES = [("", "Choose an agency"), *StrategyAttendee.Agency.choices]
SMART_HINT = (
    "Specific: what will be done, by whom, how often, and what will be different for the child. "
    "Not \u201cmonitor\u201d, \u201ccontinue to support\u201d or \u201cas needed\u201d"
)


def _text(data: dict[str, Any], name: str) -> str:
    return (data.get(name) or "").strip()


PARTICIPATION_HINT = "Views given another way: a report, a letter, a video, or through an advocate"


class ConferenceRecordMixin(forms.Form):
    """Who came to a conference for each agency, how the parents and child took part, the
    reports received, and any dissent from the decision."""

    parents_participation = forms.ChoiceField(
        label="How did the parents take part?",
        choices=Participation.choices,
        widget=forms.RadioSelect,
        help_text=PARTICIPATION_HINT,
        error_messages={"required": "Select how the parents took part"},
    )
    child_participation = forms.ChoiceField(
        label="How did the child take part?",
        choices=Participation.choices,
        widget=forms.RadioSelect,
        help_text=PARTICIPATION_HINT,
        error_messages={"required": "Select how the child took part"},
    )
    dissented_by = forms.CharField(
        label="Who dissented from the decision (if anyone)",
        max_length=300,
        required=False,
        help_text="Name and agency of each person who disagreed",
    )
    dissent_reason = forms.CharField(
        label="Why they dissented",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def add_record_fields(self) -> None:
        for row in range(1, CONFERENCE_ATTENDEE_ROWS + 1):
            self.fields[f"attendee_agency_{row}"] = forms.ChoiceField(
                label=f"Person {row}: agency", choices=AGENCIES, required=False
            )
            self.fields[f"attendee_name_{row}"] = forms.CharField(
                label=f"Person {row}: name", max_length=150, required=False
            )
            self.fields[f"attendee_role_{row}"] = forms.CharField(
                label=f"Person {row}: role", max_length=150, required=False
            )
            self.fields[f"attendee_attended_{row}"] = yes_no(f"Did person {row} attend?")
        for row in range(1, REPORT_ROWS + 1):
            self.fields[f"report_agency_{row}"] = forms.ChoiceField(
                label=f"Report {row}: agency", choices=AGENCIES, required=False
            )
            self.fields[f"report_received_{row}"] = yes_no(f"Was report {row} received?")
            self.fields[f"report_shared_{row}"] = yes_no(
                f"Was report {row} shared with the parents before the meeting?"
            )

    def attendee_rows(self) -> list[tuple[Any, ...]]:
        return [
            tuple(self[f"attendee_{part}_{row}"] for part in ("agency", "name", "role", "attended"))
            for row in range(1, CONFERENCE_ATTENDEE_ROWS + 1)
        ]

    def report_rows(self) -> list[tuple[Any, ...]]:
        return [
            tuple(self[f"report_{part}_{row}"] for part in ("agency", "received", "shared"))
            for row in range(1, REPORT_ROWS + 1)
        ]

    def clean_record(self, data: dict[str, Any]) -> None:
        """Put the conference's record in `data["record"]`, with messages next to the fields."""
        attendees = self._clean_attendees(data)
        reports = self._clean_reports(data)
        self._clean_dissent(data, attendees, reports)

    def _clean_attendees(self, data: dict[str, Any]) -> list[ConferenceAttendance]:
        attendees: list[ConferenceAttendance] = []
        for row in range(1, CONFERENCE_ATTENDEE_ROWS + 1):
            values = {
                part: _text(data, f"attendee_{part}_{row}")
                for part in ("agency", "name", "role", "attended")
            }
            if not any(values.values()):
                continue
            for part, message in (
                ("agency", f"Select the agency of person {row}"),
                ("name", f"Enter the name of person {row}"),
                ("role", f"Enter the role of person {row}"),
                ("attended", f"Select whether person {row} attended"),
            ):
                if not values[part]:
                    self.add_error(f"attendee_{part}_{row}", message)
            if all(values.values()):
                attendees.append(
                    ConferenceAttendance(
                        values["agency"],
                        values["name"],
                        values["role"],
                        bool(as_bool(values["attended"])),
                    )
                )
        if not attendees and "attendee_agency_1" not in self.errors:
            self.add_error("attendee_agency_1", "Enter who was invited for each agency")
        return attendees

    def _clean_reports(self, data: dict[str, Any]) -> list[ReportRow]:
        reports: list[ReportRow] = []
        for row in range(1, REPORT_ROWS + 1):
            agency = _text(data, f"report_agency_{row}")
            received, shared = (
                as_bool(_text(data, f"report_received_{row}")),
                as_bool(_text(data, f"report_shared_{row}")),
            )
            if not agency and received is None and shared is None:
                continue
            if not agency:
                self.add_error(f"report_agency_{row}", f"Select the agency of report {row}")
            if received is None:
                self.add_error(
                    f"report_received_{row}", f"Select whether report {row} was received"
                )
            elif received and shared is None:
                self.add_error(
                    f"report_shared_{row}",
                    f"Select whether report {row} was shared with the parents before the meeting",
                )
            elif not received and shared:
                self.add_error(
                    f"report_shared_{row}",
                    f"Report {row} cannot have been shared with the parents: it was not received",
                )
            if agency and received is not None:
                reports.append(ReportRow(agency, received, bool(shared)))
        return reports

    def _clean_dissent(
        self,
        data: dict[str, Any],
        attendees: list[ConferenceAttendance],
        reports: list[ReportRow],
    ) -> None:
        dissented_by, reason = _text(data, "dissented_by"), _text(data, "dissent_reason")
        if dissented_by and not reason:
            self.add_error("dissent_reason", "Enter why they dissented from the decision")
        if reason and not dissented_by:
            self.add_error("dissented_by", "Enter who dissented from the decision")
        data["record"] = ConferenceRecord(
            parents_participation=data.get("parents_participation") or "",
            child_participation=data.get("child_participation") or "",
            attendees=attendees,
            reports=reports,
            dissented_by=dissented_by,
            dissent_reason=reason,
        )


def _categories(blank: str) -> list[tuple[str, str]]:
    return [("", blank), *cin_choices("category_of_abuse")]


class InitialConferenceForm(ConferenceRecordMixin, SubmitOnceForm):
    """An initial conference: the decision, with who took part and the reports (the record's
    fields come from ConferenceRecordMixin, defined below)."""

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_record_fields()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_record(data)
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


class ReviewConferenceForm(ConferenceRecordMixin, SubmitOnceForm):
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
        self.add_record_fields()

    def action_rows(self) -> list[tuple[Any, Any, Any]]:
        return action_rows(self, prefix="step_down_", rows=STEP_DOWN_ACTION_ROWS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.clean_record(data)
        ends = data.get("outcome") == Conference.Outcome.END
        if ends and not data.get("end_reason"):
            self.add_error("end_reason", "Select why the plan is ending")
        actions = clean_action_rows(self, data, prefix="step_down_", rows=STEP_DOWN_ACTION_ROWS)
        data["step_down"] = None
        if ends and data.get("end_reason") == ProtectionPlan.EndReason.STEPPED_DOWN:
            clean_specific(self, data, "step_down_contingency", what="contingency")
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


def _add_plan_action_rows(
    form: forms.Form, *, prefix: str, rows: int, agencies: list[Agency], first: int = 1
) -> None:
    """Rows of what / partner agency / who / by when. The agencies are read once, whatever the
    number of rows."""
    by_pk = {str(agency.pk): agency for agency in agencies}
    choices = [("", "Not a partner agency"), *((pk, agency.name) for pk, agency in by_pk.items())]
    for row in range(first, first + rows):
        form.fields[f"{prefix}action_{row}"] = forms.CharField(
            label=f"Action {row}: what",
            max_length=300,
            required=False,
            help_text=SMART_HINT if row == first else "",
        )
        form.fields[f"{prefix}agency_{row}"] = forms.TypedChoiceField(
            label=f"Action {row}: partner agency (if an agency does it)",
            choices=choices,
            coerce=by_pk.get,
            empty_value=None,
            required=False,
        )
        form.fields[f"{prefix}who_{row}"] = forms.CharField(
            label=f"Action {row}: who (a named person or role)",
            max_length=150,
            required=False,
        )
        form.fields[f"{prefix}due_on_{row}"] = DateField(
            range=DUE, label=f"Action {row}: by when", required=False, help_text=DATE_HINT
        )


def _plan_action_rows(form: forms.Form, *, prefix: str, rows: range) -> list[tuple[Any, ...]]:
    return [
        (
            form[f"{prefix}action_{row}"],
            form[f"{prefix}agency_{row}"],
            form[f"{prefix}who_{row}"],
            form[f"{prefix}due_on_{row}"],
        )
        for row in rows
    ]


def _clean_plan_action_rows(
    form: forms.Form,
    data: dict[str, Any],
    *,
    prefix: str,
    rows: range,
    existing: list[ProtectionPlanAction] | None = None,
) -> list[PlanActionRow]:
    """The filled action rows; a part-filled row gets a message next to each missing part, and
    a vague action one next to its text (opencsc.core.smart)."""
    existing = existing or []
    written: list[PlanActionRow] = []
    for row in rows:
        text, who = _text(data, f"{prefix}action_{row}"), _text(data, f"{prefix}who_{row}")
        agency, due_on = data.get(f"{prefix}agency_{row}"), data.get(f"{prefix}due_on_{row}")
        date_error = f"{prefix}due_on_{row}" in form.errors
        before = existing[row - 1] if row <= len(existing) else None
        if not (text or who or agency or due_on or date_error):
            if before is not None:
                form.add_error(
                    f"{prefix}action_{row}",
                    f"Action {row} stays on the plan: record it as done or not done at a core "
                    "group meeting",
                )
            continue
        if not text:
            form.add_error(f"{prefix}action_{row}", f"Enter what action {row} is")
        elif problem := vague_because(text):
            form.add_error(f"{prefix}action_{row}", problem)
        if not who and agency is None:
            form.add_error(
                f"{prefix}who_{row}",
                f"Enter who does action {row}: choose a partner agency, or name a person or role",
            )
        if due_on is None and not date_error:
            form.add_error(f"{prefix}due_on_{row}", f"Enter the date action {row} is due by")
        if text and (who or agency) and due_on is not None:
            pk = before.pk if before is not None else None
            written.append(PlanActionRow(text, who, due_on, agency=agency, pk=pk))
    return written


class ProtectionPlanForm(SubmitOnceForm):
    """What a child protection plan says: written after the initial conference and revised as
    the plan goes on (every version is kept)."""

    outcomes = forms.CharField(
        label="Outcomes for the child",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What will be different for the child when the plan has worked",
        error_messages={"required": "Enter the outcomes for the child"},
    )
    what_must_change = forms.CharField(
        label="What must change",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The risks the conference found, and what the adults must do differently",
        error_messages={"required": "Enter what must change for the child to be safe"},
    )
    contingency = forms.CharField(
        label="Contingency plan",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happens, and who acts, if the plan does not work or things get worse",
        error_messages={
            "required": "Enter the contingency plan: what happens if the plan does not work"
        },
    )
    child_views = forms.CharField(
        label="The child's views",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In the child's words where you can, or why they could not be given",
        error_messages={"required": "Enter the child's views, or why they could not be given"},
    )
    parents_views = forms.CharField(
        label="The parents' views",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Including where they disagree with the plan",
        error_messages={"required": "Enter the parents' views, or why they could not be given"},
    )
    lead_social_worker = forms.ModelChoiceField(
        label="Lead social worker",
        queryset=User.objects.none(),
        empty_label="Choose who",
        error_messages={"required": "Select the lead social worker"},
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[User],
        agencies: list[Agency],
        actions: list[ProtectionPlanAction],
        members: list[CoreGroupMember],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_social_worker"].queryset = people  # type: ignore[attr-defined]
        self.plan_actions, self.members = actions, members
        self.action_count = len(actions) + EXTRA_ROWS
        self.member_count = len(members) + EXTRA_ROWS
        _add_plan_action_rows(self, prefix="", rows=self.action_count, agencies=agencies)
        for number, action in enumerate(actions, start=1):
            self.initial.update(
                {
                    f"action_{number}": action.action,
                    f"agency_{number}": str(action.agency_id or ""),
                    f"who_{number}": action.who,
                    f"due_on_{number}": action.due_on,
                }
            )
        for row in range(1, self.member_count + 1):
            self.fields[f"member_name_{row}"] = forms.CharField(
                label=f"Member {row}: name", max_length=150, required=False
            )
            self.fields[f"member_agency_{row}"] = forms.ChoiceField(
                label=f"Member {row}: agency", choices=AGENCIES, required=False
            )
            self.fields[f"member_role_{row}"] = forms.CharField(
                label=f"Member {row}: role", max_length=150, required=False
            )
        for number, member in enumerate(members, start=1):
            self.initial.update(
                {
                    f"member_name_{number}": member.name,
                    f"member_agency_{number}": member.agency,
                    f"member_role_{number}": member.role,
                }
            )

    def action_rows(self) -> list[tuple[Any, ...]]:
        return _plan_action_rows(self, prefix="", rows=range(1, self.action_count + 1))

    def member_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"member_name_{row}"], self[f"member_agency_{row}"], self[f"member_role_{row}"])
            for row in range(1, self.member_count + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        clean_specific(self, data, "contingency", what="contingency")
        data["actions"] = _clean_plan_action_rows(
            self, data, prefix="", rows=range(1, self.action_count + 1), existing=self.plan_actions
        )
        if not data["actions"] and "action_1" not in self.errors:
            self.add_error("action_1", "Add at least one action: what, who and by when")
        members: list[MemberRow] = []
        for row in range(1, self.member_count + 1):
            name, role = _text(data, f"member_name_{row}"), _text(data, f"member_role_{row}")
            agency = data.get(f"member_agency_{row}") or ""
            if not (name or role or agency):
                continue  # an existing member's row cleared: they leave the core group
            for part, value, message in (
                ("name", name, f"Enter the name of member {row}"),
                ("agency", agency, f"Select the agency of member {row}"),
                ("role", role, f"Enter the role of member {row}"),
            ):
                if not value:
                    self.add_error(f"member_{part}_{row}", message)
            if name and role and agency:
                pk = self.members[row - 1].pk if row <= len(self.members) else None
                members.append(MemberRow(name, agency, role, pk=pk))
        data["members"] = members
        return data

    def content(self) -> PlanContent:
        data = self.cleaned_data
        return PlanContent(
            outcomes=data["outcomes"],
            what_must_change=data["what_must_change"],
            contingency=data["contingency"],
            child_views=data["child_views"],
            parents_views=data["parents_views"],
            lead_social_worker=data["lead_social_worker"],
        )


class CoreGroupProgressForm(CoreGroupForm):
    """A core group meeting of a plan with members and actions: who was there, how each action
    stands (with a note), and new actions."""

    def __init__(
        self,
        *args: Any,
        members: list[CoreGroupMember],
        actions: list[ProtectionPlanAction],
        agencies: list[Agency],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.members, self.plan_actions = members, actions
        self.fields["attendees"].required = not members
        self.fields["attendees"].label = (
            "Anyone else who attended (optional)" if members else "Who attended"
        )
        for member in members:
            self.fields[f"present_{member.pk}"] = forms.ChoiceField(
                label=f"{member.name}, {member.role} ({member.get_agency_display()})",
                choices=[("yes", "Present"), ("no", "Absent")],
                widget=forms.RadioSelect,
                error_messages={"required": "Select whether this member was there"},
            )
        for action in actions:
            self.fields[f"status_{action.pk}"] = forms.ChoiceField(
                label=f"{action.action} ({action.doer}, by {action.due_on:%-d %B %Y})",
                choices=ProtectionPlanAction.Status.choices,
                widget=forms.RadioSelect,
                initial=action.status,
                error_messages={"required": "Select how this action is going"},
            )
            self.fields[f"note_{action.pk}"] = forms.CharField(
                label="Progress note (optional)",
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        _add_plan_action_rows(self, prefix="new_", rows=EXTRA_ROWS, agencies=agencies)

    def attendance_fields(self) -> list[Any]:
        return [self[f"present_{member.pk}"] for member in self.members]

    def progress_fields(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"status_{action.pk}"], self[f"note_{action.pk}"]) for action in self.plan_actions
        ]

    def action_rows(self) -> list[tuple[Any, ...]]:
        return _plan_action_rows(self, prefix="new_", rows=range(1, EXTRA_ROWS + 1))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["record"] = CoreGroupRecord(
            present={
                member.pk: data[f"present_{member.pk}"] == "yes"
                for member in self.members
                if data.get(f"present_{member.pk}")
            },
            progress={
                action.pk: Progress(data[f"status_{action.pk}"], _text(data, f"note_{action.pk}"))
                for action in self.plan_actions
                if data.get(f"status_{action.pk}")
            },
            new_actions=_clean_plan_action_rows(
                self, data, prefix="new_", rows=range(1, EXTRA_ROWS + 1)
            ),
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
