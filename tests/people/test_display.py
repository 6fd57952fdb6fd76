"""How a person appears to a viewer (opencsc.people.display and its template tags)."""

from datetime import date

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from opencsc.accounts.models import Role
from opencsc.people import display
from tests.factories import PersonFactory, UserFactory


@pytest.fixture
def child(db):
    return PersonFactory(
        pk=4512345, first_name="Amara", last_name="Okafor", date_of_birth=date(2016, 4, 3)
    )


@pytest.fixture
def viewer(db):
    return UserFactory(role=Role.HEAD_OF_SERVICE)


def test_an_unrestricted_person_is_shown_in_full(child, viewer):
    shown = display.shown_person(viewer, child)

    assert (shown.name, shown.date_of_birth, shown.number, shown.url, shown.is_hidden) == (
        "Amara Okafor",
        date(2016, 4, 3),
        "C4512345",
        "/people/4512345/",
        False,
    )


def test_a_restricted_person_is_hidden_from_anyone_not_named(child, viewer):
    child.is_restricted = True
    child.save()

    shown = display.shown_person(viewer, child)

    assert shown == display.HIDDEN
    assert (shown.name, shown.date_of_birth, shown.number, shown.url) == (
        "Restricted record",
        None,
        "",
        "",
    )


def test_a_restricted_person_is_shown_in_full_to_the_named_staff(child, viewer):
    child.is_restricted = True
    child.save()
    child.named_staff.add(viewer)

    assert display.shown_person(viewer, child).name == "Amara Okafor"


def test_a_list_costs_one_query_whatever_its_length(viewer, django_assert_num_queries):
    people = [PersonFactory(is_restricted=True) for _ in range(5)]
    people[0].named_staff.add(viewer)
    # Fresh from the database, as a page would have them.
    with django_assert_num_queries(1):
        shown = display.shown_people(viewer, people)
    assert [s.is_hidden for s in shown] == [False, True, True, True, True]


def test_the_same_one_query_whether_or_not_anyone_shown_is_restricted(
    child, viewer, django_assert_num_queries
):
    with django_assert_num_queries(1):
        display.shown_people(viewer, [child, child])


def test_stored_text_names_people_by_key_and_renders_per_viewer(child, viewer):
    text = f"{display.token(child)} recorded as sibling"

    assert display.render_all(viewer, [text]) == ["Amara Okafor recorded as sibling"]
    child.is_restricted = True
    child.save()
    display.forget(viewer)
    assert display.render_all(viewer, [text]) == ["Restricted record recorded as sibling"]


def _render(source: str, viewer, **context) -> str:
    request = RequestFactory().get("/")
    request.user = viewer
    template = Template("{% load people_display %}" + source)
    return template.render(Context({"request": request, **context}))


def test_the_template_tags_show_a_person_in_full(child, viewer):
    assert _render(
        '{% person_link p %}|{% person_number p %}|{% person_dob p "j M Y" %}', viewer, p=child
    ) == ('<a class="govuk-link" href="/people/4512345/">Amara Okafor</a>|C4512345|3 Apr 2016')


def test_the_template_tags_hide_a_restricted_person(child, viewer):
    child.is_restricted = True
    child.save()

    rendered = _render(
        "{% person_link p %}|{% person_name p %}|{% person_number p %}|"
        '{% person_dob p "j M Y" default="Not known" %}',
        viewer,
        p=child,
    )

    assert rendered == "Restricted record|Restricted record||Not known"


def test_a_person_the_viewer_may_not_open_is_named_without_a_link(child, viewer):
    assert _render("{% person_link p link=False %}", viewer, p=child) == "Amara Okafor"


def test_an_unborn_childs_expected_date_is_shown_only_when_asked_for(viewer):
    unborn = PersonFactory(unborn=True, expected_date_of_birth=date(2027, 3, 1))

    assert _render('{% person_dob p "j M Y" default="Not known" %}', viewer, p=unborn) == (
        "Not known"
    )
    assert _render('{% person_dob p "j M Y" expected=True %}', viewer, p=unborn) == (
        "Expected 1 Mar 2027"
    )
