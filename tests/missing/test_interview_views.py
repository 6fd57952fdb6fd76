"""The pages of return home interviews: the officer's list (overdue first, hours since the
return, the same queries for one row or many), the interview page (offers, the interview, the
actions), who may open them (the officer never the record), errors next to the field, the
allocated worker refused with a clear error, and every opening logged."""

import re
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role, User
from opencsc.audit.models import AccessLog
from opencsc.missing import services
from opencsc.missing.models import (
    InterviewAction,
    InterviewAttempt,
    MissingEpisode,
    ReturnInterview,
)
from opencsc.permissions import Action
from tests.factories import AllocationFactory, PersonFactory, UserFactory
from tests.frontdoor.helpers import london
from tests.missing.conftest import details, police_episode, returned


@pytest.fixture
def rio(db) -> User:
    return UserFactory(role=Role.RETURN_INTERVIEW_OFFICER, first_name="Rita", last_name="Ives")


def _returned(world, child=None, at=None) -> MissingEpisode:
    at = at or london(2026, 5, 30, 9, 0)
    if child is None:
        return returned(police_episode(world), at, world.officer)
    episode = services.record_episode(details=details(), child=child, by=world.practitioner)
    return returned(episode, at, world.practitioner)


def _offer(**changes: Any) -> dict[str, Any]:
    data = {
        "submission_key": str(uuid.uuid4()),
        "attempted_on_day": "31",
        "attempted_on_month": "5",
        "attempted_on_year": "2026",
        "attempted_time": "12:00",
        "method": "phone",
        "outcome": "declined",
    }
    data.update(changes)
    return data


def _interview(**changes: Any) -> dict[str, Any]:
    data = {
        "submission_key": str(uuid.uuid4()),
        "held_on_day": "1",
        "held_on_month": "6",
        "held_on_year": "2026",
        "held_time": "09:00",
        "method": "in_person",
        "why_went": "Arguments at home",
        "indicators": ["county_lines"],
    }
    data.update(changes)
    return data


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_officer_lists_returned_episodes_overdue_first(clock, client, world, rio):
    older = _returned(world, at=london(2026, 5, 30, 6, 0))
    newer = _returned(world, child=world.unknown, at=london(2026, 5, 31, 9, 0))
    clock.now = london(2026, 6, 2, 10, 0)
    client.force_login(rio)

    response = client.get(reverse("missing:interviews"))

    body = response.content.decode()
    assert response.status_code == 200
    assert body.index(f"episode {older.reference}") < body.index(f"episode {newer.reference}")
    assert ">76 <strong" in body  # 06:00 Saturday to 10:00 Tuesday: overdue
    assert ">49<" in body  # 09:00 Sunday: not yet
    assert "opencsc-table-scroll" in body
    assert reverse("missing:interviews") in body  # the navigation


def test_a_declined_or_held_episode_leaves_the_list(clock, client, world, rio):
    declined = _returned(world)
    client.force_login(rio)
    client.post(reverse("missing:interview-offer", args=[declined.pk]), _offer())

    response = client.get(reverse("missing:interviews"))

    assert f"episode {declined.reference}" not in response.content.decode()


def test_the_list_runs_the_same_queries_for_one_row_or_many(clock, client, world, rio):
    client.force_login(rio)
    _returned(world, child=PersonFactory())
    one = _queries(client, reverse("missing:interviews"))
    for _ in range(4):
        _returned(world, child=PersonFactory())
    _returned(world, child=world.unknown)

    assert _queries(client, reverse("missing:interviews")) == one


