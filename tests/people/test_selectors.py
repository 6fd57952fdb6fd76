"""Reads of the person index: search, likely matches, a person's family and record alerts."""

from datetime import date

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.people.matching import Candidate, likely_matches
from opencsc.people.models import Person, Relationship
from opencsc.people.selectors import (
    SearchTerms,
    alerts_for,
    find_people,
    found_rows,
    person_record,
    search_people,
    survivor_of,
)
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def index(assessment_team):
    """A small person index, every record held by the assessment team."""

    def person(first_name, last_name, **kwargs):
        kwargs.setdefault("nhs_number", "")
        return PersonFactory(
            first_name=first_name, last_name=last_name, recording_team=assessment_team, **kwargs
        )

    person(
        "Jon",
        "Smyth",
        date_of_birth=date(2016, 4, 12),
        household=HouseholdFactory(address__postcode="N18 2AB"),
    )
    person(
        "Julia",
        "Smith",
        date_of_birth=date(2015, 1, 2),
        upn="A308201812001",
        household=HouseholdFactory(address__postcode="N9 0PZ"),
    )
    person("Anna", "Smith", date_of_birth=date(2014, 6, 1))
    person("Catherine", "Okafor", date_of_birth=date(2013, 3, 3), nhs_number="9434765919")
    person("Mohammed", "Ali", date_of_birth=date(2012, 8, 30))


@pytest.mark.parametrize(
    ("terms", "found"),
    [
        (SearchTerms(name="J Smith"), ["Julia Smith", "Jon Smyth"]),
        (SearchTerms(name="J. Smith"), ["Julia Smith", "Jon Smyth"]),
        (SearchTerms(name="j smyth"), ["Jon Smyth", "Julia Smith"]),  # the same surname first
        (SearchTerms(name="J Smi"), ["Julia Smith"]),
        (SearchTerms(name="Julia Smith"), ["Julia Smith"]),
        (SearchTerms(name="Smith Julia"), ["Julia Smith"]),
        (SearchTerms(name="Jon S"), ["Jon Smyth"]),
        (SearchTerms(name="Katherine Okafor"), ["Catherine Okafor"]),
        (SearchTerms(name="Muhammad Ali"), ["Mohammed Ali"]),
        (SearchTerms(date_of_birth=date(2016, 4, 12), postcode="N18 2AB"), ["Jon Smyth"]),
        (SearchTerms(nhs_number="943 476 5919"), ["Catherine Okafor"]),
        (SearchTerms(upn="a308 2018 1200 1"), ["Julia Smith"]),
        (SearchTerms(name="Smith", date_of_birth=date(2014, 6, 1)), ["Anna Smith"]),
        (SearchTerms(name="Smith", postcode="N18 2AB"), ["Jon Smyth"]),
        (SearchTerms(name="Zebedee Smith"), []),
    ],
)
def test_search_finds_people_by_identifying_terms_closest_names_first(
    social_worker, index, terms, found
):
    results = search_people(user=social_worker, terms=terms)

    assert [person.full_name for person in results] == found


@pytest.mark.parametrize(
    "terms",
    [
        SearchTerms(),
        SearchTerms(name="  "),
        SearchTerms(name="."),
        SearchTerms(name="J"),
        SearchTerms(name=". ."),
        SearchTerms(name="J", date_of_birth=date(2016, 4, 12)),
        SearchTerms(name="Smith"),
        SearchTerms(date_of_birth=date(2016, 4, 12)),
        SearchTerms(postcode="N18 2AB"),
    ],
)
def test_too_few_terms_search_nothing_rather_than_a_slice_of_the_index(social_worker, index, terms):
    assert terms.too_few()
    assert list(search_people(user=social_worker, terms=terms)) == []
    assert list(find_people(user=social_worker, terms=terms)) == []


def test_search_leaves_out_a_record_merged_into_another(social_worker, assessment_team):
    survivor = PersonFactory(first_name="Ada", last_name="Abara", recording_team=assessment_team)
    PersonFactory(
        first_name="Ada", last_name="Abara", recording_team=assessment_team, merged_into=survivor
    )

    results = search_people(user=social_worker, terms=SearchTerms(name="Ada Abara"))

    assert list(results) == [survivor]


