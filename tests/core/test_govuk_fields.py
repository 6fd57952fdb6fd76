"""Each GOV.UK component, character for character as the templates it replaced wrote it
(opencsc/core/govuk_fields.py): the label, hint and error message, what is escaped, which
attributes an input carries, a kept value, the selected option and the ticked boxes. The markup
is in govuk_fields_markup.json, by case."""

import json
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template

from opencsc.core.forms import BIRTH, DateField

MARKUP = json.loads((Path(__file__).parent / "govuk_fields_markup.json").read_text())


class Example(forms.Form):
    name = forms.CharField(
        label="Name <b>",
        help_text="Full name & title",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "name", "class": "ignored"}),
    )
    secret = forms.CharField(label="Password", widget=forms.PasswordInput)
    count = forms.IntegerField(label="How many", required=False)
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    team = forms.ChoiceField(
        label="Team", choices=[("", "Choose a team"), ("1", "A & B"), ("2", "C")]
    )
    agreed = forms.BooleanField(label="Agreed", help_text="Tick if so", required=False)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("", "Choose"), ("child", "Child"), ("adult", "Adult <x>")],
        widget=forms.RadioSelect,
    )
    concerns = forms.MultipleChoiceField(
        label="Concerns",
        choices=[("neglect", "Neglect"), ("housing", "Housing")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    born_on = DateField(range=BIRTH, label="Date of birth", help_text="For example, 27 3 2019")


CASES = [
    pytest.param(
        {"name": 'O"Neil <script>', "secret": "x", "team": "", "kind": "", "born_on_0": ""},
        "{% govuk_field form.name input_class='govuk-input--width-20' %}",
        id="name_error",
    ),
    pytest.param(
        None,
        "{% govuk_field form.name is_page_heading=True label_class='govuk-label--l' %}",
        id="name_heading",
    ),
    pytest.param({"secret": "hunter2"}, "{% govuk_field form.secret %}", id="secret_bound"),
    pytest.param({"count": "12"}, "{% govuk_field form.count %}", id="count_bound"),
    pytest.param(
        {"notes": "Line one\nLine <two>"},
        "{% govuk_field form.notes label_class='govuk-label--m' %}",
        id="notes_value",
    ),
    pytest.param(
        {"team": "2", "kind": "child"}, "{% govuk_field form.team %}", id="team_selected_error"
    ),
    pytest.param(None, "{% govuk_field form.team %}", id="team_empty"),
    pytest.param({"agreed": "on"}, "{% govuk_field form.agreed %}", id="agreed_checked"),
    pytest.param(
        {},
        "{% govuk_field form.kind inline=True label_class='govuk-fieldset__legend--m' %}",
        id="kind_inline_error",
    ),
    pytest.param({"concerns": ["housing"]}, "{% govuk_field form.concerns %}", id="concerns_one"),
    pytest.param(
        {"born_on_0": "31", "born_on_1": "2", "born_on_2": "2019"},
        "{% govuk_field form.born_on %}",
        id="born_error",
    ),
]


@pytest.mark.parametrize(("data", "tag"), CASES)
def test_a_component_is_written_as_the_gov_uk_markup(request, data, tag):
    form = Example(data) if data is not None else Example()
    if data is not None:
        form.is_valid()

    html = Template(tag).render(Context({"form": form}))

    assert html == MARKUP[request.node.callspec.id]
