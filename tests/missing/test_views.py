"""The pages of missing episodes: the police's own pages (need to know: only what they supplied),
staff recording from a child's record, the return, the MASH's list, matching and deciding; the
child's record and chronology; hostile input; query counts that do not grow with the data."""

import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.audit.models import AccessLog
from opencsc.missing import services
from opencsc.missing.models import MissingEpisode
from opencsc.permissions import Action
from tests.factories import PersonFactory
from tests.frontdoor.helpers import london
from tests.missing.conftest import details, named, police_episode, returned


def _report(**changes: Any) -> dict[str, Any]:
    data = {
        "submission_key": str(uuid.uuid4()),
        "missing_since_on_day": "29",
        "missing_since_on_month": "5",
        "missing_since_on_year": "2026",
        "missing_since_time": "18:00",
        "reported_on_day": "29",
        "reported_on_month": "5",
        "reported_on_year": "2026",
        "reported_time": "20:00",
        "reported_by": "Mother",
        "absence": "missing",
        "police_risk": "high",
        "missing_from": "home",
    }
    data.update(changes)
    return data


def _return(**changes: Any) -> dict[str, Any]:
    data = {
        "submission_key": str(uuid.uuid4()),
        "returned_on_day": "30",
        "returned_on_month": "5",
        "returned_on_year": "2026",
        "returned_time": "09:00",
        "found_where": "A friend's flat",
    }
    data.update(changes)
    return data


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_police_report_a_child_missing_on_their_pages(clock, client, world):
    client.force_login(world.officer)

    response = client.post(
        reverse("missing:police-new"),
        _report(child_name="Cara Mensah", child_address="1 High Street"),
    )

    episode = MissingEpisode.objects.get()
    assert response.status_code == 302
    assert (episode.given_name, episode.agency, episode.police_risk) == (
        "Cara Mensah",
        world.police,
        "high",
    )


def test_a_partner_agency_that_is_not_the_police_has_no_missing_pages(clock, client, world):
    client.force_login(world.health_user)

    assert client.get(reverse("missing:police-new")).status_code == 403
    assert client.get(reverse("missing:police")).status_code == 403


def test_the_police_list_their_own_episodes_only(clock, client, world):
    police_episode(world)
    services.record_episode(details=details(), named=named("Zed Other"), by=world.other_officer)
    client.force_login(world.officer)

    response = client.get(reverse("missing:police"))

    assert b"Cara Mensah" in response.content
    assert b"Zed Other" not in response.content


def test_the_police_open_only_their_own_episode(clock, client, world):
    episode = police_episode(world)
    url = reverse("missing:episode", args=[episode.pk])

    client.force_login(world.other_officer)
    assert client.get(url).status_code == 404
    client.force_login(world.health_user)
    assert client.get(url).status_code == 404
    client.force_login(world.officer)
    assert client.get(url).status_code == 200


def test_the_police_never_see_the_record_the_mash_matched(clock, client, world):
    episode = police_episode(world)
    services.match_child(episode=episode, child=world.held, by=world.practitioner)
    client.force_login(world.officer)

    response = client.get(reverse("missing:episode", args=[episode.pk]))

    assert b"Cara Mensah" in response.content
    assert b"Okafor" not in response.content
    assert world.team.name.encode() not in response.content


def test_the_police_record_the_return_on_their_page(clock, client, world):
    episode = police_episode(world)
    client.force_login(world.officer)

    response = client.post(reverse("missing:return", args=[episode.pk]), _return())

    episode.refresh_from_db()
    assert response.status_code == 302
    assert episode.returned_at == london(2026, 5, 30, 9, 0)


def test_a_return_before_the_child_went_missing_is_an_error_next_to_the_date(clock, client, world):
    episode = police_episode(world)
    client.force_login(world.officer)

    response = client.post(
        reverse("missing:return", args=[episode.pk]),
        _return(returned_on_day="29", returned_time="17:00"),
    )

    assert response.status_code == 200
    assert "returned_on" in response.context["form"].errors
    assert MissingEpisode.objects.get().returned_at is None