def test_declined_then_offered_again_then_held_through_the_pages(clock, client, world, rio):
    episode = _returned(world, child=world.unknown)
    client.force_login(rio)

    first = client.post(reverse("missing:interview-offer", args=[episode.pk]), _offer())
    client.post(
        reverse("missing:interview-offer", args=[episode.pk]),
        _offer(
            attempted_on_day="1", attempted_on_month="6", attempted_time="08:00", outcome="accepted"
        ),
    )
    held = client.post(reverse("missing:interview-record", args=[episode.pk]), _interview())
    client.post(
        reverse("missing:interview-action", args=[episode.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "action": "Refer to the youth service",
            "team": str(world.team.pk),
            "owner": str(world.worker.pk),
            "due_on_day": "8",
            "due_on_month": "6",
            "due_on_year": "2026",
        },
    )
    page = client.get(reverse("missing:interview", args=[episode.pk]))

    assert first.status_code == 302
    assert held.status_code == 302
    assert InterviewAttempt.objects.filter(episode=episode).count() == 2
    assert ReturnInterview.objects.get(episode=episode).interviewer == rio
    body = page.content.decode()
    assert "Refer to the youth service" in body
    assert "County lines" in body
    assert "Cara Mensah" in body


def _owners(page: str) -> set[str]:
    found = re.search(r'<select[^>]* name="owner"[^>]*>(.*?)</select>', page, re.S)
    assert found
    return set(re.findall(r'<option value="(\d+)"', found.group(1)))


def test_the_actions_owner_is_chosen_among_one_teams_staff(clock, client, world, rio):
    """The owner list follows the team chosen ("Show this team's staff", nothing saved), never
    every member of staff; someone of another team posted anyway is refused next to the field."""
    episode = _returned(world, child=world.unknown)
    client.force_login(rio)
    offer = _offer(attempted_on_day="1", attempted_on_month="6", outcome="accepted")
    client.post(reverse("missing:interview-offer", args=[episode.pk]), offer)
    client.post(reverse("missing:interview-record", args=[episode.pk]), _interview())
    url = reverse("missing:interview-action", args=[episode.pk])
    typed = {
        "submission_key": str(uuid.uuid4()),
        "action": "Refer to the youth service",
        "team": str(world.team.pk),
        "due_on_day": "8",
        "due_on_month": "6",
        "due_on_year": "2026",
    }

    opened = client.get(url).content.decode()
    shown = client.post(url, {**typed, "show_staff": "1"}).content.decode()
    refused = client.post(url, {**typed, "owner": str(world.other_worker.pk)})

    assert _owners(opened) == {str(rio.pk)}
    assert _owners(shown) == {str(rio.pk), str(world.worker.pk), str(world.manager.pk)}
    assert 'value="Refer to the youth service"' in shown
    assert "govuk-error-summary" not in shown
    assert refused.status_code == 200
    assert 'id="id_owner-error"' in refused.content.decode()
    assert f"Choose a member of {world.team}" in refused.content.decode()
    assert not InterviewAction.objects.exists()


def test_errors_show_next_to_the_field(clock, client, world, rio):
    episode = _returned(world)
    client.force_login(rio)

    response = client.post(
        reverse("missing:interview-record", args=[episode.pk]),
        _interview(why_went="", harm_disclosed="physical"),
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="why_went-error"' in body or "Enter why the child went" in body
    assert "Enter what the child said about the harm" in body
    assert not ReturnInterview.objects.exists()


def test_the_allocated_worker_is_refused_with_a_clear_error(clock, client, world, rio):
    child = PersonFactory()
    AllocationFactory(child=child, team=world.team, worker=rio)
    episode = services.record_episode(details=details(), child=child, by=world.manager)
    returned(episode, london(2026, 5, 30, 9, 0), world.manager)
    client.force_login(rio)

    response = client.post(reverse("missing:interview-offer", args=[episode.pk]), _offer())

    assert response.status_code == 200
    assert "allocated worker" in response.content.decode()
    assert not InterviewAttempt.objects.exists()


def test_the_officer_never_opens_the_record(clock, client, world, rio):
    episode = _returned(world, child=world.held)
    client.force_login(rio)

    episode_page = client.get(reverse("missing:episode", args=[episode.pk]))
    record = client.get(reverse("record:child", args=[world.held.pk]))

    assert episode_page.status_code == 200
    assert reverse("record:child", args=[world.held.pk]) not in episode_page.content.decode()
    assert reverse("missing:interview", args=[episode.pk]) in episode_page.content.decode()
    assert record.status_code == 404


def test_the_officer_does_not_open_an_episode_still_missing(clock, client, world, rio):
    episode = police_episode(world)
    client.force_login(rio)

    assert client.get(reverse("missing:episode", args=[episode.pk])).status_code == 404
    assert client.get(reverse("missing:interview", args=[episode.pk])).status_code == 404


def test_staff_read_the_interview_but_do_not_record_it(clock, client, world):
    episode = _returned(world, child=world.held)
    client.force_login(world.worker)

    page = client.get(reverse("missing:interview", args=[episode.pk]))
    offer = client.get(reverse("missing:interview-offer", args=[episode.pk]))

    assert page.status_code == 200
    assert offer.status_code == 403
    assert reverse("missing:interview-offer", args=[episode.pk]) not in page.content.decode()


def test_the_police_have_no_interview_pages(clock, client, world):
    episode = _returned(world)
    client.force_login(world.officer)

    assert client.get(reverse("missing:interview", args=[episode.pk])).status_code in {403, 404}
    assert client.get(reverse("missing:interviews")).status_code == 403


def test_opening_the_interview_is_logged_against_the_child(clock, client, world, rio):
    episode = _returned(world, child=world.held)
    client.force_login(rio)

    client.get(reverse("missing:interview", args=[episode.pk]))

    assert AccessLog.objects.filter(
        user=rio, child=world.held, action=Action.VIEW_RETURN_INTERVIEW
    ).exists()


def test_the_interview_page_runs_the_same_queries_with_many_attempts(clock, client, world, rio):
    episode = _returned(world, child=world.unknown)
    client.force_login(rio)
    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 30, 12, 0),
        method="phone",
        outcome="not_reached",
        by=rio,
    )
    one = _queries(client, reverse("missing:interview", args=[episode.pk]))
    for hour in (13, 14, 15, 16):
        services.record_attempt(
            episode=episode,
            attempted_at=london(2026, 5, 30, hour, 0),
            method="phone",
            outcome="not_reached",
            by=rio,
        )

    assert _queries(client, reverse("missing:interview", args=[episode.pk])) == one


def test_the_home_page_leads_the_police_and_the_officer_to_their_missing_pages(client, world, rio):
    police_link = f'href="{reverse("missing:police")}"'
    interviews_link = f'href="{reverse("missing:interviews")}"'
    homes = {}
    for user in (world.officer, rio, world.worker, world.health_user):
        client.force_login(user)
        homes[user.pk] = client.get(reverse("record:home")).content.decode()

    main = {pk: page.split('id="main-content"', 1)[-1] for pk, page in homes.items()}
    assert police_link in main[world.officer.pk]
    assert interviews_link in main[rio.pk]
    assert police_link not in main[world.health_user.pk]
    assert interviews_link not in main[world.worker.pk]
    assert police_link not in main[world.worker.pk]
