"""Print a person in a template as the viewer may see them (`opencsc.people.display`).

    {% load people_display %}
    {% person_name child %}                  the name, or "Restricted record"
    {% person_link child %}                  a link to the record, or "Restricted record"
    {% person_link child href %}             a link to another page about them (same rule)
    {% person_link child link=may_open %}    the name without a link when the viewer may not open it
    {% person_number child %}                the record number (LAchildID), or nothing
    {% person_dob child "j M Y" default="Not known" %}  (expected=True: an unborn child's date)
    {% person_hidden child as hidden %}      for `{% if %}`

The viewer is the signed-in user of the request in the context.
"""

from datetime import date
from typing import Any

from django import template
from django.template.defaultfilters import date as format_date
from django.utils.html import format_html

from opencsc.people.display import (
    RESTRICTED,
    is_hidden,
    postcode_district,
    render_tokens,
    shown_person,
)
from opencsc.people.models import Person

register = template.Library()


def _viewer(context: template.Context) -> Any:
    request = context.get("request")
    if request is not None and hasattr(request, "user"):
        return request.user
    return context.get("user")


@register.simple_tag(takes_context=True)
def person_name(context: template.Context, person: Person | None, missing: str = "") -> str:
    if person is None or person == "":
        return missing
    return shown_person(_viewer(context), person, link=False).name


@register.simple_tag(takes_context=True)
def person_link(
    context: template.Context, person: Person | None, href: str = "", link: bool = True
) -> str:
    if person is None or person == "":
        return ""
    shown = shown_person(_viewer(context), person, link=link)
    if shown.is_hidden:
        return RESTRICTED
    url = (href or shown.url) if link else ""
    if not url:
        return shown.name
    return format_html('<a class="govuk-link" href="{}">{}</a>', url, shown.name)


@register.simple_tag(takes_context=True)
def person_number(context: template.Context, person: Person | None) -> str:
    if person is None or person == "":
        return ""
    return shown_person(_viewer(context), person, link=False).number


def _format(day: date | None, fmt: str, default: str) -> str:
    return format_date(day, fmt) if day else default


@register.simple_tag(takes_context=True)
def person_dob(
    context: template.Context,
    person: Person | None,
    fmt: str = "j F Y",
    default: str = "",
    expected: bool = False,
) -> str:
    """The date of birth; with `expected`, an unborn child's "Expected <date>"; `default` when
    unknown or hidden."""
    if person is None or person == "":
        return default
    shown = shown_person(_viewer(context), person, link=False)
    if shown.is_hidden:
        return default
    if shown.date_of_birth:
        return _format(shown.date_of_birth, fmt, default)
    if expected and shown.expected_date_of_birth:
        return f"Expected {_format(shown.expected_date_of_birth, fmt, default)}"
    return default


@register.simple_tag(takes_context=True)
def person_hidden(context: template.Context, person: Person | None) -> bool:
    if person is None or person == "":
        return False
    return is_hidden(_viewer(context), person)


@register.simple_tag(takes_context=True)
def shown_text(context: template.Context, text: str, people: dict[int, Person] | None) -> str:
    """Stored text with its `{person:<id>}` tokens filled in for the viewer (`people` from
    `display.people_for_tokens`, loaded once for the page)."""
    return render_tokens(_viewer(context), text, people or {})


@register.simple_tag(takes_context=True)
def person_postcode_district(context: template.Context, person: Person | None) -> str:
    """The outward part of the person's postcode (N18), "" when unknown or hidden."""
    if person is None or person == "":
        return ""
    return postcode_district(_viewer(context), person)
