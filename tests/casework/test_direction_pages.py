"""The pages of the direction that follows the child: the transfer page lists the open directed
actions (and the brothers' and sisters' waiting transfers) in the same number of queries however
many there are; errors sit next to each action; a directed action's own page."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.casework.models import Allocation, DirectionAction, TeamTransfer
from opencsc.casework.services import allocate, request_transfer
from opencsc.people.models import Relationship
from tests.casework.helpers import direction_data
from tests.factories import PersonFactory, ReferralFactory, UserFactory


def _held_child(*, team, worker, manager, actions: int, first_name: str = "Amara"):
    child = PersonFactory(first_name=first_name, last_name="Okafor")
    referral = ReferralFactory(child=child, referred_on=date(2026, 5, 1))
    allocation = allocate(
        child=child,
        team=team,
        worker=worker,
        started_on=date(2026, 5, 1),
        by=manager,
        referral=referral,
    )
    for n in range(actions):
        DirectionAction.objects.create(
            allocation=allocation,
            action=f"Action {n} for {first_name}",
            assignee=worker,
            due_on=date(2026, 6, 5),
        )
    return referral


def _transfer_with(n, *, assessment_team, cp_team, worker, manager, siblings=0):
    referral = _held_child(team=assessment_team, worker=worker, manager=manager, actions=n)
    for s in range(siblings):
        brother = _held_child(
            team=assessment_team, worker=worker, manager=manager, actions=n, first_name=f"Sib{s}"
        )
        Relationship.objects.create(
            from_person=referral.child, to_person=brother.child, kind="sibling"
        )
        request_transfer(referral=brother, to_team=cp_team, reason="Together", by=worker)
    return request_transfer(referral=referral, to_team=cp_team, reason="CP plan", by=worker)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_transfer_page_runs_the_same_queries_however_many_actions_and_siblings(
    client, clock, assessment_team, cp_team, worker, manager, cp_manager
):
    UserFactory(role="social_worker", team=cp_team)
    few = _transfer_with(
        1,
        assessment_team=assessment_team,
        cp_team=cp_team,
        worker=worker,
        manager=manager,
        siblings=1,
    )
    many = _transfer_with(
        4,
        assessment_team=assessment_team,
        cp_team=cp_team,
        worker=worker,
        manager=manager,
        siblings=3,
    )
    client.force_login(cp_manager)

    counts = [_queries(client, reverse("casework:transfer", args=[t.pk])) for t in (few, many)]

    assert counts[0] == counts[1]
    page = client.get(reverse("casework:transfer", args=[many.pk])).content.decode()
    assert page.count('name="together"') == 3
    assert "Accept the transfer of Sib0 Okafor too" in page
    assert page.count("What happens to this action?") == 16


def test_the_action_page_runs_the_same_queries_whatever_the_case_holds(
    client, clock, assessment_team, worker, manager
):
    few = _held_child(team=assessment_team, worker=worker, manager=manager, actions=1)
    many = _held_child(team=assessment_team, worker=worker, manager=manager, actions=20)
    client.force_login(manager)

    counts = [
        _queries(
            client,
            reverse(
                page,
                args=[DirectionAction.objects.filter(allocation__referral=referral).first().pk],
            ),
        )
        for page in ("casework:action-done", "casework:action-change")
        for referral in (few, many)
    ]

    assert counts[0] == counts[1]
    assert counts[2] == counts[3]


def test_an_undecided_action_is_refused_next_to_it_and_nothing_is_saved(
    client, clock, assessment_team, cp_team, worker, manager, cp_manager
):
    transfer = _transfer_with(
        2, assessment_team=assessment_team, cp_team=cp_team, worker=worker, manager=manager
    )
    first, second = DirectionAction.objects.order_by("pk")
    client.force_login(cp_manager)

    response = client.post(
        reverse("casework:transfer", args=[transfer.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "decision": "authorise",
            **direction_data(assignee=cp_manager),
            f"resolve_{first.pk}": "done",
            f"note_{first.pk}": "",
            f"resolve_{second.pk}": "reassign",
            f"reassign_to_{second.pk}": str(cp_manager.pk),
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_note_{first.pk}-error"' in page
    assert f'href="#id_note_{first.pk}"' in page
    assert TeamTransfer.objects.get().status == "proposed"
    assert Allocation.objects.get(child=transfer.child, ended_on=None).team == assessment_team
    assert DirectionAction.objects.filter(done_on=None, withdrawn_on=None).count() == 2


@pytest.mark.parametrize(
    "value", ["'; DROP TABLE casework_directionaction; --", "9" * 40, "-1", "\x00", "x" * 5000]
)
def test_hostile_decisions_are_refused_never_a_500(
    client, clock, assessment_team, cp_team, worker, manager, cp_manager, value
):
    transfer = _transfer_with(
        1, assessment_team=assessment_team, cp_team=cp_team, worker=worker, manager=manager
    )
    action = DirectionAction.objects.get()
    client.force_login(cp_manager)

    response = client.post(
        reverse("casework:transfer", args=[transfer.pk]),
        {
            "submission_key": str(uuid.uuid4()),
            "decision": "authorise",
            **direction_data(assignee=cp_manager),
            f"resolve_{action.pk}": value,
            f"reassign_to_{action.pk}": value,
            f"note_{action.pk}": value,
            "together": value,
        },
    )

    assert response.status_code == 200
    assert TeamTransfer.objects.get().status == "proposed"
