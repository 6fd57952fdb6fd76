"""The shape of what staff type for a case note: the note itself, its finalising (with the staff
asked to read it), a correction, and "mark as read"."""

from datetime import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.core.forms import PAST_EVENT, DateField, ModelMultipleChoiceField, TimeField
from opencsc.core.submissions import SubmitOnceForm
from opencsc.notes.models import NoteKind
from opencsc.notes.services import NoteDetails
from opencsc.people import display
from opencsc.people.models import Person

FINALISE = "finalise"
DRAFT = "draft"


class _StaffChoice(ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.get_role_display()})"


class _ChildChoice(ModelMultipleChoiceField):
    viewer: Any = None

    def label_from_instance(self, obj: Any) -> str:
        return display.name_of(self.viewer, obj)


def readers_field(staff: QuerySet[User]) -> forms.Field:
    return _StaffChoice(
        label="Ask staff to read it (optional)",
        queryset=staff,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each person you choose gets the note on their list of notes to read",
    )


class NoteContentForm(SubmitOnceForm):
    """What a note says: kind, when it happened, who was present, the text."""

    service_fields = {"happened_at": "happened_on"}

    kind = forms.ModelChoiceField(
        label="Kind of note",
        queryset=NoteKind.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Select the kind of note"},
    )
    happened_on = DateField(
        range=PAST_EVENT,
        label="Date it happened",
        help_text="For example, 27 3 2026. The day of the call, visit or discussion",
        error_messages={"required": "Enter the date it happened"},
    )
    happened_time = TimeField(
        label="Time it happened",
        help_text="For example, 14:30",
        error_messages={"required": "Enter the time it happened"},
    )
    present = forms.CharField(
        label="Who was present (optional)",
        max_length=500,
        required=False,
        help_text="Who took part: names and roles, or how they were involved",
    )
    text = forms.CharField(
        label="What happened",
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What was said and seen, your analysis, and what happens next",
        error_messages={"required": "Enter what happened"},
    )

    def __init__(self, *args: Any, kinds: QuerySet[NoteKind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ModelChoiceField)  # noqa: S101 (narrows for mypy)
        kind_field.queryset = kinds

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, moment = data.get("happened_on"), data.get("happened_time")
        if day is not None and moment is not None:
            happened_at = timezone.make_aware(datetime.combine(day, moment))
            if happened_at > timezone.now():
                self.add_error("happened_on", "The date and time it happened must be in the past")
            data["happened_at"] = happened_at
        return data

    def details(self) -> NoteDetails:
        data = self.cleaned_data
        return NoteDetails(
            kind=data["kind"],
            happened_at=data["happened_at"],
            present=data.get("present", ""),
            text=data["text"],
        )


def _children_field(children: QuerySet[Person], viewer: User) -> forms.Field:
    field = _ChildChoice(
        label="Who is the note about?",
        queryset=children,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every child the note is about: it appears on each child's record",
        error_messages={"required": "Choose the child or children the note is about"},
    )
    field.viewer = viewer
    return field


class DraftNoteForm(NoteContentForm):
    """A draft note changed by its author: its content and the children it is about (a sibling
    added or taken off before the note is finalised)."""

    field_order = ["children", "kind", "happened_on", "happened_time", "present", "text"]

    def __init__(
        self,
        *args: Any,
        kinds: QuerySet[NoteKind],
        children: QuerySet[Person],
        viewer: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, kinds=kinds, **kwargs)
        self.fields = {"children": _children_field(children, viewer), **self.fields}


class NoteForm(NoteContentForm):
    """A new note: its content, the children it is about, and whether to finalise it now."""

    field_order = ["children", "kind", "happened_on", "happened_time", "present", "text"]

    def __init__(
        self,
        *args: Any,
        kinds: QuerySet[NoteKind],
        children: QuerySet[Person],
        staff: QuerySet[User],
        viewer: User,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, kinds=kinds, **kwargs)
        self.fields = {"children": _children_field(children, viewer), **self.fields}
        self.fields["readers"] = readers_field(staff)

    @property
    def finalise(self) -> bool:
        return self.data.get("save") == FINALISE


class FinaliseForm(SubmitOnceForm):
    """Finalise a draft, asking staff to read it."""

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["readers"] = readers_field(staff)


class CorrectionForm(NoteContentForm):
    """A correction: the note as it should read, and why."""

    reason = forms.CharField(
        label="Why are you correcting the note?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The earlier version is kept: anyone who may read the note can still open it",
        error_messages={"required": "Enter why the note is corrected"},
    )


class MarkReadForm(SubmitOnceForm):
    """Mark a note you were asked to read as read."""
