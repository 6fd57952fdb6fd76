"""The managers' missing tracking lists (issue 14, part 4): children missing now, returned and
awaiting an interview (overdue first, then by due time), interviews overdue; each line with the
child (a restricted record never named), the worker, the team, the hours and the due time; who
sees which children; the same queries at any size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.missing import services, tracking
from opencsc.missing.models import MissingEpisode
from tests.factories import AllocationFactory, PersonFactory, UserFactory
from tests.frontdoor.helpers import london
from tests.missing.conftest import details, police_episode, returned


def _staff_episode(world, child, **changes) -> MissingEpisode:
    return services.record_episode(details=details(**changes), child=child, by=world.practitioner)


def _page(client, key: str = "") -> str:
    url = reverse("missing:tracking") + (f"?list={key}" if key else "")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_team_manager_sees_their_teams_child_missing_now_with_worker_and_team(
    clock, client, world
):
    held = _staff_episode(world, world.held)
    _staff_episode(world, world.unknown)
    clock.now = london(2026, 6, 1, 10, 0)
    client.force_login(world.manager)

    body = _page(client)

    assert "Ben Okafor" in body
    assert "Wendy Worker" in body
    assert "Children in need team 1" in body
    assert held.reference in body
    assert ">64<" in body  # last seen Friday 18:00, now Monday 10:00
    assert "Cara Mensah" not in body  # no team holds her: the MASH's
    assert "opencsc-table-scroll" in body
    assert reverse("missing:tracking") in body  # the navigation


def test_the_mash_sees_children_no_team_holds_and_children_not_matched(clock, client, world):
    _staff_episode(world, world.held)
    _staff_episode(world, world.unknown)
    named = police_episode(world)
    client.force_login(world.practitioner)

    body = _page(client)

    assert "Cara Mensah" in body
    assert named.reference in body
    assert "not matched to a record yet" in body
    assert "Ben Okafor" not in body
    assert "No team: the MASH" in body


@pytest.mark.parametrize("role", [Role.HEAD_OF_SERVICE, Role.QUALITY_ASSURANCE])
def test_heads_of_service_and_quality_assurance_see_every_child(clock, client, world, role):
    _staff_episode(world, world.held)
    _staff_episode(world, world.unknown)
    client.force_login(UserFactory(role=role))

    body = _page(client)

    assert "Ben Okafor" in body
    assert "Cara Mensah" in body


def test_another_teams_manager_sees_none_of_them(clock, client, world):
    _staff_episode(world, world.held)
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=world.other_worker.teams.first())
    client.force_login(other_manager)

    body = _page(client)

    assert "Ben Okafor" not in body
    assert "No child you track is missing now." in body


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR])
def test_others_may_not_open_the_lists(client, world, role):
    client.force_login(UserFactory(role=role, team=world.team))

    assert client.get(reverse("missing:tracking")).status_code == 403


def test_a_restricted_record_is_never_named(clock, client, world):
    _staff_episode(world, world.held)
    world.held.is_restricted = True
    world.held.save()
    client.force_login(world.manager)

    body = _page(client)

    assert "Ben Okafor" not in body
    assert "Restricted record" in body


def test_awaiting_lists_the_overdue_first_then_by_due_time_and_overdue_only_the_overdue(
    clock, client, world
):
    # Returned Saturday 06:00 (due Tuesday 06:00), Sunday 09:00 (due Wednesday 09:00), Friday
    # 19:00 (due Monday 19:00); now Tuesday 10:00.
    late = returned(
        _staff_episode(world, world.held), london(2026, 5, 30, 6, 0), world.practitioner
    )
    second = AllocationFactory(team=world.team, worker=world.worker).child
    not_yet = returned(_staff_episode(world, second), london(2026, 5, 31, 9, 0), world.practitioner)
    third = AllocationFactory(team=world.team, worker=world.worker).child
    earliest = returned(
        _staff_episode(world, third), london(2026, 5, 29, 19, 0), world.practitioner
    )
    clock.now = london(2026, 6, 2, 10, 0)
    client.force_login(world.manager)

    awaiting = _page(client, tracking.AWAITING)
    overdue = _page(client, tracking.OVERDUE)

    order = [awaiting.index(e.reference) for e in (earliest, late, not_yet)]
    assert order == sorted(order)
    assert "1 Jun 2026 19:00" in awaiting  # the due time
    assert awaiting.count("govuk-tag--red") == 2
    assert ">87<" in awaiting  # Friday 19:00 to Tuesday 10:00
    assert earliest.reference in overdue
    assert late.reference in overdue
    assert not_yet.reference not in overdue
    assert "Missing now (0)" in overdue
    assert "Awaiting a return home interview (3)" in overdue
    assert "Interviews overdue (2)" in overdue


def test_an_answered_interview_leaves_the_awaiting_list(clock, client, world):
    episode = returned(
        _staff_episode(world, world.held), london(2026, 5, 30, 9, 0), world.practitioner
    )
    officer = UserFactory(role=Role.RETURN_INTERVIEW_OFFICER)
    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 31, 12, 0),
        method="phone",
        outcome="declined",
        notes="",
        by=officer,
    )
    client.force_login(world.manager)

    assert episode.reference not in _page(client, tracking.AWAITING)


def test_a_bad_list_shows_the_first_list(clock, client, world):
    client.force_login(world.manager)

    body = _page(client, "<script>")

    assert "Missing now" in body


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("key", list(tracking.LISTS))
def test_each_list_runs_the_same_queries_at_two_sizes(clock, client, world, key):
    def add() -> None:
        child = AllocationFactory(team=world.team, worker=world.worker).child
        if key == tracking.REPEAT:
            _episodes(world, child, (3, 5), (4, 20), (5, 29))
            return
        episode = _staff_episode(world, child)
        if key != tracking.MISSING_NOW:
            returned(episode, london(2026, 5, 29, 19, 0), world.practitioner)

    client.force_login(world.manager)
    url = reverse("missing:tracking") + f"?list={key}"
    add()
    one = _queries(client, url)
    for _ in range(6):
        add()
    _staff_episode(world, PersonFactory())  # not the team's

    assert _queries(client, url) == one


def _episodes(world, child, *days: tuple[int, int]) -> list[MissingEpisode]:
    """Episodes of `child` last seen at 18:00 on each (month, day) of 2026, each returned."""
    made = []
    for month, day in days:
        seen = london(2026, month, day, 18, 0)
        episode = _staff_episode(
            world, child, missing_since=seen, reported_at=seen.replace(hour=19)
        )
        made.append(returned(episode, seen.replace(hour=22), world.practitioner))
    return made


def test_repeat_missing_lists_a_child_with_three_episodes_in_90_days_once(clock, client, world):
    # 1 June 2026: the window is 4 March to 1 June. Ben: 5 March, 20 April, 29 May (3 in it).
    # Another held child: 2 March (outside), 20 April, 29 May (2 in it): not repeat missing.
    latest = _episodes(world, world.held, (3, 5), (4, 20), (5, 29))[-1]
    other = AllocationFactory(team=world.team, worker=world.worker).child
    other.first_name, other.last_name = "Dan", "Ellis"
    other.save()
    _episodes(world, other, (3, 2), (4, 20), (5, 29))
    client.force_login(world.manager)

    body = _page(client, tracking.REPEAT)

    assert "Repeat missing (1)" in body
    assert body.count("Ben Okafor") == 1
    assert latest.reference in body  # the latest episode's line
    assert ">3<" in body  # episodes in the window
    assert "Episodes in 90 days" in body
    assert "Dan Ellis" not in body


def test_repeat_missing_is_for_the_children_the_viewer_tracks(clock, client, world):
    _episodes(world, world.held, (3, 5), (4, 20), (5, 29))
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=world.other_worker.teams.first())
    client.force_login(other_manager)

    body = _page(client, tracking.REPEAT)

    assert "Ben Okafor" not in body
    assert "No child you track is repeat missing." in body
