"""Allocating a referral with the manager's direction: specific actions for this child, each with
who and by when; a generic checklist alone cannot be saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencsc.audit.models import AccessLog
from opencsc.casework.models import Allocation, DirectionAction
from opencsc.casework.services import (
    STANDARD_ACTIONS,
    allocate_referral,
    complete_action,
    open_pathway_due_item,
)
from opencsc.casework.services.directions import WITHDRAW, Resolution
from opencsc.chronology.models import ChronologyEntry
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.factories import AllocationFactory, TeamFactory, UserFactory

DIRECTION = "Neglect is chronic: see the children at home and judge the home conditions first."
SPECIFIC = "Visit Amara at home and see her bedroom"


def _allocate(
    referral, *, by, team, worker=None, actions=None, direction=DIRECTION, resolutions=None
):
    """Allocate with direction; the open actions of a case already held are withdrawn unless
    `resolutions` says otherwise."""
    actions = actions if actions is not None else [(SPECIFIC, worker or by, date(2026, 6, 3))]
    replacing = (
        Allocation.objects.filter(child=referral.child, ended_on=None)
        .values_list("pk", flat=True)
        .first()
    )
    if resolutions is None:
        resolutions = {
            action.pk: Resolution(WITHDRAW, None, "No longer needed")
            for action in DirectionAction.objects.filter(
                allocation_id=replacing, done_on=None, withdrawn_on=None
            )
        }
    return allocate_referral(
        referral=referral,
        team=team,
        worker=worker,
        direction=direction,
        actions=actions,
        replacing=replacing,
        resolutions=resolutions,
        by=by,
    )


def test_allocating_links_the_episode_and_stores_the_direction_and_its_actions(
    referral, manager, worker, assessment_team
):
    allocation = _allocate(
        referral,
        by=manager,
        team=assessment_team,
        worker=worker,
        actions=[
            (SPECIFIC, worker, date(2026, 6, 3)),
            (STANDARD_ACTIONS[3], worker, date(2026, 6, 10)),
        ],
    )

    assert (allocation.referral, allocation.team, allocation.worker) == (
        referral,
        assessment_team,
        worker,
    )
    assert allocation.started_on == date(2026, 6, 1)
    assert allocation.direction == DIRECTION
    assert [(row.action, row.assignee, row.due_on) for row in allocation.actions.all()] == [
        (SPECIFIC, worker, date(2026, 6, 3)),
        (STANDARD_ACTIONS[3], worker, date(2026, 6, 10)),
    ]
    entry = ChronologyEntry.objects.get(child=referral.child)
    assert (entry.kind, entry.summary) == (
        "allocated",
        "Case allocated to Assessment team 1 (Nia Worker)",
    )
    assert list(
        AccessLog.objects.filter(child=referral.child)
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["casework.allocate", "casework.direct"]


def test_a_generic_checklist_alone_cannot_be_saved(referral, manager, worker, assessment_team):
    checklist = [(text, worker, date(2026, 6, 5)) for text in STANDARD_ACTIONS]

    with pytest.raises(ValidationError) as raised:
        _allocate(referral, by=manager, team=assessment_team, worker=worker, actions=checklist)

    assert "a generic checklist alone cannot be saved" in raised.value.message_dict["actions"][0]
    assert not Allocation.objects.filter(child=referral.child).exists()


def test_a_standard_task_reworded_by_case_or_spacing_is_still_generic(
    referral, manager, worker, assessment_team
):
    checklist = [("  complete THE child and family   assessment. ", worker, date(2026, 6, 5))]

    with pytest.raises(ValidationError, match="generic checklist"):
        _allocate(referral, by=manager, team=assessment_team, actions=checklist)


def test_direction_needs_at_least_one_action(referral, manager, assessment_team):
    with pytest.raises(ValidationError) as raised:
        _allocate(referral, by=manager, team=assessment_team, actions=[])

    assert "actions" in raised.value.message_dict


def test_direction_narrative_is_required(referral, manager, assessment_team):
    with pytest.raises(ValidationError) as raised:
        _allocate(referral, by=manager, team=assessment_team, direction="   ")

    assert raised.value.message_dict["direction"] == [
        "Enter your direction for this child: what the work is for, and why"
    ]


def test_an_action_is_given_to_a_member_of_the_team_or_the_manager(
    referral, manager, assessment_team, cp_worker
):
    with pytest.raises(ValidationError) as raised:
        _allocate(
            referral,
            by=manager,
            team=assessment_team,
            actions=[(SPECIFIC, cp_worker, date(2026, 6, 3))],
        )

    assert raised.value.message_dict["actions"] == ["Di Rowe is not a member of Assessment team 1"]
    allocation = _allocate(referral, by=manager, team=assessment_team)
    assert allocation.actions.get().assignee == manager


def test_an_action_cannot_be_due_before_today(referral, manager, assessment_team):
    with pytest.raises(ValidationError, match="cannot be due before today"):
        _allocate(
            referral,
            by=manager,
            team=assessment_team,
            actions=[(SPECIFIC, manager, date(2026, 5, 29))],
        )


def test_the_worker_must_be_a_member_of_the_team(referral, manager, assessment_team, cp_worker):
    with pytest.raises(ValidationError) as raised:
        _allocate(referral, by=manager, team=assessment_team, worker=cp_worker)

    assert raised.value.message_dict["worker"] == ["Di Rowe is not a member of Assessment team 1"]


def test_only_a_manager_allocates(referral, worker, assessment_team):
    with pytest.raises(PermissionDenied):
        _allocate(referral, by=worker, team=assessment_team)


def test_a_manager_allocates_only_to_a_team_they_manage(referral, manager, cp_team):
    with pytest.raises(PermissionDenied, match="Only a manager of Child protection team 1"):
        _allocate(referral, by=manager, team=cp_team)


def test_a_case_held_by_a_team_is_reallocated_only_by_its_manager_or_a_head_of_service(
    referral, manager, worker, assessment_team, cp_manager, cp_team, head_of_service
):
    _allocate(referral, by=manager, team=assessment_team, worker=worker)

    with pytest.raises(PermissionDenied):
        _allocate(referral, by=cp_manager, team=cp_team)
    allocation = _allocate(referral, by=head_of_service, team=cp_team)

    assert allocation.team == cp_team
    assert Allocation.objects.filter(child=referral.child, ended_on=None).get() == allocation


def test_only_social_work_teams_hold_cases(referral, head_of_service):
    mash = TeamFactory(name="MASH", kind="mash")

    with pytest.raises(ValidationError) as raised:
        _allocate(referral, by=head_of_service, team=mash)

    assert "team" in raised.value.message_dict


def test_a_closed_episode_is_not_allocated(referral, manager, assessment_team):
    referral.status, referral.closed_on, referral.closure_reason = (
        "closed",
        date(2026, 5, 20),
        "RC7",
    )
    referral.save()

    with pytest.raises(ValidationError, match="nothing more can be recorded"):
        _allocate(referral, by=manager, team=assessment_team)


def test_allocating_hands_the_episodes_deadlines_to_the_new_worker(
    referral, manager, worker, assessment_team
):
    item = open_pathway_due_item(
        rules.ASSESSMENT, child=referral.child, record=referral, start=referral.referred_on
    )

    _allocate(referral, by=manager, team=assessment_team, worker=worker)

    item.refresh_from_db()
    assert (item.team, item.owner) == (assessment_team, worker)


def test_the_assignee_marks_an_action_done_once(referral, manager, worker, assessment_team):
    allocation = _allocate(referral, by=manager, team=assessment_team, worker=worker)
    action = allocation.actions.get()

    done = complete_action(action=action, done_on=date(2026, 6, 1), note="Seen at home", by=worker)

    assert done.done_on == date(2026, 6, 1)
    with pytest.raises(ValidationError, match="already recorded done"):
        complete_action(action=action, done_on=date(2026, 6, 1), note="Seen at home", by=worker)
    assert AccessLog.objects.filter(action="casework.complete_action").count() == 1


def test_an_action_is_not_done_in_the_future_nor_before_the_allocation(
    referral, manager, worker, assessment_team
):
    action = _allocate(referral, by=manager, team=assessment_team, worker=worker).actions.get()

    with pytest.raises(ValidationError, match="cannot be in the future"):
        complete_action(action=action, done_on=date(2026, 6, 2), note="Seen at home", by=worker)
    with pytest.raises(ValidationError, match="before the referral"):
        complete_action(action=action, done_on=date(2026, 4, 30), note="Seen at home", by=worker)
    assert DirectionAction.objects.get().done_on is None


def test_someone_outside_the_team_cannot_mark_an_action_done(
    referral, manager, worker, assessment_team, cp_worker
):
    action = _allocate(referral, by=manager, team=assessment_team, worker=worker).actions.get()

    with pytest.raises(PermissionDenied):
        complete_action(action=action, done_on=date(2026, 6, 1), note="Seen at home", by=cp_worker)


def test_the_old_allocate_function_still_works_without_an_episode(manager, assessment_team):
    current = AllocationFactory(team=assessment_team, started_on=date(2026, 1, 5))
    other = UserFactory(role="social_worker", team=assessment_team)
    from opencsc.casework.services import allocate

    allocation = allocate(
        child=current.child,
        team=assessment_team,
        worker=other,
        started_on=date(2026, 3, 2),
        by=manager,
    )

    assert (allocation.referral, allocation.direction) == (None, "")
    # Only the worker's tray hears of it (issue 12): no deadline of an episode.
    assert list(DueItem.objects.values_list("rule", "owner")) == [
        (rules.NEW_ALLOCATION.code, other.pk)
    ]


# The state the form was opened on


def test_a_case_allocated_while_the_manager_was_deciding_is_not_reallocated(
    clock, referral, manager, second_manager, worker, assessment_team
):
    _allocate(referral, by=second_manager, team=assessment_team, worker=worker)

    with pytest.raises(ValidationError) as raised:
        allocate_referral(
            referral=referral,
            team=assessment_team,
            worker=None,
            direction=DIRECTION,
            actions=[(SPECIFIC, manager, date(2026, 6, 3))],
            replacing=None,
            by=manager,
        )

    assert raised.value.messages == [
        "This case was allocated to Assessment team 1 (Nia Worker) by Ann Lee at 10:00 while you "
        "were deciding: nothing was saved. Check the allocation and try again."
    ]
    assert Allocation.objects.filter(child=referral.child).count() == 1


def test_an_allocation_replaced_since_an_earlier_day_names_the_day(
    clock, referral, manager, second_manager, worker, assessment_team
):
    seen = _allocate(referral, by=second_manager, team=assessment_team, worker=worker)
    clock.now = clock.now + timedelta(days=1)
    _allocate(referral, by=second_manager, team=assessment_team)
    clock.now = clock.now + timedelta(days=1)

    with pytest.raises(ValidationError) as raised:
        allocate_referral(
            referral=referral,
            team=assessment_team,
            worker=worker,
            direction=DIRECTION,
            actions=[(SPECIFIC, worker, date(2026, 6, 5))],
            replacing=seen.pk,
            by=manager,
        )

    assert (
        "allocated to Assessment team 1 by Ann Lee at 10:00 on 2 June 2026"
        in (raised.value.messages[0])
    )
