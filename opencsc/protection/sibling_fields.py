"""The part of a child protection form that records brothers and sisters too: a checkbox for
each sibling offered (only those the user may see and work: `protection.siblings`), and each
sibling's own fields where children differ (the outcome, the category of abuse, why a plan ends,
whether a section 47 enquiry starts). Added to a form by `add_sibling_fields`; `chosen_siblings`
gives what the `services.siblings` functions take."""

from collections.abc import Sequence
from typing import Any, ClassVar

from django import forms
from django.db.models import Model

from opencsc.people.display import shown_person
from opencsc.protection.forms import (
    EnquiryCompleteForm,
    InitialConferenceForm,
    ReviewConferenceForm,
    StrategyForm,
    _categories,
)
from opencsc.protection.models import Conference, Participation, ProtectionPlan, Section47Enquiry
from opencsc.protection.services.siblings import SIBLINGS, SiblingOutcome, sibling_field

# What a sibling's own field asks (after the child's name), and the message when a chosen sibling
# has no answer ("" when it may be left blank).
OWN_LABELS = {
    "outcome": ("outcome", "Select {name}'s outcome"),
    "category": ("category of abuse (if there is a plan or it changes)", ""),
    "end_reason": ("why the plan ends (if it ends)", ""),
    "start_section_47": ("start a section 47 enquiry?", "Select whether {name}'s enquiry starts"),
    "child_participation": ("how they took part in the conference", ""),
}
YES_NO_CHOICES = [("", "Choose"), ("yes", "Yes"), ("no", "No")]
# Each sibling's own part in a conference; blank: as the child named first took part.
PARTICIPATION_CHOICES = [("", "As the first child"), *Participation.choices]


def _choose(choices: Sequence[tuple[str, str]], blank: str = "Choose") -> list[tuple[str, str]]:
    return [("", blank), *choices]


