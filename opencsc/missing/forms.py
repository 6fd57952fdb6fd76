"""The shape of what the police and staff type for a missing episode: the report (with the child
as the police name them, on their partner pages), the return with the safe and well check, the
MASH's decision."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from opencsc.casework.forms import AgreedActionForm
from opencsc.core.forms import BIRTH, PAST_EVENT, DateField, TimeField
from opencsc.core.submissions import SubmitOnceForm
from opencsc.missing.codes import (
    AbsenceKind,
    ExploitationIndicator,
    FollowUp,
    HarmDisclosed,
    InterviewMethod,
    MissingFrom,
    OfferOutcome,
    PoliceRisk,
)
from opencsc.missing.services import EpisodeDetails, InterviewDetails, NamedChild, SafeAndWell


def _date(label: str, required_message: str, *, required: bool = True) -> DateField:
    return DateField(
        range=PAST_EVENT,
        label=label,
        required=required,
        help_text="For example, 27 3 2026",
        error_messages={"required": required_message},
    )


def _time(label: str, required_message: str, *, required: bool = True) -> TimeField:
    return TimeField(
        label=label,
        required=required,
        help_text="For example, 19:30",
        error_messages={"required": required_message},
    )


def _moment(form: forms.Form, day_field: str, time_field: str) -> datetime | None:
    """The aware date and time of a date field and a time field, or None while either is empty."""
    day = form.cleaned_data.get(day_field)
    moment = form.cleaned_data.get(time_field)
    if day is None or moment is None:
        return None
    return timezone.make_aware(datetime.combine(day, moment))


class EpisodeForm(SubmitOnceForm):
    """What the report says: when and by whom, missing or away, the risk, where from, since when."""

    service_fields = {"reported_at": "reported_on", "missing_since": "missing_since_on"}

    missing_since_on = _date("Date last seen", "Enter the date the child was last seen")
    missing_since_time = _time("Time last seen", "Enter the time the child was last seen")
    reported_on = _date("Date reported missing", "Enter the date the child was reported missing")
    reported_time = _time("Time reported missing", "Enter the time the child was reported missing")
    reported_by = forms.CharField(
        label="Who reported the child missing",
        max_length=200,
        help_text="For example: mother, foster carer, school",
        error_messages={"required": "Enter who reported the child missing"},
    )
    police_reference = forms.CharField(
        label="Police reference (optional)", max_length=50, required=False
    )
    absence = forms.ChoiceField(
        label="Missing or absent",
        choices=AbsenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the child is missing or absent"},
    )
    police_risk = forms.ChoiceField(
        label="Police risk grading",
        choices=PoliceRisk.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the police risk grading"},
    )
    missing_from = forms.ChoiceField(
        label="Missing from",
        choices=MissingFrom.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the child went missing from"},
    )
    missing_from_details = forms.CharField(
        label="Where exactly (optional)",
        max_length=300,
        required=False,
        help_text="The address, placement or school",
    )
    circumstances = forms.CharField(
        label="Circumstances (optional)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        now = timezone.now()
        for day, time_field, key in (
            ("missing_since_on", "missing_since_time", "missing_since"),
            ("reported_on", "reported_time", "reported_at"),
        ):
            moment = _moment(self, day, time_field)
            if moment is not None and moment > now:
                self.add_error(day, "The date and time must be in the past")
            self.cleaned_data[key] = moment
        return self.cleaned_data

    def details(self) -> EpisodeDetails:
        data = self.cleaned_data
        return EpisodeDetails(
            reported_at=data["reported_at"],
            reported_by=data["reported_by"],
            absence=data["absence"],
            police_risk=data["police_risk"],
            missing_from=data["missing_from"],
            missing_since=data["missing_since"],
            missing_from_details=data["missing_from_details"],
            police_reference=data["police_reference"],
            circumstances=data["circumstances"],
        )


class PoliceEpisodeForm(EpisodeForm):
    """The police's report: they name the child; the MASH finds the record."""

    service_fields = {
        **EpisodeForm.service_fields,
        "given_name": "child_name",
    }

    child_name = forms.CharField(
        label="Child's full name",
        max_length=200,
        error_messages={"required": "Enter the child's full name"},
    )
    child_date_of_birth = DateField(
        range=BIRTH,
        label="Child's date of birth",
        required=False,
        help_text="If known. For example, 27 3 2014",
    )
    child_address = forms.CharField(label="Child's address", max_length=300, required=False)

    field_order = ["child_name", "child_date_of_birth", "child_address"]

    def named_child(self) -> NamedChild:
        data = self.cleaned_data
        return NamedChild(
            name=data["child_name"],
            date_of_birth=data.get("child_date_of_birth"),
            address=data["child_address"],
        )


