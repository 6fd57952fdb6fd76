"""Template tags that render Django form fields as GOV.UK components: one set for every form."""

from collections.abc import Iterable
from typing import Any, cast

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils.safestring import SafeString

from opencsc.core import govuk_fields

register = template.Library()


def _component(field: BoundField) -> str:
    widget = field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect: ask about it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.MultiWidget):
        return "date"
    return "input"


def _show_kept_value(field: BoundField, context: template.Context) -> None:
    """Show what the user typed before signing in again (`request.kept_form`, set by
    accounts.kept_forms) in an empty form, as its starting value: shown, never sent."""
    kept = getattr(context.get("request"), "kept_form", None)
    if kept is None or field.form.is_bound:
        return
    widget = field.field.widget
    if not widget.value_omitted_from_data(kept, {}, field.html_name):
        # The bound field's starting value, as its cached `initial` would hold it.
        field.__dict__["initial"] = widget.value_from_datadict(kept, {}, field.html_name)


@register.simple_tag(takes_context=True)
def govuk_field(context: template.Context, field: BoundField, **options: Any) -> SafeString:
    """Render one field with its label, hint and error message (opencsc.core.govuk_fields)."""
    _show_kept_value(field, context)
    component = _component(field)
    # Name the hint and the error message, in that order, as GOV.UK does; only those shown.
    described_by = [
        f"{field.auto_id}-{part}"
        for part, shown in (("hint", field.help_text), ("error", field.errors))
        if shown
    ]
    parts = govuk_fields.FieldParts(
        field=field,
        id=field.auto_id,
        errors=field.errors,
        hint=field.help_text,
        described_by=" ".join(described_by),
        label_class=options.get("label_class", ""),
        input_class=options.get("input_class", ""),
        is_page_heading=options.get("is_page_heading", False),
        inline=options.get("inline", False),
    )
    if component in _CHOICES:
        html = _CHOICES[component](context, parts, _options(field))
    else:
        html = _RENDER[component](context, parts)
    return SafeString(html)


_CHOICES = {
    "radios": govuk_fields.radios_field,
    "checkboxes": govuk_fields.checkboxes_field,
}


_RENDER = {
    "input": govuk_fields.input_field,
    "textarea": govuk_fields.textarea_field,
    "select": govuk_fields.select_field,
    "checkbox": govuk_fields.checkbox_field,
    "date": govuk_fields.date_field,
}


def _options(field: BoundField) -> list[govuk_fields.Option]:
    """A choice field's radios or checkboxes: the first option takes the field's id, so the error
    summary and labels can link to it."""
    if not isinstance(field.field, forms.ChoiceField):
        return []
    # Django normalises a ChoiceField's choices into (value, label) pairs.
    all_choices = cast("Iterable[tuple[Any, Any]]", field.field.choices)
    choices = [(value, label) for value, label in all_choices if value != ""]
    selected = _selected(field)
    return [
        govuk_fields.Option(
            id=f"{field.auto_id}" if index == 0 else f"{field.auto_id}-{index}",
            value=str(value),
            label=label,
            checked=str(value) in selected,
        )
        for index, (value, label) in enumerate(choices)
    ]


def _selected(field: BoundField) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple):
        return {str(item) for item in value}
    return {str(value)}


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    """The GOV.UK error summary for one or more forms: each error links to its field."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if not form.is_bound:
            continue
        for message in form.non_field_errors():
            items.append({"href": "", "text": str(message)})
        for field in form:
            for message in field.errors:
                items.append({"href": _error_target(field), "text": str(message)})
    return {"errors": items}


def _error_target(field: BoundField) -> str:
    """The link from the error summary to the first box of the field (none for a hidden one)."""
    if field.is_hidden:
        return ""
    if isinstance(field.field.widget, forms.MultiWidget):
        # MultiWidget numbers its boxes: the day of a date input is <id>_0.
        return f"#{field.auto_id}_0"
    return f"#{field.auto_id}"


@register.filter
def tag_colour(status: str) -> str:
    """The GOV.UK tag colour for a due-item status."""
    return {
        "overdue": "govuk-tag--red",
        "due_today": "govuk-tag--orange",
        "due": "govuk-tag--blue",
    }.get(status, "govuk-tag--grey")