def _found(user, terms):
    """Who staff find, and which of them the name links to (issue 12: every matching record)."""
    rows = found_rows(list(find_people(user=user, terms=terms)), user=user)
    return [row.person for row in rows], [row.person for row in rows if row.may_open]


def test_staff_find_other_teams_children_without_a_link(social_worker, assessment_team):
    """Issue 12: the hint "some more are held by other teams" became the records themselves."""
    mine = PersonFactory(first_name="Ada", last_name="Abara", recording_team=assessment_team)
    theirs = AllocationFactory(
        team=TeamFactory(), child__first_name="Ada", child__last_name="Abara"
    ).child

    found, openable = _found(social_worker, SearchTerms(name="Ada Abara"))

    assert set(found) == {mine, theirs}
    assert openable == [mine]


def test_the_head_of_service_opens_everyone_found(make_user):
    head_of_service = make_user(Role.HEAD_OF_SERVICE)
    AllocationFactory(team=TeamFactory(), child__first_name="Ada", child__last_name="Abara")

    found, openable = _found(head_of_service, SearchTerms("Ada Abara"))

    assert len(found) == len(openable) == 1


def test_merged_away_records_are_not_found(social_worker, assessment_team):
    survivor = PersonFactory(first_name="Ada", last_name="Abara", recording_team=assessment_team)
    PersonFactory(first_name="Ada", last_name="Abara", merged_into=survivor)

    assert _found(social_worker, SearchTerms("Ada Abara")) == ([survivor], [survivor])


def test_a_restricted_record_is_never_found_even_by_its_nhs_number(social_worker):
    """Why: a hint answered for restricted records too (by NHS number), confirming that the
    restricted child exists."""
    AllocationFactory(team=TeamFactory(), child__nhs_number="9434765919", child__is_restricted=True)

    assert _found(social_worker, SearchTerms(nhs_number="9434765919")) == ([], [])


def test_an_empty_search_finds_nothing(social_worker, index):
    assert _found(social_worker, SearchTerms()) == ([], [])


@pytest.mark.parametrize(
    ("first_name", "last_name", "date_of_birth", "found"),
    [
        ("Jon", "Smith", None, ["Jon Smyth"]),  # sound-alike surname and first name
        ("John", "Smyth", None, ["Jon Smyth"]),
        ("", "Smith", date(2015, 1, 2), ["Julia Smith"]),  # surname and date of birth
        ("Amelia", "Smith", None, []),  # surname alone is not enough
        ("Catherine", "Jones", date(2013, 3, 3), []),  # nor first name and birthday
    ],
)
def test_likely_matches_need_the_surname_and_a_first_name_or_birthday(
    social_worker, index, first_name, last_name, date_of_birth, found
):
    matches = likely_matches(
        Candidate(first_name=first_name, last_name=last_name, date_of_birth=date_of_birth)
    )

    assert [person.full_name for person in matches] == found


def test_likely_matches_include_another_teams_record(social_worker):
    # A duplicate of a record you cannot open is still a duplicate: pages show it through display.
    child = AllocationFactory(
        team=TeamFactory(), child__first_name="Jon", child__last_name="Smyth"
    ).child

    matches = likely_matches(Candidate(first_name="Jon", last_name="Smyth"))

    assert matches == [child]


def test_likely_matches_show_at_most_ten(social_worker, assessment_team):
    PersonFactory.create_batch(
        12, first_name="Jon", last_name="Smyth", recording_team=assessment_team
    )

    matches = likely_matches(Candidate(first_name="Jon", last_name="Smyth"))

    assert len(matches) == 10