class ReturnForm(SubmitOnceForm):
    """The child found or returned, and the police's safe and well check if it was held."""

    service_fields = {"returned_at": "returned_on", "safe_and_well_at": "safe_and_well_on"}

    returned_on = _date("Date found or returned", "Enter the date the child was found or returned")
    returned_time = _time(
        "Time found or returned", "Enter the time the child was found or returned"
    )
    found_where = forms.CharField(
        label="Where the child was found or returned to",
        max_length=300,
        error_messages={"required": "Enter where the child was found or returned to"},
    )
    safe_and_well_on = _date("Date of the safe and well check (optional)", "", required=False)
    safe_and_well_time = _time("Time of the safe and well check (optional)", "", required=False)
    safe_and_well_by = forms.CharField(
        label="Officer who held the safe and well check (optional)",
        max_length=200,
        required=False,
    )
    safe_and_well_notes = forms.CharField(
        label="What the safe and well check found (optional)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        now = timezone.now()
        returned_at = _moment(self, "returned_on", "returned_time")
        if returned_at is not None and returned_at > now:
            self.add_error("returned_on", "The date and time must be in the past")
        data["returned_at"] = returned_at
        checked_at = _moment(self, "safe_and_well_on", "safe_and_well_time")
        typed = [data.get(name) for name in ("safe_and_well_on", "safe_and_well_time")]
        typed += [data.get("safe_and_well_by"), data.get("safe_and_well_notes")]
        if any(typed) and checked_at is None and not self.errors.get("safe_and_well_on"):
            self.add_error("safe_and_well_on", "Enter the date and time of the safe and well check")
        elif checked_at is not None and not data.get("safe_and_well_by", "").strip():
            self.add_error("safe_and_well_by", "Enter who held the safe and well check")
        data["safe_and_well_at"] = checked_at
        return data

    def safe_and_well(self) -> SafeAndWell | None:
        data = self.cleaned_data
        if data.get("safe_and_well_at") is None:
            return None
        return SafeAndWell(
            held_at=data["safe_and_well_at"],
            held_by=data["safe_and_well_by"],
            notes=data["safe_and_well_notes"],
        )


class FollowUpForm(SubmitOnceForm):
    """The MASH's decision for a child no team holds."""

    follow_up = forms.ChoiceField(
        label="Does a contact follow?",
        choices=FollowUp.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether a contact follows"},
    )
    follow_up_reason = forms.CharField(
        label="Reason",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for the decision"},
    )


class AttemptForm(SubmitOnceForm):
    """One offer of the interview, or one attempt to reach the child."""

    service_fields = {"attempted_at": "attempted_on"}

    attempted_on = _date("Date offered or attempted", "Enter the date offered or attempted")
    attempted_time = _time("Time offered or attempted", "Enter the time offered or attempted")
    method = forms.ChoiceField(
        label="How it was offered",
        choices=InterviewMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the interview was offered"},
    )
    outcome = forms.ChoiceField(
        label="The child's answer",
        choices=OfferOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the child's answer"},
    )
    notes = forms.CharField(
        label="Notes (optional)",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        moment = _moment(self, "attempted_on", "attempted_time")
        if moment is not None and moment > timezone.now():
            self.add_error("attempted_on", "The date and time must be in the past")
        self.cleaned_data["attempted_at"] = moment
        return self.cleaned_data


class InterviewForm(SubmitOnceForm):
    """The interview held, and what the child said."""

    service_fields = {"held_at": "held_on"}

    held_on = _date("Date held", "Enter the date the interview was held")
    held_time = _time("Time held", "Enter the time the interview was held")
    method = forms.ChoiceField(
        label="How it was held",
        choices=InterviewMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the interview was held"},
    )
    why_went = forms.CharField(
        label="Why the child went",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the child went, in their words"},
    )
    where_went = forms.CharField(
        label="Where the child went (optional)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    with_whom = forms.CharField(
        label="Who the child was with (optional)",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    push_factors = forms.CharField(
        label="Push factors (optional)",
        help_text="What made the child leave: at home, in placement, at school",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    pull_factors = forms.CharField(
        label="Pull factors (optional)",
        help_text="What drew the child away: people, places, money, gifts",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    harm_disclosed = forms.ChoiceField(
        label="Did the child disclose harm?",
        choices=[("", "No harm disclosed"), *HarmDisclosed.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="A disclosure starts a contact at the front door",
    )
    harm_details = forms.CharField(
        label="What the child said about the harm",
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    indicators = forms.MultipleChoiceField(
        label="Exploitation indicators (optional)",
        choices=ExploitationIndicator.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose indicators from the list"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        moment = _moment(self, "held_on", "held_time")
        if moment is not None and moment > timezone.now():
            self.add_error("held_on", "The date and time must be in the past")
        data["held_at"] = moment
        if data.get("harm_disclosed") and not data.get("harm_details", "").strip():
            self.add_error("harm_details", "Enter what the child said about the harm")
        return data

    def details(self) -> InterviewDetails:
        data = self.cleaned_data
        return InterviewDetails(
            held_at=data["held_at"],
            method=data["method"],
            why_went=data["why_went"],
            where_went=data["where_went"],
            with_whom=data["with_whom"],
            push_factors=data["push_factors"],
            pull_factors=data["pull_factors"],
            harm_disclosed=data.get("harm_disclosed") or "",
            harm_details=data.get("harm_details") or "",
            indicators=list(data.get("indicators") or []),
        )


class ActionForm(AgreedActionForm):
    """An action the interview agreed, its owner and due date."""


class ReportPeriodForm(forms.Form):
    """The period of the missing children report: from one day to another, both included."""

    date_from = DateField(
        range=PAST_EVENT,
        label="From",
        help_text="For example, 1 4 2026",
        error_messages={"required": "Enter the first day of the period"},
    )
    date_to = DateField(
        range=PAST_EVENT,
        label="To",
        help_text="For example, 31 3 2027",
        error_messages={"required": "Enter the last day of the period"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The last day must be the same as or after the first day")
        return cleaned