class SiblingsMixin(forms.Form):
    """A form that also offers the child's brothers and sisters (`siblings`: their records at the
    same step, as `protection.siblings` reads them for `viewer`). `cleaned_data["together"]` maps
    each chosen sibling's record to their own outcome."""

    sibling_hint: ClassVar[str] = (
        "Each child keeps their own record, outcome and timescales. Only brothers and sisters "
        "at the same step of their own episode, whose cases you work, are offered"
    )

    def sibling_choices(self) -> dict[str, list[tuple[str, str]]]:
        """Each sibling's own fields: name and choices."""
        return {}

    def __init__(
        self, *args: Any, siblings: Sequence[Model] = (), viewer: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        own = self.sibling_choices()
        add_sibling_fields(self, siblings=siblings, viewer=viewer, own=own, hint=self.sibling_hint)

    def sibling_rows(self) -> list[list[forms.BoundField]]:
        return sibling_rows(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["together"] = chosen_siblings(self, data)
        return data


class StrategyWithSiblingsForm(SiblingsMixin, StrategyForm):
    def sibling_choices(self) -> dict[str, list[tuple[str, str]]]:
        return {"start_section_47": YES_NO_CHOICES}


class EnquiryCompleteWithSiblingsForm(SiblingsMixin, EnquiryCompleteForm):
    def sibling_choices(self) -> dict[str, list[tuple[str, str]]]:
        return {"outcome": _choose(Section47Enquiry.Outcome.choices)}


class InitialConferenceWithSiblingsForm(SiblingsMixin, InitialConferenceForm):
    def sibling_choices(self) -> dict[str, list[tuple[str, str]]]:
        return {
            "outcome": _choose(
                [
                    (Conference.Outcome.PLAN, "A child protection plan"),
                    (Conference.Outcome.NO_PLAN, "No child protection plan"),
                ]
            ),
            "category": _categories("Choose a category"),
            "child_participation": PARTICIPATION_CHOICES,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for record, own in data["together"].items():
            if own.outcome == Conference.Outcome.PLAN and not own.category:
                self.add_error(
                    sibling_field("category", record.pk),
                    f"Select the category of abuse {self.sibling_names[record.pk]}'s plan is under",  # type: ignore[attr-defined]
                )
        return data


class ReviewConferenceWithSiblingsForm(SiblingsMixin, ReviewConferenceForm):
    def sibling_choices(self) -> dict[str, list[tuple[str, str]]]:
        return {
            "outcome": _choose(
                [
                    (Conference.Outcome.CONTINUE, "The plan continues"),
                    (Conference.Outcome.END, "The plan ends on the day of the conference"),
                ]
            ),
            "category": _categories("No change"),
            "end_reason": _choose(
                [
                    (value, label)
                    for value, label in ProtectionPlan.EndReason.choices
                    if value != ProtectionPlan.EndReason.STEPPED_DOWN
                ]
            ),
            "child_participation": PARTICIPATION_CHOICES,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for record, own in data["together"].items():
            if own.outcome == Conference.Outcome.END and not own.end_reason:
                self.add_error(
                    sibling_field("end_reason", record.pk),
                    f"Select why {self.sibling_names[record.pk]}'s plan is ending",  # type: ignore[attr-defined]
                )
        return data


def add_sibling_fields(
    form: forms.Form,
    *,
    siblings: Sequence[Model],
    viewer: Any,
    own: dict[str, list[tuple[str, str]]],
    hint: str,
) -> None:
    """Offer `siblings` (records about each brother or sister) on `form`, with the fields in `own`
    (name: choices) for each. A sibling's fields are asked only when the sibling is chosen."""
    form.sibling_records = {row.pk: row for row in siblings}  # type: ignore[attr-defined]
    form.sibling_own = list(own)  # type: ignore[attr-defined]
    names = {
        row.pk: shown_person(viewer, row.child, link=False).name  # type: ignore[attr-defined]
        for row in siblings
    }
    form.sibling_names = names  # type: ignore[attr-defined]
    if not siblings:
        return
    form.fields[SIBLINGS] = forms.TypedMultipleChoiceField(
        label="Record this for their brothers and sisters too",
        # Chosen among the records offered: ids checked against them, never looked up as typed.
        choices=[(str(pk), f"{name} too") for pk, name in names.items()],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=hint,
    )
    for pk, name in names.items():
        for field, choices in own.items():
            label, _ = OWN_LABELS[field]
            form.fields[sibling_field(field, pk)] = forms.ChoiceField(
                label=f"{name}: {label}", choices=choices, required=False
            )


def sibling_rows(form: forms.Form) -> list[list[forms.BoundField]]:
    """Each offered sibling's own fields, for the template."""
    own = getattr(form, "sibling_own", [])
    return [
        [form[sibling_field(field, pk)] for field in own]
        for pk in getattr(form, "sibling_records", {})
    ]


def chosen_siblings(form: forms.Form, data: dict[str, Any]) -> dict[Model, SiblingOutcome]:
    """The chosen siblings' records, each with its own fields; a missing required one is an
    error next to it."""
    records = getattr(form, "sibling_records", {})
    chosen: dict[Model, SiblingOutcome] = {}
    for pk in data.get(SIBLINGS) or []:
        record = records[pk]
        values = {field: data.get(sibling_field(field, pk)) or "" for field in form.sibling_own}  # type: ignore[attr-defined]
        for field, value in values.items():
            message = OWN_LABELS[field][1]
            if message and not value:
                form.add_error(
                    sibling_field(field, pk),
                    message.format(name=form.sibling_names[pk]),  # type: ignore[attr-defined]
                )
        chosen[record] = SiblingOutcome(
            outcome=values.get("outcome", ""),
            category=values.get("category", ""),
            end_reason=values.get("end_reason", ""),
            start_section_47={"yes": True, "no": False}.get(values.get("start_section_47", "")),
            child_participation=values.get("child_participation", ""),
        )
    return chosen
