"""A Django form field as a GOV.UK component (label, hint, error message and the input), written
out in Python.

Every form renders through these (`{% govuk_field %}`), and a large form (a review conference
with its attendees and reports: about ninety fields) spent a third of its request in rendering one
small template per field. Each component here is the HTML that template gave, character for
character (tests/core/test_govuk_fields.py holds that markup), each value shown exactly as the
template language shows it (`render_value_in_context`: localised, escaped unless safe). The error
message alone is still a template too, govuk/fields/_error.html, for the pages that lay out a
group of boxes themselves.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.forms.boundfield import BoundField
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat


@dataclass(frozen=True)
class Option:
    """One radio or checkbox of a choice field: the first takes the field's id."""

    id: str
    value: str
    label: Any
    checked: bool


@dataclass(frozen=True)
class FieldParts:
    """What every component shows around its input."""

    field: BoundField
    id: str
    errors: Any
    hint: Any
    described_by: str
    label_class: str = ""
    input_class: str = ""
    is_page_heading: bool = False
    inline: bool = False


class _Writer:
    """Shows values as the template language does, in the calling template's context."""

    def __init__(self, context: Context) -> None:
        self.context = context

    def text(self, value: Any) -> str:
        return str(render_value_in_context(value, self.context))

    def described(self, parts: FieldParts) -> str:
        if not parts.described_by:
            return ""
        return f' aria-describedby="{self.text(parts.described_by)}"'

    def error(self, parts: FieldParts) -> str:
        """govuk/fields/_error.html, with the newline that ends the file."""
        if not parts.errors:
            return "\n"
        messages = "<br>".join(self.text(message) for message in parts.errors)
        return (
            f'<p id="{self.text(parts.id)}-error" class="govuk-error-message">'
            f'<span class="govuk-visually-hidden">Error:</span> {messages}</p>\n'
        )

    def hint(self, parts: FieldParts, css: str = "govuk-hint") -> str:
        if not parts.hint:
            return ""
        return f'<div id="{self.text(parts.id)}-hint" class="{css}">{self.text(parts.hint)}</div>'

    def label(self, parts: FieldParts) -> str:
        """The label, hint and error message of a single input (govuk/fields/_label.html)."""
        heading = parts.is_page_heading
        label = (
            f'<label class="govuk-label {self.text(parts.label_class or "")}'
            f'{" govuk-label--l" if heading else ""}" for="{self.text(parts.id)}">'
            f"{self.text(parts.field.label)}</label>"
        )
        if heading:
            label = f'<h1 class="govuk-label-wrapper">{label}</h1>'
        return f"{label}\n{self.hint(parts)}\n{self.error(parts)}\n"

    def group(self, parts: FieldParts) -> str:
        return (
            f'<div class="govuk-form-group{" govuk-form-group--error" if parts.errors else ""}">\n'
        )

    def legend(self, parts: FieldParts, *, role: str = "") -> str:
        """The fieldset's opening, legend, hint and error message (radios, checkboxes, date)."""
        legend_class = self.text(parts.label_class or "govuk-fieldset__legend--s")
        return (
            f'  <fieldset class="govuk-fieldset"{role}{self.described(parts)}>\n'
            f'    <legend class="govuk-fieldset__legend {legend_class}">'
            f"{self.text(parts.field.label)}</legend>\n"
            f"    {self.hint(parts)}\n"
            f"    {self.error(parts)}\n"
        )


def input_field(context: Context, parts: FieldParts) -> str:
    write = _Writer(context)
    field = parts.field
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    value = field.value()
    shown = ""
    if value is not None and input_type != "password":
        shown = f' value="{write.text(value)}"'
    attrs = "".join(
        f' {write.text(name)}="{write.text(attr)}"'
        for name, attr in widget.attrs.items()
        if name != "class"
    )
    error_class = " govuk-input--error" if parts.errors else ""
    return (
        f"{write.group(parts)}"
        f"  {write.label(parts)}\n"
        f'  <input class="govuk-input {write.text(parts.input_class)}{error_class}"'
        f' id="{write.text(parts.id)}" name="{write.text(field.html_name)}"'
        f' type="{write.text(input_type)}"{shown}{write.described(parts)}{attrs}>\n'
        "</div>\n"
    )


