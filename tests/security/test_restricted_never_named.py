"""A restricted child is named only to the staff named on the record (issue 11, part 1).

The acceptance test renders every page of the app (every URL pattern, with every real id) for a
member of staff of every role and finds the child's name, date of birth, record number or id only
on the pages of the one social worker named on the record. The tests before it pin each leak the
review found, one by one."""

from collections.abc import Iterator
from unittest.mock import patch
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse

from opencsc.assessments.models import Assessment
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.people import display
from opencsc.timescales.models import DueItem
from tests.frontdoor.conftest import Clock
from tests.frontdoor.helpers import london
from tests.security.restricted_world import (
    FIRST_NAME,
    FRONT_DOOR_MARKERS,
    FRONT_DOOR_PK,
    LAST_NAME,
    MARKERS,
    PK,
    World,
    build_world,
)
from tests.security.site_map import page_urls


@pytest.fixture
def clock() -> Iterator[Clock]:
    frozen = Clock(london(2026, 6, 1, 10, 0))
    with patch("django.utils.timezone.now", new=frozen):
        yield frozen


@pytest.fixture
def world(db, clock) -> World:
    return build_world()


def _markers_in(content: bytes, markers: tuple[str, ...] = MARKERS) -> list[str]:
    # The one address that carries a hidden record's id: the page managing who may open it, which
    # part 3 of issue 11 links for the managers who may lift or change a restriction (a head of
    # service, the holding team's or the MASH's managers) without letting them open the record.
    text = content.decode()
    for pk in (PK, FRONT_DOOR_PK):
        text = text.replace(reverse("casework:restrict", args=[pk]), "")
    return [marker for marker in markers if marker in text]


def _get(client: Client, user, path: str) -> bytes:
    client.force_login(user)
    return client.get(path).content


# The pages the review named, one test each: fails before issue 11, passes after.


def test_the_siblings_family_and_household_panels(client, world):
    user = world.staff["holding team's social worker"]

    content = _get(client, user, reverse("record:child", args=[world.sibling.pk]))

    assert _markers_in(content) == []
    assert b"Restricted record" in content


def test_the_parents_family_and_household_panels(client, world):
    user = world.staff["head of service"]

    content = _get(client, user, reverse("record:child", args=[world.parent.pk]))

    assert _markers_in(content) == []
    assert b"Restricted record" in content


def test_the_transfers_list(client, world):
    user = world.staff["receiving team's manager"]

    content = _get(client, user, reverse("casework:transfers"))

    assert _markers_in(content) == []
    assert b"Restricted record" in content


def test_the_assessed_with_line_of_the_siblings_assessment(client, world):
    user = world.staff["holding team's social worker"]
    assessment = Assessment.objects.get(child=world.sibling)

    content = _get(client, user, reverse("assessments:detail", args=[assessment.pk]))

    assert _markers_in(content) == []
    assert b"Restricted record" in content


def test_the_contact_page(client, world):
    user = world.staff["MASH practitioner"]
    content = _get(client, user, reverse("frontdoor:contact-detail", args=[world.contact.pk]))

    assert _markers_in(content) == []
    assert b"Restricted record" in content


def test_the_assessments_to_authorise(client, world):
    user = world.staff["holding team's manager"]

    content = _get(client, user, reverse("assessments:awaiting"))

    assert _markers_in(content) == []


def test_due_item_summaries_never_embed_a_name(world):
    summaries = list(
        DueItem.objects.filter(child=world.restricted).values_list("summary", flat=True)
    )

    assert summaries
    assert not [s for s in summaries if FIRST_NAME in s or LAST_NAME in s]


def test_no_stored_text_embeds_the_name(world):
    """The access log, the chronology and due items name a child by their key, never in words."""
    stored = [
        *AccessLog.objects.values_list("summary", flat=True),
        *ChronologyEntry.objects.values_list("summary", flat=True),
        *DueItem.objects.values_list("summary", flat=True),
    ]

    assert [text for text in stored if FIRST_NAME in text or LAST_NAME in text] == []


def test_the_siblings_chronology_names_the_child_per_viewer(client, world):
    stored = list(
        ChronologyEntry.objects.filter(child=world.sibling).values_list("summary", flat=True)
    )
    assert not [s for s in stored if FIRST_NAME in s]
    assert [s for s in stored if display.token(world.restricted) in s]

    for user, sees in ((world.named, True), (world.staff["head of service"], False)):
        content = _get(client, user, reverse("record:child", args=[world.sibling.pk]))
        assert (FIRST_NAME.encode() in content) is sees