def test_staff_record_a_child_missing_from_the_record(clock, client, world):
    client.force_login(world.worker)
    url = reverse("missing:new", args=[world.held.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, _report())

    episode = MissingEpisode.objects.get()
    assert response.status_code == 302
    assert (episode.child, episode.recorded_by, episode.agency) == (world.held, world.worker, None)


def test_a_worker_cannot_record_a_child_another_team_holds(clock, client, world):
    client.force_login(world.other_worker)

    assert client.get(reverse("missing:new", args=[world.held.pk])).status_code == 404


def test_the_episode_page_is_logged_against_the_child(clock, client, world):
    episode = services.record_episode(details=details(), child=world.held, by=world.worker)
    client.force_login(world.manager)

    assert client.get(reverse("missing:episode", args=[episode.pk])).status_code == 200

    assert AccessLog.objects.filter(
        user=world.manager, child=world.held, action=Action.VIEW_MISSING_EPISODE.value
    ).exists()


def test_another_team_gets_404_for_the_episode(clock, client, world):
    episode = services.record_episode(details=details(), child=world.held, by=world.worker)
    client.force_login(world.other_worker)

    assert client.get(reverse("missing:episode", args=[episode.pk])).status_code == 404


def test_the_childs_record_shows_the_missing_history_and_chronology(clock, client, world):
    episode = services.record_episode(details=details(), child=world.held, by=world.worker)
    returned(episode, london(2026, 5, 30, 9, 0), world.worker)
    client.force_login(world.worker)

    response = client.get(reverse("record:missing", args=[world.held.pk]))

    assert response.context["missing_episodes"] == [episode]
    assert episode.reference in response.content.decode()
    content = client.get(reverse("record:chronology", args=[world.held.pk])).content.decode()
    assert f"Missing from home (medium risk): episode {episode.reference}" in content
    assert f"Found or returned: missing episode {episode.reference}" in content


def test_the_mash_lists_unmatched_and_not_known_children(clock, client, world):
    unmatched = police_episode(world)
    not_known = services.record_episode(
        details=details(), child=world.unknown, by=world.practitioner
    )
    held = services.record_episode(details=details(), child=world.held, by=world.worker)
    client.force_login(world.practitioner)

    response = client.get(reverse("missing:mash"))

    assert list(response.context["page_obj"]) == [unmatched, not_known]
    assert held not in response.context["page_obj"]


def test_the_mash_list_is_the_mash_s(clock, client, world):
    client.force_login(world.worker)

    assert client.get(reverse("missing:mash")).status_code == 403


def test_the_mash_matches_a_named_child_through_the_person_search(clock, client, world):
    episode = police_episode(world)
    client.force_login(world.practitioner)
    url = reverse("missing:match", args=[episode.pk])

    page = client.get(url)
    response = client.post(url, {"child": world.unknown.pk})

    assert page.status_code == 200
    assert page.context["searched"] is True  # searched at once by the name the police gave
    assert world.unknown in [row.person for row in page.context["rows"]]
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.child == world.unknown


def test_the_mash_decides_on_its_page(clock, client, world):
    episode = services.record_episode(details=details(), child=world.unknown, by=world.practitioner)
    client.force_login(world.practitioner)

    response = client.post(
        reverse("missing:decide", args=[episode.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "follow_up": "contact",
            "follow_up_reason": "Second episode this month",
        },
    )

    episode.refresh_from_db()
    assert response.status_code == 302
    assert episode.follow_up == "contact"


@pytest.mark.parametrize(
    "changes",
    [
        {"missing_since_on_day": "31", "missing_since_on_month": "2"},
        {"missing_since_time": "25:99"},
        {"reported_time": "'; DROP TABLE missing_missingepisode; --"},
        {"police_risk": "extreme"},
        {"reported_on_year": "99999999999999999999"},
        {"reported_by": "x" * 5000},
        {"child_name": "<script>alert(1)</script>", "reported_on_day": "28"},
    ],
)
def test_hostile_input_is_refused_without_an_error_page(clock, client, world, changes):
    client.force_login(world.officer)

    response = client.post(
        reverse("missing:police-new"), _report(child_name="Cara Mensah") | changes
    )

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert not MissingEpisode.objects.exists()


@pytest.mark.parametrize("value", ["0", "99999999999999999999", "abc", "-1"])
def test_a_hostile_child_to_match_is_not_found(clock, client, world, value):
    episode = police_episode(world)
    client.force_login(world.practitioner)

    response = client.post(reverse("missing:match", args=[episode.pk]), {"child": value})

    assert response.status_code == 404


def test_the_mash_list_runs_the_same_queries_at_any_size(clock, client, world):
    police_episode(world)
    services.record_episode(details=details(), child=world.unknown, by=world.practitioner)
    client.force_login(world.practitioner)
    url = reverse("missing:mash")
    few = _queries(client, url)
    for _ in range(6):
        episode = police_episode(world)
        services.match_child(episode=episode, child=PersonFactory(), by=world.practitioner)
        services.record_episode(details=details(), child=world.unknown, by=world.practitioner)

    assert _queries(client, url) == few


def test_the_police_list_runs_the_same_queries_at_any_size(clock, client, world):
    police_episode(world)
    client.force_login(world.officer)
    url = reverse("missing:police")
    few = _queries(client, url)
    for _ in range(8):
        returned(police_episode(world), london(2026, 5, 30, 9, 0), world.officer)

    assert _queries(client, url) == few


def test_the_childs_record_runs_the_same_queries_whatever_the_episodes(clock, client, world):
    services.record_episode(details=details(), child=world.held, by=world.worker)
    client.force_login(world.worker)
    url = reverse("record:child", args=[world.held.pk])
    few = _queries(client, url)
    for _ in range(5):
        episode = services.record_episode(details=details(), child=world.held, by=world.worker)
        returned(episode, london(2026, 5, 30, 9, 0), world.worker)

    assert _queries(client, url) == few


def test_the_episode_reaches_the_workers_tray_the_same_day(clock, client, world):
    clock.now = london(2026, 5, 29, 21, 0)  # the evening of the report
    episode = police_episode(world)
    services.match_child(episode=episode, child=world.held, by=world.practitioner)
    client.force_login(world.worker)

    response = client.get(reverse("workforce:tray"))

    content = response.content.decode()
    assert "Children you hold reported missing" in content
    assert "Child you hold reported missing" in content
    item = next(
        line.item for line in response.context["lines"] if line.item.summary.startswith("Child")
    )
    opened = client.get(reverse("workforce:tray-open", args=[item.pk]))
    assert opened.url == reverse("missing:episode", args=[episode.pk])
