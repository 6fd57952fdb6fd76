"""Form building blocks for plans: Yes / No radios and rows of SMART actions (what, who, by
when). Child in need plans use them, and so does a review conference stepping a child protection
plan down to one."""

from datetime import date
from typing import Any

from django import forms

from opencsc.core.forms import DUE, DateField
from opencsc.core.smart import vague_because
from opencsc.plans.services import PlannedAction

YES_NO = [("yes", "Yes"), ("no", "No")]
DATE_HINT = "For example, 27 3 2026"


def yes_no(label: str, *, required: str = "", hint: str = "") -> forms.ChoiceField:
    """A Yes / No question as GOV.UK radios (optional when `required` gives no message)."""
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=bool(required),
        help_text=hint,
        error_messages={"required": required},
    )


def as_bool(value: str) -> bool | None:
    """A Yes / No answer as True, False, or None when not answered."""
    return {"yes": True, "no": False}.get(value)


def add_action_rows(form: forms.Form, *, prefix: str, rows: int, first_hint: str = "") -> None:
    """Add `rows` rows of what / who / by when fields named `<prefix>action_N` etc."""
    for row in range(1, rows + 1):
        form.fields[f"{prefix}action_{row}"] = forms.CharField(
            label=f"Action {row}: what",
            max_length=300,
            required=False,
            help_text=first_hint if row == 1 else "",
        )
        form.fields[f"{prefix}who_{row}"] = forms.CharField(
            label=f"Action {row}: who", max_length=150, required=False
        )
        form.fields[f"{prefix}due_on_{row}"] = DateField(
            range=DUE, label=f"Action {row}: by when", required=False, help_text=DATE_HINT
        )


def action_rows(form: forms.Form, *, prefix: str, rows: int) -> list[tuple[Any, Any, Any]]:
    """The action rows' bound fields, for the template."""
    return [
        (form[f"{prefix}action_{row}"], form[f"{prefix}who_{row}"], form[f"{prefix}due_on_{row}"])
        for row in range(1, rows + 1)
    ]


def clean_action_rows(
    form: forms.Form, data: dict[str, Any], *, prefix: str, rows: int
) -> list[PlannedAction]:
    """The complete action rows; a part-filled row gets a message next to each missing part."""
    written: list[PlannedAction] = []
    for row in range(1, rows + 1):
        text = (data.get(f"{prefix}action_{row}") or "").strip()
        who = (data.get(f"{prefix}who_{row}") or "").strip()
        due_on: date | None = data.get(f"{prefix}due_on_{row}")
        if not text and not who and due_on is None and f"{prefix}due_on_{row}" not in form.errors:
            continue
        if not text:
            form.add_error(f"{prefix}action_{row}", f"Enter what action {row} is")
        elif problem := vague_because(text):
            form.add_error(f"{prefix}action_{row}", problem)
        if not who:
            form.add_error(f"{prefix}who_{row}", f"Enter who does action {row}")
        if due_on is None and f"{prefix}due_on_{row}" not in form.errors:
            form.add_error(f"{prefix}due_on_{row}", f"Enter the date action {row} is due by")
        if text and who and due_on is not None:
            written.append(PlannedAction(text, who, due_on))
    return written


def clean_specific(form: forms.Form, data: dict[str, Any], name: str, *, what: str) -> None:
    """Refuse next to field `name` a text too vague for a plan (opencsc.core.smart)."""
    if problem := vague_because(data.get(name) or "", what=what):
        form.add_error(name, problem)