def textarea_field(context: Context, parts: FieldParts) -> str:
    write = _Writer(context)
    field = parts.field
    value = field.value()
    error_class = " govuk-textarea--error" if parts.errors else ""
    return (
        f"{write.group(parts)}"
        f"  {write.label(parts)}\n"
        f'  <textarea class="govuk-textarea{error_class}" id="{write.text(parts.id)}"'
        f' name="{write.text(field.html_name)}" rows="5"{write.described(parts)}>'
        f"{write.text('' if value is None else value)}</textarea>\n"
        "</div>\n"
    )


def select_field(context: Context, parts: FieldParts) -> str:
    write = _Writer(context)
    field = parts.field
    chosen = stringformat(field.value(), "s")
    choices: Iterable[tuple[Any, Any]] = getattr(field.field, "choices", ())
    options = "".join(
        f'<option value="{write.text(value)}"'
        f"{' selected' if stringformat(value, 's') == chosen else ''}>{write.text(label)}"
        "</option>\n    "
        for value, label in choices
    )
    error_class = " govuk-select--error" if parts.errors else ""
    return (
        f"{write.group(parts)}"
        f"  {write.label(parts)}\n"
        f'  <select class="govuk-select{error_class}" id="{write.text(parts.id)}"'
        f' name="{write.text(field.html_name)}"{write.described(parts)}>\n'
        f"    {options}\n"
        "  </select>\n"
        "</div>\n"
    )


def checkbox_field(context: Context, parts: FieldParts) -> str:
    write = _Writer(context)
    field = parts.field
    checked = " checked" if field.value() else ""
    return (
        f"{write.group(parts)}"
        f"  {write.error(parts)}\n"
        '  <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
        '    <div class="govuk-checkboxes__item">\n'
        f'      <input class="govuk-checkboxes__input" id="{write.text(parts.id)}"'
        f' name="{write.text(field.html_name)}" type="checkbox" value="on"{checked}'
        f"{write.described(parts)}>\n"
        f'      <label class="govuk-label govuk-checkboxes__label" for="{write.text(parts.id)}">'
        f"{write.text(field.label)}</label>\n"
        f"      {write.hint(parts, 'govuk-hint govuk-checkboxes__hint')}\n"
        "    </div>\n"
        "  </div>\n"
        "</div>\n"
    )


def _choices(
    context: Context, parts: FieldParts, options: list[Option], *, kind: str, css: str
) -> str:
    """Radios or checkboxes: a fieldset of one input for each option."""
    write = _Writer(context)
    name = write.text(parts.field.html_name)
    items = "".join(
        f'\n      <div class="{kind}__item">\n'
        f'        <input class="{kind}__input" id="{write.text(option.id)}" name="{name}"'
        f' type="{"radio" if kind == "govuk-radios" else "checkbox"}"'
        f' value="{write.text(option.value)}"{" checked" if option.checked else ""}>\n'
        f'        <label class="govuk-label {kind}__label" for="{write.text(option.id)}">'
        f"{write.text(option.label)}</label>\n"
        "      </div>\n      "
        for option in options
    )
    return (
        f"{write.group(parts)}"
        f"{write.legend(parts)}"
        f'    <div class="{css}" data-module="{kind}">\n'
        f"      {items}\n"
        "    </div>\n"
        "  </fieldset>\n"
        "</div>\n"
    )


def radios_field(context: Context, parts: FieldParts, options: list[Option]) -> str:
    css = "govuk-radios govuk-radios--inline" if parts.inline else "govuk-radios"
    return _choices(context, parts, options, kind="govuk-radios", css=css)


def checkboxes_field(context: Context, parts: FieldParts, options: list[Option]) -> str:
    css = "govuk-checkboxes govuk-checkboxes--small"
    return _choices(context, parts, options, kind="govuk-checkboxes", css=css)


DATE_ROLE = ' role="group"'


def date_field(context: Context, parts: FieldParts) -> str:
    """A date's three boxes in a fieldset; the boxes are the widget's own template."""
    write = _Writer(context)
    return (
        f"{write.group(parts)}"
        f"{write.legend(parts, role=DATE_ROLE)}"
        f"    {write.text(parts.field)}\n"
        "  </fieldset>\n"
        "</div>\n"
    )