def test_the_named_worker_sees_the_child_everywhere(client, world):
    """The markers can be found: the walk below would catch a page that printed them."""
    for path in (
        reverse("record:child", args=[world.sibling.pk]),
        reverse("record:child", args=[world.restricted.pk]),
    ):
        content = _get(client, world.named, path)
        assert FIRST_NAME in content.decode(), path


def test_the_trays_of_staff_not_named_show_the_child_only_as_restricted(client, world):
    """Issue 12: the worker's tray holds a directed action naming the child in its text, work
    returned and a note to read about the child; the team tray the overdue action."""
    worker = world.staff["holding team's social worker"]

    tray = _get(client, worker, reverse("workforce:tray"))
    team_tray = _get(client, world.staff["holding team's manager"], reverse("workforce:team-tray"))

    assert _markers_in(tray) == []
    assert b"Restricted record" in tray
    assert b"Action a manager directed" in tray
    assert _markers_in(team_tray) == []


def test_the_named_worker_sees_the_child_on_their_tray(client, world):
    content = _get(client, world.named, reverse("workforce:tray"))

    assert FIRST_NAME in content.decode()


# The acceptance test: every page, every role.


def test_no_page_names_the_restricted_child_to_anyone_not_named_on_it(world):
    pages = page_urls()
    leaks: list[str] = []
    seen_by_named = {world.named.pk: 0, world.front_door_named.pk: 0}
    for role, user in world.staff.items():
        client = Client()
        client.force_login(user)
        for page in pages:
            response = client.get(page.path)
            assert response.status_code < 500, (role, page.path)
            for markers, named in (
                (MARKERS, world.named),
                (FRONT_DOOR_MARKERS, world.front_door_named),
            ):
                found = _markers_in(response.content, markers)
                if user == named:
                    seen_by_named[user.pk] += bool(found)
                elif found:
                    leaks.append(f"{role}: {page.name} {page.path} shows {found}")

    assert leaks == []
    # The markers can be found: each named member of staff sees their child on many pages.
    assert min(seen_by_named.values()) > 3, seen_by_named


def test_searches_that_match_the_child_do_not_name_them(world):
    """Searches by the start of the surname and the family's postcode match the restricted
    children (without echoing a marker back from the query): the results name them only to the
    staff named on them."""
    postcode = world.restricted.household.address.postcode
    query = urlencode({"name": "Zqx", "postcode": postcode})
    paths = [
        f"{reverse('people:search')}?{query}",
        f"{reverse('people:relative-find', args=[world.sibling.pk])}?{query}",
        f"{reverse('frontdoor:contact-children', args=[world.contact.pk])}?{query}",
    ]
    leaks = []
    for role, user in world.staff.items():
        client = Client()
        client.force_login(user)
        for path in paths:
            content = client.get(path).content
            for markers, named in (
                (MARKERS, world.named),
                (FRONT_DOOR_MARKERS, world.front_door_named),
            ):
                found = _markers_in(content, markers)
                if found and user != named:
                    leaks.append(f"{role}: {path} shows {found}")

    assert leaks == []
    # The search does find the child: their named social worker sees them in the results.
    assert FIRST_NAME in _get(Client(), world.named, paths[0]).decode()


def test_search_with_involvement_flags_never_lists_the_restricted_child(world):
    """Issue 12: search lists every matching record with its involvement flag, except a restricted
    record that does not name the viewer (its holders see only "Restricted record")."""
    query = {"name": "Zqx", "postcode": world.restricted.household.address.postcode}
    listed = {}
    for role, user in world.staff.items():
        client = Client()
        client.force_login(user)
        response = client.get(reverse("people:search"), query)
        listed[role] = {row.person for row in (response.context or {}).get("rows", [])}

    for role, people in listed.items():
        assert (world.restricted in people) is (role == "named social worker"), role
        assert (world.front_door_child in people) is (role == "named MASH practitioner"), role


def test_the_restricted_childs_warnings_open_only_for_the_named_worker(client, world):
    warnings = reverse("record:warnings", args=[world.restricted.pk])
    review = reverse("record:warning-review", args=[world.restricted.warnings.get().pk])

    for path in (warnings, review):
        assert client.get(path).status_code == 302  # signed out
        client.force_login(world.staff["holding team's manager"])
        assert client.get(path).status_code == 404
        client.force_login(world.named)
        assert client.get(path).status_code == 200
        client.logout()


def test_the_siblings_banner_warns_of_the_parent_and_never_names_the_child(client, world):
    content = _get(
        client,
        world.staff["holding team's social worker"],
        reverse("record:child", args=[world.sibling.pk]),
    )

    assert b"Risk to staff" in content
    assert b"Grace Okafor, an adult in the household" in content
    assert _markers_in(content) == []
