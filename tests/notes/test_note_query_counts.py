"""A case note's pages run the same queries whatever the note is about: one child or a family
(issue 15: no page's query count may depend on its record). Who may correct the note, and which
children a new note may be about, are read once for all the children, not once for each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.notes import services
from tests.factories import AllocationFactory, PersonFactory, RelationshipFactory
from tests.notes.conftest import details


def _queries(client, url: str) -> int:
    client.get(url)  # warm the caches (content types, note kinds)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _siblings(family, count: int):
    """`count` more children in the family's household, held by the worker's team."""
    born = []
    for n in range(count):
        child = PersonFactory(first_name=f"Sib{n}", last_name="Okafor", household=family.household)
        RelationshipFactory(from_person=family.amy, to_person=child, kind="sibling")
        AllocationFactory(child=child, team=family.team, worker=family.worker)
        born.append(child)
    return born


@pytest.mark.parametrize("page", ["notes:note", "notes:correct"])
def test_a_note_about_one_child_runs_the_queries_of_a_note_about_five(client, family, page):
    one = services.record_note(
        details=details(), children=[family.amy], by=family.worker, finalise=True
    )
    five = services.record_note(
        details=details(),
        children=[family.amy, family.ben, *_siblings(family, 3)],
        by=family.worker,
        finalise=True,
    )
    client.force_login(family.manager)

    counts = [_queries(client, reverse(page, args=[note.pk])) for note in (one, five)]

    assert counts[0] == counts[1]


def test_a_new_note_offers_a_family_of_any_size_in_the_same_queries(client, family):
    client.force_login(family.worker)
    small = _queries(client, reverse("notes:new", args=[family.amy.pk]))

    _siblings(family, 4)
    large = _queries(client, reverse("notes:new", args=[family.amy.pk]))

    assert small == large
