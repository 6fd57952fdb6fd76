"""Two managers answering the same transfer or closure at the same moment, each on their own
PostgreSQL connection: the locks queue them, so one succeeds and the other is told why not."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencsc.casework.models import Allocation, Closure, DirectionAction, Referral, TeamTransfer
from opencsc.casework.services import (
    allocate,
    allocate_referral,
    request_transfer,
)
from opencsc.record.closure import authorise_closure, propose_closure
from tests.casework.helpers import accept_with_direction
from tests.factories import UserFactory
from tests.races import RACE_TEST, at_once, split

pytestmark = RACE_TEST


@pytest.fixture
def held(referral, manager, worker, assessment_team):
    allocate(
        child=referral.child,
        team=assessment_team,
        worker=worker,
        started_on=date(2026, 5, 1),
        by=manager,
        referral=referral,
    )
    return referral


def test_two_managers_accepting_a_transfer_at_once_move_the_case_once(
    held, worker, cp_manager, cp_team
):
    other = UserFactory(role="team_manager", team=cp_team)
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)

    def as_(user):
        return lambda: accept_with_direction(
            transfer=TeamTransfer.objects.get(pk=transfer.pk), by=user
        )

    succeeded, failed = split(at_once(as_(cp_manager), as_(other)), TeamTransfer)

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert Allocation.objects.filter(child=held.child).count() == 2


def test_two_managers_authorising_a_closure_at_once_close_the_episode_once(
    held, worker, manager, second_manager
):
    closure = propose_closure(
        referral=held,
        closed_on=date(2026, 6, 1),
        reason="RC7",
        summary="Needs met",
        open_items_note="",
        by=worker,
    )

    def as_(user):
        return lambda: authorise_closure(closure=Closure.objects.get(pk=closure.pk), by=user)

    succeeded, failed = split(at_once(as_(manager), as_(second_manager)), Closure)

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert "nothing more can be recorded" in failed[0].messages[0]


def _allocating(referral, *, by, worker, replacing):
    return lambda: allocate_referral(
        referral=Referral.objects.get(pk=referral.pk),
        team=worker.teams.get(),
        worker=worker,
        direction=f"{by} directs: see the child at home first.",
        actions=[(f"Visit Amara at home ({by})", worker, date(2026, 6, 3))],
        replacing=replacing,
        by=by,
    )


def test_five_managers_allocating_an_unallocated_case_at_once_allocate_it_once(
    referral, assessment_team
):
    managers = [UserFactory(role="team_manager", team=assessment_team) for _ in range(5)]
    workers = [UserFactory(role="social_worker", team=assessment_team) for _ in range(5)]

    results = at_once(
        *(
            _allocating(referral, by=manager, worker=worker, replacing=None)
            for manager, worker in zip(managers, workers, strict=True)
        )
    )

    succeeded, failed = split(results, Allocation)
    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError] * 4
    winner = succeeded[0]
    assert all(
        f"allocated to {assessment_team} ({winner.worker}) by {winner.allocated_by} at 10:00 "
        "while you were deciding" in error.messages[0]
        for error in failed
    )
    assert list(Allocation.objects.filter(child=referral.child)) == [winner]
    assert list(DirectionAction.objects.values_list("allocation", flat=True)) == [winner.pk]


def test_two_managers_reallocating_at_once_from_the_same_allocation_reallocate_once(
    held, manager, second_manager, assessment_team
):
    seen = Allocation.objects.get(child=held.child, ended_on=None)
    others = [UserFactory(role="social_worker", team=assessment_team) for _ in range(2)]

    results = at_once(
        _allocating(held, by=manager, worker=others[0], replacing=seen.pk),
        _allocating(held, by=second_manager, worker=others[1], replacing=seen.pk),
    )

    succeeded, failed = split(results, Allocation)
    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert Allocation.objects.filter(child=held.child).count() == 2
    assert not DirectionAction.objects.filter(
        allocation__ended_on__isnull=False, done_on=None, withdrawn_on=None
    ).exists()


def test_a_reallocation_and_a_transfer_accepted_at_once_queue_with_no_orphaned_actions(
    held, worker, manager, cp_manager, cp_team, assessment_team
):
    """Whichever goes first, the other sees it: a reallocation after the transfer is refused (the
    sending team's manager no longer manages the case); a transfer after a reallocation within the
    team is refused too, because the reallocation directed actions the receiving manager has not
    decided (the direction follows the child): nothing half-saved, no action orphaned."""
    seen = Allocation.objects.get(child=held.child, ended_on=None)
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)
    other = UserFactory(role="social_worker", team=assessment_team)

    accepted, allocated = at_once(
        lambda: accept_with_direction(
            transfer=TeamTransfer.objects.get(pk=transfer.pk), by=cp_manager
        ),
        _allocating(held, by=manager, worker=other, replacing=seen.pk),
    )

    assert {type(accepted), type(allocated)} in (
        {TeamTransfer, PermissionDenied},
        {ValidationError, Allocation},
    )
    holding = Allocation.objects.get(child=held.child, ended_on=None)
    if isinstance(accepted, TeamTransfer):
        assert holding.team == cp_team
        assert Allocation.objects.filter(child=held.child).count() == 2
    else:
        assert "Choose whether to reassign" in " ".join(accepted.messages)
        assert (holding.team, TeamTransfer.objects.get(pk=transfer.pk).status) == (
            assessment_team,
            "proposed",
        )
    assert not DirectionAction.objects.filter(
        allocation__ended_on__isnull=False, done_on=None, withdrawn_on=None
    ).exists()


def test_a_transfer_accepted_while_the_closure_is_authorised_gives_one_outcome(
    held, worker, manager, cp_manager, cp_team
):
    """Both take the episode lock: a closure first declines the waiting transfer, so accepting it
    is refused; a transfer first moves the case, so the sending team's manager may no longer
    close it. Either way one stands, the loser is told (never a 500), and nothing is left open."""
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)
    closure = propose_closure(
        referral=held,
        closed_on=date(2026, 6, 1),
        reason="RC7",
        summary="Needs met",
        open_items_note="Nothing more to do",
        by=worker,
    )

    accepted, closed = at_once(
        lambda: accept_with_direction(
            transfer=TeamTransfer.objects.get(pk=transfer.pk), by=cp_manager
        ),
        lambda: authorise_closure(closure=Closure.objects.get(pk=closure.pk), by=manager),
    )

    outcomes = {type(accepted), type(closed)}
    assert outcomes in (
        {TeamTransfer, PermissionDenied},
        {TeamTransfer, ValidationError},
        {ValidationError, Closure},
    )
    referral = Referral.objects.get(pk=held.pk)
    if isinstance(closed, Closure):
        assert referral.status == "closed"
        assert not Allocation.objects.filter(child=held.child, ended_on=None).exists()
        assert TeamTransfer.objects.get(pk=transfer.pk).status == "returned"
    else:
        assert referral.status == "open"
        assert Allocation.objects.get(child=held.child, ended_on=None).team == cp_team


def test_two_workers_requesting_a_transfer_at_once_make_one_request(held, worker, cp_team):
    colleague = UserFactory(role="social_worker", team=worker.teams.get())

    def request_as(user):
        return lambda: request_transfer(
            referral=Referral.objects.get(pk=held.pk), to_team=cp_team, reason="CIN plan", by=user
        )

    succeeded, failed = split(at_once(request_as(worker), request_as(colleague)), TeamTransfer)

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert "already waiting for an answer" in failed[0].messages[0]
    assert TeamTransfer.objects.filter(child=held.child).count() == 1


def test_two_workers_proposing_a_closure_at_once_make_one_proposal(held, worker):
    colleague = UserFactory(role="social_worker", team=worker.teams.get())

    def propose_as(user):
        return lambda: propose_closure(
            referral=Referral.objects.get(pk=held.pk),
            closed_on=date(2026, 6, 1),
            reason="RC7",
            summary="Needs met",
            open_items_note="Nothing more to do",
            by=user,
        )

    succeeded, failed = split(at_once(propose_as(worker), propose_as(colleague)), Closure)

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert "already waiting for a manager" in failed[0].messages[0]
    assert Closure.objects.filter(referral=held).count() == 1
