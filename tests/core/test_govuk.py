"""Form fields render as GOV.UK components; the error summary links each message to its field."""

import pytest
from django import forms
from django.template import Context, Template

from opencsc.core.forms import BIRTH, DateField
from opencsc.core.templatetags.govuk import govuk_error_summary, tag_colour
from tests.core.html import error_message


class ExampleForm(forms.Form):
    name = forms.CharField(
        label="Name", help_text="Full name", error_messages={"required": "Enter a name"}
    )
    born_on = DateField(
        range=BIRTH, label="Date of birth", error_messages={"required": "Enter a date of birth"}
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Choose"), ("child", "Child"), ("adult", "Adult")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a kind"},
    )
    key = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Missing key"})

    def clean(self):
        self.add_error(None, "These records differ")


def _render(template: str, form: forms.Form) -> str:
    return Template(template).render(Context({"form": form}))


def test_the_error_summary_links_each_message_to_the_first_box_of_its_field():
    form = ExampleForm({})
    form.is_valid()

    summary = govuk_error_summary(form)

    assert summary["errors"] == [
        {"href": "", "text": "These records differ"},
        {"href": "#id_name", "text": "Enter a name"},
        {"href": "#id_born_on_0", "text": "Enter a date of birth"},
        {"href": "#id_kind", "text": "Select a kind"},
        {"href": "", "text": "Missing key"},
    ]


def test_an_unsent_form_has_no_error_summary():
    assert govuk_error_summary(ExampleForm()) == {"errors": []}


def test_a_field_names_its_hint_and_error_for_screen_readers():
    form = ExampleForm({})
    form.is_valid()

    html = _render("{% govuk_field form.name %}", form)

    assert 'aria-describedby="id_name-hint id_name-error"' in html
    assert error_message(html, "id_name") == "Enter a name"


def test_a_field_without_an_error_names_only_its_hint():
    html = _render("{% govuk_field form.name %}", ExampleForm())

    assert 'aria-describedby="id_name-hint"' in html
    assert 'id="id_name-error"' not in html


def test_radios_leave_out_the_empty_choice_and_the_first_takes_the_fields_id():
    html = _render("{% govuk_field form.kind %}", ExampleForm({"kind": "adult"}))

    assert 'id="id_kind" name="kind" type="radio" value="child">' in html
    assert 'id="id_kind-1" name="kind" type="radio" value="adult" checked>' in html
    assert 'value=""' not in html


def test_a_select_all_that_apply_list_renders_as_checkboxes_keeping_each_ticked_choice():
    class ConcernsForm(forms.Form):
        concerns = forms.MultipleChoiceField(
            label="Concerns",
            choices=[("neglect", "Neglect"), ("housing", "Housing")],
            widget=forms.CheckboxSelectMultiple,
        )

    html = _render(
        "{% govuk_field form.concerns %}", ConcernsForm({"concerns": ["neglect", "housing"]})
    )

    assert html.count('type="checkbox"') == 2
    assert 'type="radio"' not in html
    assert html.count(" checked") == 2


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        ("overdue", "govuk-tag--red"),
        ("due_today", "govuk-tag--orange"),
        ("due", "govuk-tag--blue"),
        ("closed", "govuk-tag--grey"),
    ],
)
def test_due_item_tags_are_coloured_by_status(status, colour):
    assert tag_colour(status) == colour
