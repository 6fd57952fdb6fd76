"""Two managers answering the same transfer or closure at the same moment, each on their own
PostgreSQL connection: the locks queue them, so one succeeds and the other is told why not."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from opencsc.casework.models import Allocation, Closure, TeamTransfer
from opencsc.casework.services import (
    accept_transfer,
    allocate,
    request_transfer,
)
from opencsc.record.closure import authorise_closure, propose_closure
from tests.factories import UserFactory
from tests.frontdoor.test_concurrency import _at_once, _split

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row locks between two real PostgreSQL connections",
    ),
]


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
        return lambda: accept_transfer(transfer=TeamTransfer.objects.get(pk=transfer.pk), by=user)

    succeeded, failed = _split(_at_once(as_(cp_manager), as_(other)), TeamTransfer)

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

    succeeded, failed = _split(_at_once(as_(manager), as_(second_manager)), Closure)

    assert len(succeeded) == 1
    assert [type(error) for error in failed] == [ValidationError]
    assert "nothing more can be recorded" in failed[0].messages[0]
