"""The allocation page's staff pickers follow one team, not the authority: the manager chooses the
team first ("Show this team's staff", a button that works without JavaScript and saves nothing),
and the worker, action owner and reassign lists offer only that team's active members (and the
manager). A person from another team posted anyway is refused next to the field."""

import re
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role, Team
from opencsc.casework.models import Allocation, DirectionAction
from opencsc.casework.services import allocate_referral
from tests.factories import TeamFactory, UserFactory

SHOW_STAFF = "show_staff"


def _borough(teams: int, staff: int = 3) -> list[Team]:
    """`teams` case-holding teams, each with `staff` social workers."""
    made = []
    for n in range(teams):
        team = TeamFactory(name=f"Borough team {n:02d}", kind=Team.Kind.ASSESSMENT)
        for s in range(staff):
            UserFactory(
                role=Role.SOCIAL_WORKER, team=team, first_name=f"Staff{n:02d}x{s}", last_name="Lee"
            )
        made.append(team)
    return made


def _options(page: str, name: str) -> list[str]:
    """The values of the <option>s of the select called `name`."""
    found = re.search(rf'<select[^>]* name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert found, f"no select {name}"
    return re.findall(r'<option value="([^"]*)"', found.group(1))


def _typed(team: Team, **extra) -> dict[str, str]:
    return {
        "submission_key": str(uuid.uuid4()),
        "replacing": "",
        "team": str(team.pk),
        "direction": "Focus on the baby's weight and the home conditions.",
        "action_1": "Weigh the baby with the health visitor",
        "due_on_1_day": "4",
        "due_on_1_month": "6",
        "due_on_1_year": "2026",
        **extra,
    }


def _members(team: Team) -> set[str]:
    return {str(pk) for pk in team.memberships.values_list("user_id", flat=True)}


@pytest.fixture
def url(referral) -> str:
    return reverse("casework:allocate", args=[referral.pk])


def test_a_head_of_service_sees_only_the_chosen_teams_staff(client, head_of_service, url):
    teams = _borough(4)
    client.force_login(head_of_service)

    opened = client.get(url).content.decode()
    chosen = client.post(url, {**_typed(teams[2]), SHOW_STAFF: "1"}).content.decode()

    # Before a team is chosen, no team's staff: only the manager themself.
    assert _options(opened, "worker") == ["", str(head_of_service.pk)]
    assert "Staff00x0" not in opened
    assert f'name="{SHOW_STAFF}"' in opened
    expected = _members(teams[2]) | {str(head_of_service.pk)}
    for name in ("worker", "assignee_1", "assignee_4", "standard_assignee"):
        offered = _options(chosen, name)
        assert set(offered) - {""} == expected, name
        assert len(offered) == len(expected) + 1
    assert "Staff01x0" not in chosen


def test_a_manager_of_one_team_sees_it_chosen_with_its_staff(
    client, manager, worker, assessment_team, url
):
    _borough(2)
    client.force_login(manager)

    page = client.get(url).content.decode()

    assert f'<option value="{assessment_team.pk}" selected>' in page
    assert set(_options(page, "worker")) == {"", str(manager.pk), str(worker.pk)}


def test_showing_another_teams_staff_keeps_what_was_typed_and_saves_nothing(
    client, head_of_service, url, referral
):
    first, second = _borough(2)
    picked = first.memberships.first().user
    client.force_login(head_of_service)
    typed = _typed(first, worker=str(picked.pk), assignee_1=str(picked.pk))

    shown = client.post(url, {**typed, "team": str(second.pk), SHOW_STAFF: "1"})

    page = shown.content.decode()
    assert shown.status_code == 200
    assert not Allocation.objects.filter(child=referral.child).exists()
    assert "govuk-error-summary" not in page
    assert "Focus on the baby&#x27;s weight and the home conditions." in page
    assert 'value="Weigh the baby with the health visitor"' in page
    assert set(_options(page, "worker")) - {""} == _members(second) | {str(head_of_service.pk)}
    assert f'<option value="{second.pk}" selected>' in page


def test_a_worker_from_another_team_is_refused_next_to_the_field(client, head_of_service, url):
    first, second = _borough(2)
    outsider = second.memberships.first().user
    client.force_login(head_of_service)

    response = client.post(
        url,
        _typed(first, worker=str(outsider.pk), assignee_1=str(outsider.pk)),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_worker-error"' in page
    assert 'id="id_assignee_1-error"' in page
    assert f"Choose a member of {first}" in page
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("hostile", ["abc", "-1", "0", "9" * 40, "1.5", ""])
def test_hostile_team_and_staff_ids_are_errors_never_a_500(client, head_of_service, url, hostile):
    first, _ = _borough(2)
    client.force_login(head_of_service)

    for data in (
        _typed(first, worker=hostile, assignee_1=hostile),
        {**_typed(first), "team": hostile},
        {**_typed(first), "team": hostile, SHOW_STAFF: "1"},
    ):
        response = client.post(url, data)
        assert response.status_code == 200
    assert not Allocation.objects.exists()


def test_the_reassign_lists_offer_only_the_chosen_teams_staff(
    client, head_of_service, manager, worker, assessment_team, referral, url
):
    """A case already held: its open directed actions are reassigned among the chosen team."""
    allocate_referral(
        referral=referral,
        team=assessment_team,
        worker=worker,
        direction="See Amara at home first.",
        actions=[("Visit Amara at home", worker, date(2026, 6, 3))],
        replacing=None,
        by=manager,
    )
    teams = _borough(3)
    action = DirectionAction.objects.get()
    client.force_login(head_of_service)

    page = client.post(url, {**_typed(teams[1]), SHOW_STAFF: "1"}).content.decode()

    offered = set(_options(page, f"reassign_to_{action.pk}")) - {""}
    assert offered == _members(teams[1]) | {str(head_of_service.pk)}


def _page(client, url, team: Team) -> tuple[int, int]:
    """The queries and the number of staff options of the page showing `team`'s staff."""
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {**_typed(team), SHOW_STAFF: "1"})
    assert response.status_code == 200
    page = response.content.decode()
    staff = sum(len(_options(page, name)) for name in ("worker", "assignee_1", "standard_assignee"))
    return len(captured), staff


def test_the_page_costs_the_same_at_two_teams_and_at_twelve(client, head_of_service, url):
    client.force_login(head_of_service)
    small = _borough(2)
    at_two = _page(client, url, small[0])
    more = [TeamFactory(name=f"More team {n:02d}", kind=Team.Kind.ASSESSMENT) for n in range(10)]
    for n, team in enumerate(more):
        for s in range(8):
            UserFactory(role=Role.SOCIAL_WORKER, team=team, first_name=f"More{n}x{s}")

    at_twelve = _page(client, url, small[0])

    assert at_two == at_twelve
