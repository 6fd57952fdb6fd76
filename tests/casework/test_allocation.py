"""Allocating a child's case to a team and worker."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.casework.models import Allocation
from opencsc.casework.services import allocate
from opencsc.chronology.models import ChronologyEntry
from tests.factories import AllocationFactory, PersonFactory, TeamFactory


@pytest.fixture
def team_manager(make_user, assessment_team):
    return make_user(Role.TEAM_MANAGER, team=assessment_team)


def test_allocating_ends_the_open_allocation_the_day_the_new_one_starts(
    team_manager, social_worker, assessment_team
):
    current = AllocationFactory(team=assessment_team, started_on=date(2026, 1, 5))

    allocation = allocate(
        child=current.child,
        team=assessment_team,
        worker=social_worker,
        started_on=date(2026, 3, 2),
        by=team_manager,
    )

    current.refresh_from_db()
    assert current.ended_on == date(2026, 3, 2)
    assert (allocation.team, allocation.worker, allocation.ended_on) == (
        assessment_team,
        social_worker,
        None,
    )
    assert Allocation.objects.filter(child=current.child, ended_on=None).get() == allocation


def test_allocating_is_noted_on_the_chronology_and_logged(
    team_manager, social_worker, assessment_team
):
    child = PersonFactory(recording_team=assessment_team)
    social_worker.first_name, social_worker.last_name = "Nia", "Worker"
    social_worker.save()

    allocate(
        child=child,
        team=assessment_team,
        worker=social_worker,
        started_on=date(2026, 3, 2),
        by=team_manager,
    )

    entry = ChronologyEntry.objects.get(child=child)
    assert (entry.kind, entry.happened_on, entry.summary) == (
        "allocated",
        date(2026, 3, 2),
        "Case allocated to Assessment team 1 (Nia Worker)",
    )
    assert AccessLog.objects.get(child=child).action == "casework.allocate"


def test_only_a_childs_case_is_allocated(team_manager, assessment_team):
    with pytest.raises(ValidationError, match=r"Only a child's case can be allocated\."):
        allocate(
            child=PersonFactory(adult=True, recording_team=assessment_team),
            team=assessment_team,
            worker=None,
            started_on=date(2026, 3, 2),
            by=team_manager,
        )


def test_the_worker_must_be_a_member_of_the_team(team_manager, make_user, assessment_team):
    outsider = make_user(Role.SOCIAL_WORKER, team=TeamFactory())

    with pytest.raises(ValidationError, match="is not a member of Assessment team 1"):
        allocate(
            child=PersonFactory(recording_team=assessment_team),
            team=assessment_team,
            worker=outsider,
            started_on=date(2026, 3, 2),
            by=team_manager,
        )

    assert Allocation.objects.count() == 0


def test_a_social_worker_cannot_allocate(social_worker, assessment_team):
    with pytest.raises(PermissionDenied):
        allocate(
            child=PersonFactory(recording_team=assessment_team),
            team=assessment_team,
            worker=None,
            started_on=date(2026, 3, 2),
            by=social_worker,
        )


def test_an_allocation_cannot_start_before_the_current_one(team_manager, assessment_team):
    current = AllocationFactory(team=assessment_team, started_on=date(2026, 3, 2))

    with pytest.raises(ValidationError, match="cannot start before the current one"):
        allocate(
            child=current.child,
            team=assessment_team,
            worker=None,
            started_on=date(2026, 1, 5),
            by=team_manager,
        )