def test_a_persons_family_is_read_from_their_side_of_each_link(db):
    child = PersonFactory(first_name="Amara")
    mother = RelationshipFactory(
        to_person=child, description="mother", from_person__first_name="Grace"
    ).from_person
    brother = PersonFactory(first_name="Leo")
    RelationshipFactory(
        from_person=child,
        to_person=brother,
        kind=Relationship.Kind.SIBLING,
        has_parental_responsibility=False,
    )

    viewer = UserFactory(role=Role.HEAD_OF_SERVICE)
    childs_side = person_record(child, viewer=viewer).relatives
    mothers_side = person_record(mother, viewer=viewer).relatives

    assert [
        (r.person, r.label, r.description, r.has_parental_responsibility) for r in childs_side
    ] == [
        (mother, "Parent", "mother", True),
        (brother, "Sibling", "", False),
    ]
    assert [(r.person, r.label) for r in mothers_side] == [(child, "Child")]


def test_the_family_panel_links_only_the_relatives_the_viewer_may_open(assessment_team):
    child = AllocationFactory(team=assessment_team).child
    held_elsewhere = AllocationFactory().child
    restricted = AllocationFactory(team=assessment_team, child__is_restricted=True).child
    for sibling in (held_elsewhere, restricted):
        RelationshipFactory(from_person=child, to_person=sibling, kind=Relationship.Kind.SIBLING)
    worker = UserFactory(role=Role.SOCIAL_WORKER, team=assessment_team)

    relatives = person_record(child, viewer=worker).relatives

    assert [(r.person, r.may_open) for r in relatives] == [
        (held_elsewhere, False),
        (restricted, False),
    ]
    restricted.named_staff.add(worker)
    relatives = person_record(child, viewer=worker).relatives
    assert [r.may_open for r in relatives] == [False, True]


def test_the_household_lists_everyone_else_living_there_youngest_last(db):
    household = HouseholdFactory()
    child = PersonFactory(household=household, date_of_birth=date(2016, 4, 12))
    older = PersonFactory(household=household, date_of_birth=date(2012, 1, 1))
    younger = PersonFactory(household=household, date_of_birth=date(2019, 1, 1))
    PersonFactory(household=household, merged_into=older)

    record = person_record(child, viewer=UserFactory(role=Role.HEAD_OF_SERVICE))

    assert record.household == [older, younger]


@pytest.mark.parametrize(
    ("person_kwargs", "overdue", "with_parent", "alerts"),
    [
        ({}, 0, True, []),
        ({"nhs_number": ""}, 0, True, ["No NHS number recorded."]),
        ({}, 0, False, ["No one with parental responsibility recorded."]),
        ({}, 1, True, ["1 overdue item of work."]),
        ({}, 3, True, ["3 overdue items of work."]),
        (
            {"is_restricted": True},
            0,
            True,
            ["Restricted record: only named staff can open it. Do not share its details."],
        ),
        (
            {"unborn": True, "nhs_number": "", "expected_date_of_birth": date(2026, 11, 1)},
            0,
            True,
            ["The expected date of birth has passed: record the birth."],
        ),
        (
            {"unborn": True, "nhs_number": "", "expected_date_of_birth": date(2027, 1, 1)},
            0,
            True,
            [],
        ),
        ({"adult": True, "nhs_number": ""}, 0, False, []),
    ],
)
def test_the_record_warns_of_what_needs_attention(db, person_kwargs, overdue, with_parent, alerts):
    person = PersonFactory(**person_kwargs)
    if with_parent:
        RelationshipFactory(to_person=person, has_parental_responsibility=True)

    record = person_record(person, viewer=UserFactory(role=Role.HEAD_OF_SERVICE))
    shown = alerts_for(record, overdue_count=overdue, today=date(2026, 11, 23))

    assert shown == alerts


def test_a_merged_away_record_leads_to_the_last_survivor(db):
    last = PersonFactory()
    middle = PersonFactory(merged_into=last)
    first = PersonFactory(merged_into=middle)

    assert (survivor_of(first.pk), survivor_of(middle.pk), survivor_of(last.pk)) == (
        last.pk,
        last.pk,
        None,
    )


def test_a_missing_record_has_no_survivor(db):
    assert survivor_of(123456) is None


