"""The person search lists the closest matches first and reads at most a fixed number of them
(issue 15, part 3): a search matching more people than that says so, and asks for a date of birth
or a postcode, instead of counting every match in the index."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.audit.models import AccessLog
from opencsc.people.matching import SHOWN_AT_CREATION, Candidate, likely_matches
from opencsc.people.selectors import SEARCH_LIMIT, SearchTerms, find_people, search_people
from tests.factories import HouseholdFactory, PersonFactory

MORE_THAN = (
    f"More than {SEARCH_LIMIT} people match: add a date of birth or a postcode to narrow the search"
)


def _people(first_name: str, last_name: str, size: int, team, **kwargs) -> list:
    return [
        PersonFactory(
            first_name=first_name, last_name=last_name, recording_team=team, nhs_number="", **kwargs
        )
        for _ in range(size)
    ]


def test_the_limit_is_a_page_or_two_of_results():
    assert 25 <= SEARCH_LIMIT <= 100


def test_more_matches_than_the_limit_list_the_closest_first_and_say_more_than(
    worker_client, social_worker
):
    team = social_worker.teams.get()
    # Jon Smith sounds like Jon Smyth and sorts before him: the exact name still comes first.
    _people("Jon", "Smith", SEARCH_LIMIT + 10, team)
    [exact] = _people("Jon", "Smyth", 1, team)

    response = worker_client.get(reverse("people:search"), {"name": "Jon Smyth"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["rows"][0].person == exact
    assert MORE_THAN in html
    assert f"{SEARCH_LIMIT + 11} people found" not in html
    assert f"{SEARCH_LIMIT} people found" not in html
    assert AccessLog.objects.get(action="people.search").summary == (
        f"Searched for name 'Jon Smyth': more than {SEARCH_LIMIT} records found"
    )


def test_the_pages_of_a_long_result_stop_at_the_limit(worker_client, social_worker):
    _people("Jon", "Smith", SEARCH_LIMIT + 10, social_worker.teams.get())

    last = worker_client.get(reverse("people:search"), {"name": "Jon Smith", "page": "99"})

    page = last.context["page_obj"]
    assert page.end_index() == SEARCH_LIMIT
    html = last.content.decode()
    assert MORE_THAN in html
    # The pages shown are all there are: not "page 2 of more than 2".
    pages = page.paginator.num_pages
    assert f'aria-label="Page {pages} of {pages}"' in html
    assert "of more than" not in html


def test_a_search_within_the_limit_counts_its_matches(worker_client, social_worker):
    _people("Jon", "Smith", 3, social_worker.teams.get())

    html = worker_client.get(reverse("people:search"), {"name": "Jon Smith"}).content.decode()

    assert "3 people found" in html
    assert "More than" not in html
    assert AccessLog.objects.get(action="people.search").summary == (
        "Searched for name 'Jon Smith': 3 records found"
    )


@pytest.mark.parametrize("search", [find_people, search_people])
@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Jon Smyth", "Jon Smyth"),
        ("Jon Smith", "Jon Smith"),
        ("Smyth Jon", "Jon Smyth"),
        ("J Smyth", "Jon Smyth"),
        ("Katherine Okafor", "Katherine Okafor"),
        ("Catherine Okafor", "Catherine Okafor"),
    ],
)
def test_an_exact_name_ranks_before_sound_alike_names(social_worker, search, typed, first):
    team = social_worker.teams.get()
    for first_name, last_name in [
        ("Jon", "Smith"),
        ("John", "Smith"),
        ("Jon", "Smyth"),
        ("Catherine", "Okafor"),
        ("Katherine", "Okafor"),
    ]:
        _people(first_name, last_name, 1, team)

    found = list(search(user=social_worker, terms=SearchTerms(name=typed)))

    assert found[0].full_name == first


def test_a_name_starting_as_typed_ranks_before_a_sound_alike_one(social_worker):
    team = social_worker.teams.get()
    _people("Ada", "Abbara", 1, team)  # sounds like Abara
    _people("Ada", "Abarakwe", 1, team)  # starts with Abara

    found = find_people(user=social_worker, terms=SearchTerms(name="Ada Abara"))

    assert [person.last_name for person in found] == ["Abarakwe", "Abbara"]


def test_the_current_name_ranks_before_a_name_known_before(social_worker):
    team = social_worker.teams.get()
    [renamed] = _people("Ada", "Okafor", 1, team)
    renamed.previous_names.create(
        first_name="Ada",
        last_name="Abara",
        first_name_folded="ada",
        last_name_folded="abara",
        used_until=date(2020, 1, 1),
    )
    [current] = _people("Ada", "Abbara", 1, team)  # sounds like Abara, and is her name now

    found = list(find_people(user=social_worker, terms=SearchTerms(name="Ada Abara")))

    assert found == [current, renamed]


def _queries(client, params: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("people:search"), params)
    assert response.status_code == 200
    return len(captured)


def test_the_search_page_runs_the_same_queries_with_3_or_120_matches(worker_client, social_worker):
    team = social_worker.teams.get()
    _people("Ada", "Abara", 3, team, household=HouseholdFactory())
    _people("Ada", "Okonkwo", 120, team, household=HouseholdFactory())
    worker_client.get(reverse("people:search"), {"name": "Ada Abara"})  # warm the caches

    few = _queries(worker_client, {"name": "Ada Abara"})
    many = _queries(worker_client, {"name": "Ada Okonkwo"})

    assert few == many


@pytest.mark.parametrize(
    "name",
    [
        "Ab" * 100,
        "A " + "b" * 199,
        "Ω" * 200,
        "ab\U0010ffff Smith",
        "Jo Smith\U0010ffff",
        "%_% Smith",
        "J' O'Brien--",
        "\u202eJon Smyth",
        "Jon 😀😀",
        "Jon " + "ẞ" * 50,
        "Jon Sm\u0301ith",
        "x" * 201,
        "Jon\x00Smith",
    ],
)
def test_hostile_names_never_fail(worker_client, social_worker, name):
    [child] = _people("Jon", "Smith", 2, social_worker.teams.get())[:1]

    for url in (
        reverse("people:search"),
        reverse("people:relative-find", args=[child.pk]),
        reverse("frontdoor:contact-start"),
    ):
        response = worker_client.get(url, {"name": name})

        assert response.status_code in {200, 403}, url


def test_likely_matches_list_the_same_birthday_and_postcode_before_names_alone(db):
    # More sound-alike names than a creation check lists, sorting before the closest match.
    for _ in range(SHOWN_AT_CREATION + 2):
        PersonFactory(first_name="Jon", last_name="Smith", date_of_birth=date(2010, 1, 1))
    born = PersonFactory(first_name="Jon", last_name="Smyth", date_of_birth=date(2016, 4, 12))
    at_home = PersonFactory(
        first_name="Jon",
        last_name="Smyth",
        date_of_birth=date(2016, 4, 12),
        household=HouseholdFactory(address__postcode="N18 2AB", address__line_1="1 High Road"),
    )

    matches = likely_matches(
        Candidate(
            first_name="Jon",
            last_name="Smyth",
            date_of_birth=date(2016, 4, 12),
            postcode="N18 2AB",
            address_line_1="1 High Road",
        )
    )

    assert matches[:2] == [at_home, born]
    assert len(matches) == SHOWN_AT_CREATION
