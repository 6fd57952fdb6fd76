"""Transfers between social work teams: the request from the team holding the case, the receiving
manager's answer, and the working days the child waited after the assessment."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opencsc.accounts.models import Membership, User
from opencsc.casework.models import Allocation, TeamTransfer
from opencsc.casework.selectors import transfer_wait
from opencsc.casework.services import (
    allocate,
    decline_transfer,
    open_pathway_due_item,
    request_transfer,
)
from opencsc.chronology.models import ChronologyEntry
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.casework.factories import AssessmentFactory, TeamTransferFactory
from tests.casework.helpers import accept_with_direction
from tests.frontdoor.helpers import london


@pytest.fixture
def held(referral, manager, worker, assessment_team):
    """The referral's case held by the assessment team (Nia Worker) since Friday 1 May 2026."""
    allocate(
        child=referral.child,
        team=assessment_team,
        worker=worker,
        started_on=date(2026, 5, 1),
        by=manager,
        referral=referral,
    )
    return referral


def test_a_transfer_request_counts_from_the_latest_authorised_assessment(held, worker, cp_team):
    AssessmentFactory(
        referral=held, authorised=True, started_on=date(2026, 5, 4), authorised_on=date(2026, 5, 15)
    )
    AssessmentFactory(
        referral=held,
        authorised=True,
        started_on=date(2026, 5, 18),
        authorised_on=date(2026, 5, 22),
    )

    transfer = request_transfer(
        referral=held, to_team=cp_team, reason="Needs a CIN plan", by=worker
    )

    assert (transfer.from_team.name, transfer.to_team, transfer.status) == (
        "Assessment team 1",
        cp_team,
        "proposed",
    )
    assert (timezone.localdate(transfer.proposed_at), transfer.assessment_completed_on) == (
        date(2026, 6, 1),
        date(2026, 5, 22),
    )
    entry = ChronologyEntry.objects.get(child=held.child, kind="transfer")
    assert entry.summary == "Transfer from Assessment team 1 to Child protection team 1 requested"


def test_only_the_team_holding_the_case_requests_a_transfer(held, cp_worker, cp_team):
    with pytest.raises(PermissionDenied):
        request_transfer(referral=held, to_team=cp_team, reason="Why", by=cp_worker)


def test_an_unallocated_case_is_not_transferred(referral, head_of_service, cp_team):
    with pytest.raises(ValidationError, match="No team holds this case yet"):
        request_transfer(referral=referral, to_team=cp_team, reason="Why", by=head_of_service)


def test_a_transfer_goes_to_another_social_work_team_with_a_reason(held, worker, assessment_team):
    with pytest.raises(ValidationError) as raised:
        request_transfer(referral=held, to_team=assessment_team, reason=" ", by=worker)

    assert raised.value.message_dict == {
        "to_team": ["Assessment team 1 already holds this case: choose another team"],
        "reason": ["Enter why the case should transfer"],
    }


def test_one_transfer_waits_at_a_time(held, worker, cp_team):
    request_transfer(referral=held, to_team=cp_team, reason="Needs a CIN plan", by=worker)

    with pytest.raises(ValidationError, match="already waiting for an answer"):
        request_transfer(referral=held, to_team=cp_team, reason="Again", by=worker)


def test_accepting_moves_the_case_and_measures_the_wait_across_the_bank_holiday(
    held, worker, cp_manager, cp_worker, cp_team, clock
):
    # Authorised Friday 22 May 2026; Monday 25 May is the spring bank holiday.
    assessment = AssessmentFactory(referral=held, authorised=True, authorised_on=date(2026, 5, 22))
    item = open_pathway_due_item(
        rules.TRANSFER_AFTER_ASSESSMENT,
        child=held.child,
        record=assessment,
        start=date(2026, 5, 22),
    )
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)

    accepted = accept_with_direction(transfer=transfer, worker=cp_worker, by=cp_manager)

    assert (accepted.status, timezone.localdate(accepted.reviewed_at), accepted.reviewed_by) == (
        "authorised",
        date(2026, 6, 1),
        cp_manager,
    )
    assert accepted.working_days_waited == 5  # 26, 27, 28, 29 May and 1 June
    allocation = Allocation.objects.get(child=held.child, ended_on=None)
    assert (allocation.team, allocation.worker, allocation.referral) == (cp_team, cp_worker, held)
    item.refresh_from_db()
    assert item.closed_at is not None
    assert item.close_note == "Transfer accepted by Child protection team 1"


def test_with_no_assessment_the_wait_counts_from_the_request(
    held, worker, cp_manager, cp_team, clock
):
    transfer = request_transfer(referral=held, to_team=cp_team, reason="Disabled", by=worker)
    clock.now = london(2026, 6, 8)

    accepted = accept_with_direction(transfer=transfer, by=cp_manager)

    assert accepted.working_days_waited == 5
    assert Allocation.objects.get(child=held.child, ended_on=None).worker is None