def test_unborn_children_are_found_by_their_expected_date(social_worker, assessment_team):
    unborn = PersonFactory(
        unborn=True, expected_date_of_birth=date(2027, 3, 1), recording_team=assessment_team
    )

    terms = SearchTerms(name=unborn.last_name, date_of_birth=date(2027, 3, 1))

    results = search_people(user=social_worker, terms=terms)

    assert list(results) == [unborn]
    assert unborn.kind == Person.Kind.UNBORN


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Zoe Adebayo", ("Zoë", "Adebayo")),
        ("zoë adebayo", ("Zoë", "Adebayo")),
        ("S OBrien", ("Siobhan", "O'Brien")),
        ("Ella Smith", ("Ella", "Smith-Jones")),
        ("Ella Smith-Jones", ("Ella", "Smith-Jones")),
    ],
)
def test_search_finds_names_typed_without_accents_or_punctuation(
    social_worker, assessment_team, typed, stored
):
    first_name, last_name = stored
    person = PersonFactory(
        first_name=first_name, last_name=last_name, recording_team=assessment_team
    )

    results = search_people(user=social_worker, terms=SearchTerms(name=typed))

    assert list(results) == [person]


# A child known before by another surname (issue 12: "name variants", previous names kept)


@pytest.fixture
def renamed(social_worker, assessment_team):
    """Ava, born Ava Kowalski, now Ava Brennan-Hart (a name changed by deed poll)."""
    from opencsc.people import services

    child = AllocationFactory(
        team=assessment_team,
        child__first_name="Ava",
        child__last_name="Kowalski",
        child__date_of_birth=date(2016, 4, 9),
        child__nhs_number="",
    ).child
    services.change_person_details(
        person=child, changes={"last_name": "Brennan-Hart"}, reason="Deed poll", by=social_worker
    )
    child.refresh_from_db()
    return child


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Ava Kowalski", True),  # the name she had before
        ("Ava Cowalski", True),  # a sound-alike of it
        ("A Kowal", True),  # its start and an initial
        ("Ava Brennan-Hart", True),  # her name now
        ("Ava Nowak", False),  # neither
        ("Kowalski", False),  # a surname alone is too few terms
    ],
)
def test_a_child_is_found_by_a_name_she_was_known_by_before(social_worker, renamed, typed, found):
    people = list(find_people(user=social_worker, terms=SearchTerms(name=typed)))

    assert (renamed in people) is found


def test_a_result_found_by_an_earlier_name_says_so(social_worker, renamed):
    people = list(find_people(user=social_worker, terms=SearchTerms(name="Ava Kowalski")))

    (row,) = found_rows(people, user=social_worker)

    assert row.known_before == ("Ava Kowalski",)


def test_creating_the_child_under_her_earlier_name_is_stopped_by_the_likely_match(renamed):
    matches = likely_matches(
        Candidate(first_name="Ava", last_name="Kowalski", date_of_birth=date(2016, 4, 9))
    )
    others = likely_matches(Candidate(first_name="Ava", last_name="Nowak"))

    assert (matches, others) == ([renamed], [])


def test_an_adult_found_says_which_teams_hold_their_childrens_cases_never_a_restricted_one(
    client, social_worker, assessment_team
):
    """Issue 12: the front door sees that the man it searched for is the father of a child open to
    the child protection team, without the child being named; a restricted child is never told."""
    held = AllocationFactory(team=TeamFactory(name="Child protection 2")).child
    hidden = AllocationFactory(
        team=TeamFactory(name="Disabled children"), child__is_restricted=True
    )
    father = PersonFactory(
        kind=Person.Kind.ADULT, first_name="Idris", last_name="Vale", date_of_birth=None
    )
    RelationshipFactory(from_person=father, to_person=held)
    RelationshipFactory(from_person=father, to_person=hidden.child)
    uncle = PersonFactory(kind=Person.Kind.ADULT, first_name="Idris", last_name="Vale")
    RelationshipFactory(from_person=hidden.child, to_person=uncle, kind=Relationship.Kind.OTHER)

    rows = found_rows([father, uncle, held], user=social_worker)

    assert [row.involvement.family_teams for row in rows] == [["Child protection 2"], [], []]
    client.force_login(social_worker)
    page = client.get(reverse("people:search"), {"name": "Idris Vale"}).content.decode()
    assert page.count("Related to a child open to Child protection 2") == 1
    assert "Disabled children" not in page