def test_only_a_manager_of_the_receiving_team_answers(held, worker, manager, cp_worker, cp_team):
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)

    for user in (manager, cp_worker):
        with pytest.raises(PermissionDenied):
            accept_with_direction(transfer=transfer, by=user)
        with pytest.raises(PermissionDenied):
            decline_transfer(transfer=transfer, comment="No", by=user)


def test_a_transfer_is_answered_once(held, worker, cp_manager, cp_team):
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)
    accept_with_direction(transfer=transfer, by=cp_manager)

    with pytest.raises(ValidationError, match="already accepted by Cy Park"):
        accept_with_direction(transfer=transfer, by=cp_manager)
    with pytest.raises(ValidationError, match="already accepted"):
        decline_transfer(transfer=transfer, comment="Too late", by=cp_manager)
    assert Allocation.objects.filter(child=held.child).count() == 2


def test_the_receiving_worker_must_be_in_the_receiving_team(held, worker, cp_manager, cp_team):
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)

    with pytest.raises(ValidationError) as raised:
        accept_with_direction(transfer=transfer, worker=worker, by=cp_manager)

    assert raised.value.message_dict == {
        "worker": ["Nia Worker is not a member of Child protection team 1"]
    }


def test_declining_needs_a_reason_and_leaves_the_case_where_it_is(
    held, worker, cp_manager, cp_team, assessment_team
):
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)

    with pytest.raises(ValidationError) as raised:
        decline_transfer(transfer=transfer, comment="", by=cp_manager)
    declined = decline_transfer(transfer=transfer, comment="Not at CP threshold", by=cp_manager)

    assert raised.value.message_dict == {"comment": ["Enter why you are declining the transfer"]}
    assert (declined.status, declined.manager_comment) == ("returned", "Not at CP threshold")
    assert Allocation.objects.get(child=held.child, ended_on=None).team == assessment_team
    request_transfer(referral=held, to_team=cp_team, reason="Now at threshold", by=worker)
    assert TeamTransfer.objects.filter(child=held.child).count() == 2


def test_the_wait_measure_averages_and_takes_the_median_of_accepted_transfers(cp_team, db):
    for days in (2, 4, 9, 15):
        TeamTransferFactory(to_team=cp_team, accepted=True, working_days_waited=days)
    TeamTransferFactory(
        to_team=cp_team,
        accepted=True,
        proposed_at=london(2026, 3, 20),
        reviewed_at=london(2026, 3, 31),
        working_days_waited=40,
    )
    TeamTransferFactory(to_team=cp_team, declined=True)
    TeamTransferFactory(accepted=True, working_days_waited=30)

    wait = transfer_wait(team_ids=[cp_team.pk], start=date(2026, 4, 1), end=date(2026, 6, 1))

    assert (wait.count, wait.average, wait.median, wait.within_timescale, wait.timescale) == (
        4,
        7.5,
        6.5,
        3,
        10,
    )
    everyone = transfer_wait(team_ids=None, start=date(2026, 4, 1), end=date(2026, 6, 1))
    assert (everyone.count, everyone.median) == (5, 9)


def test_the_wait_measure_of_no_transfers_is_empty(cp_team):
    wait = transfer_wait(team_ids=[cp_team.pk], start=date(2026, 4, 1), end=date(2026, 6, 1))

    assert (wait.count, wait.average, wait.median, wait.within_timescale) == (0, None, None, 0)


def test_accepting_closes_the_childs_transfer_deadlines_whatever_record_they_hang_on(
    held, worker, cp_manager, cp_team
):
    first = AssessmentFactory(referral=held, authorised=True, authorised_on=date(2026, 5, 15))
    second = AssessmentFactory(referral=held, authorised=True, authorised_on=date(2026, 5, 22))
    for assessment in (first, second):
        open_pathway_due_item(
            rules.TRANSFER_AFTER_ASSESSMENT,
            child=held.child,
            record=assessment,
            start=assessment.authorised_on,
        )
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)

    accept_with_direction(transfer=transfer, by=cp_manager)

    assert not DueItem.objects.filter(closed_at=None, rule="transfer_after_assessment").exists()


def test_a_manager_of_both_teams_who_requested_a_transfer_may_not_accept_it(
    held, manager, cp_team, cp_manager
):
    Membership.objects.create(user=manager, team=cp_team)
    manager = User.objects.get(pk=manager.pk)  # forget the teams read before
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=manager)

    with pytest.raises(PermissionDenied) as raised:
        accept_with_direction(transfer=transfer, by=manager)
    accepted = accept_with_direction(transfer=transfer, by=cp_manager)

    assert str(raised.value) == "You requested this transfer: another manager must answer it."
    assert (accepted.status, accepted.reviewed_by) == ("authorised", cp_manager)


def test_a_manager_who_requested_a_transfer_may_still_withdraw_it_by_declining(
    held, manager, cp_team
):
    Membership.objects.create(user=manager, team=cp_team)
    manager = User.objects.get(pk=manager.pk)  # forget the teams read before
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=manager)

    declined = decline_transfer(transfer=transfer, comment="Sent in error", by=manager)

    assert (declined.status, declined.reviewed_by, declined.manager_comment) == (
        "returned",
        manager,
        "Sent in error",
    )
