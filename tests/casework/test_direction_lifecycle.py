"""Directed actions from direction to done (casework.services.directions), and the direction that
follows the child: a transfer is accepted only once every open action of the sending team is
reassigned, recorded done or withdrawn with a reason, with the receiving manager's own direction;
brothers' and sisters' transfers to the same team may be accepted together."""

from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.audit.models import AccessLog
from opencsc.casework.models import Allocation, DirectionAction, TeamTransfer
from opencsc.casework.services import (
    Resolution,
    allocate,
    allocate_referral,
    complete_action,
    direct_action,
    reassign_action,
    request_transfer,
    withdraw_action,
)
from opencsc.people.models import Relationship
from opencsc.record.closure import authorise_closure, propose_closure
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.casework.helpers import TRANSFER_ACTION, accept_with_direction
from tests.factories import PersonFactory, ReferralFactory, UserFactory

VISIT = "Visit Amara at home and see her bedroom"
SCHOOL = "Speak to Amara's class teacher"


@pytest.fixture
def held(referral, manager, worker, assessment_team):
    """Amara's case allocated with direction to Nia Worker on Monday 1 June 2026: two actions."""
    allocate_referral(
        referral=referral,
        team=assessment_team,
        worker=worker,
        direction="Neglect is chronic: see the home first.",
        actions=[(VISIT, worker, date(2026, 6, 3)), (SCHOOL, manager, date(2026, 6, 5))],
        replacing=None,
        by=manager,
    )
    return referral


def _action(text):
    return DirectionAction.objects.get(action=text)


def _item(action):
    return DueItem.objects.get(rule=rules.DIRECTED_ACTION.code, record_id=action.pk)


# Directing


def test_each_directed_action_has_a_due_item_owned_by_its_assignee_on_the_holding_team(
    held, manager, worker, assessment_team
):
    visit, school = _action(VISIT), _action(SCHOOL)

    assert [
        (item.owner, item.team, item.child, item.due_on, item.agreed_by, item.closed_at)
        for item in (_item(visit), _item(school))
    ] == [
        (worker, assessment_team, held.child, date(2026, 6, 3), manager, None),
        (manager, assessment_team, held.child, date(2026, 6, 5), manager, None),
    ]
    assert _item(visit).summary == "Action a manager directed"  # names nobody
    assert visit.get_absolute_url() == f"/directed-actions/{visit.pk}/done/"
    assert visit.directed_by == manager


def test_a_manager_directs_one_more_action_on_the_case_their_team_holds(
    held, manager, worker, assessment_team
):
    action = direct_action(
        allocation=Allocation.objects.get(child=held.child, ended_on=None),
        action="Ask the GP about Amara's weight",
        assignee=worker,
        due_on=date(2026, 6, 10),
        by=manager,
    )

    assert (_item(action).owner, _item(action).due_on) == (worker, date(2026, 6, 10))
    # The action's own row: another record (the allocation's) may share its number.
    logged = AccessLog.objects.filter(
        action="casework.direct",
        record_type=ContentType.objects.get_for_model(DirectionAction),
        record_id=action.pk,
    )
    assert logged.count() == 1


def test_only_a_manager_of_the_holding_team_directs_reassigns_or_withdraws(
    held, worker, cp_manager
):
    allocation = Allocation.objects.get(child=held.child, ended_on=None)
    visit = _action(VISIT)

    with pytest.raises(PermissionDenied):
        direct_action(
            allocation=allocation, action="x", assignee=worker, due_on=date(2026, 6, 9), by=worker
        )
    for user in (worker, cp_manager):
        with pytest.raises(PermissionDenied):
            reassign_action(action=visit, assignee=worker, reason="Cover", by=user)
        with pytest.raises(PermissionDenied):
            withdraw_action(action=visit, reason="Not needed", by=user)
    assert _action(VISIT).is_open


# One action's end


def test_completing_records_who_when_and_what_was_done_and_closes_its_due_item(held, worker):
    done = complete_action(
        action=_action(VISIT), done_on=date(2026, 6, 1), note="Seen at home, room fine", by=worker
    )

    assert (done.done_on, done.done_by, done.done_note) == (
        date(2026, 6, 1),
        worker,
        "Seen at home, room fine",
    )
    item = _item(done)
    assert (item.closed_by, item.close_note) == (worker, "Done")
    log = AccessLog.objects.get(action="casework.complete_action")
    assert (log.child_id, log.summary) == (held.child_id, f"Done: {VISIT}")


def test_completing_needs_what_was_done(held, worker):
    with pytest.raises(ValidationError) as raised:
        complete_action(action=_action(VISIT), done_on=date(2026, 6, 1), note=" ", by=worker)

    assert raised.value.message_dict == {"done_note": ["Enter what was done"]}
    assert _action(VISIT).is_open


def test_reassigning_gives_the_action_and_its_due_item_to_another_worker_with_the_reason(
    held, manager, worker, assessment_team
):
    colleague = UserFactory(role="social_worker", team=assessment_team)

    moved = reassign_action(action=_action(VISIT), assignee=colleague, reason="Nia off", by=manager)

    assert moved.assignee == colleague
    assert moved.is_open
    assert (_item(moved).owner, _item(moved).team, _item(moved).closed_at) == (
        colleague,
        assessment_team,
        None,
    )
    assert AccessLog.objects.get(action="casework.reassign_action").summary == (
        f"Reassigned to {colleague}: Nia off"
    )


def test_reassigning_needs_a_member_of_the_team_and_a_reason(held, manager, cp_worker, worker):
    with pytest.raises(ValidationError) as raised:
        reassign_action(action=_action(VISIT), assignee=cp_worker, reason="", by=manager)

    assert raised.value.message_dict == {
        "assignee": ["Di Rowe is not a member of Assessment team 1"],
        "reason": ["Enter why the action is reassigned"],
    }


def test_withdrawing_records_who_and_why_and_closes_its_due_item(held, manager):
    withdrawn = withdraw_action(
        action=_action(SCHOOL), reason="School closed for summer", by=manager
    )

    assert (withdrawn.withdrawn_on, withdrawn.withdrawn_by, withdrawn.withdrawn_reason) == (
        date(2026, 6, 1),
        manager,
        "School closed for summer",
    )
    assert _item(withdrawn).close_note == "Withdrawn"
    with pytest.raises(ValidationError, match="withdrawn on 1 June"):
        complete_action(action=withdrawn, done_on=date(2026, 6, 1), note="Done", by=manager)


def test_withdrawing_needs_a_reason(held, manager):
    with pytest.raises(ValidationError) as raised:
        withdraw_action(action=_action(SCHOOL), reason="  ", by=manager)

    assert raised.value.message_dict == {"reason": ["Enter why the action is withdrawn"]}


@pytest.mark.parametrize(
    "fields",
    [
        {"done_on": date(2026, 6, 1)},  # no who, no note
        {"done_on": date(2026, 6, 1), "done_note": "Seen"},  # no who
        {"withdrawn_on": date(2026, 6, 1)},  # no who, no reason
        {"withdrawn_reason": "Not needed"},  # a reason without the day
    ],
)
def test_the_database_keeps_done_and_withdrawn_fields_together(held, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectionAction.objects.filter(action=VISIT).update(**fields)


# The direction follows the child: a transfer


@pytest.fixture
def transfer(held, worker, cp_team):
    return request_transfer(referral=held, to_team=cp_team, reason="Needs a CP plan", by=worker)


def test_a_transfer_cannot_be_accepted_until_every_open_action_is_decided(
    transfer, cp_manager, cp_worker, assessment_team
):
    """The issue's "Why": a case moved with the manager's actions silently dropped. Nothing is
    saved, and each undecided action's message is next to it."""
    visit, school = _action(VISIT), _action(SCHOOL)

    with pytest.raises(ValidationError) as raised:
        accept_with_direction(
            transfer=transfer,
            by=cp_manager,
            resolutions={visit.pk: Resolution("reassign", cp_worker)},
        )

    assert raised.value.message_dict == {
        f"resolve_{school.pk}": [
            f"Choose whether to reassign, record as done or withdraw “{SCHOOL}”"
        ]
    }
    assert TeamTransfer.objects.get().status == "proposed"
    assert Allocation.objects.get(child=transfer.child, ended_on=None).team == assessment_team
    assert {row.assignee_id for row in DirectionAction.objects.all()} == {
        visit.assignee_id,
        school.assignee_id,
    }
    assert DirectionAction.objects.filter(done_on=None, withdrawn_on=None).count() == 2


def test_each_decision_is_checked_next_to_its_action(transfer, cp_manager, worker):
    visit, school = _action(VISIT), _action(SCHOOL)

    with pytest.raises(ValidationError) as raised:
        accept_with_direction(
            transfer=transfer,
            by=cp_manager,
            resolutions={
                visit.pk: Resolution("reassign", worker),  # not in the receiving team
                school.pk: Resolution("withdraw", None, ""),  # no reason
            },
        )

    assert raised.value.message_dict == {
        f"reassign_to_{visit.pk}": ["Nia Worker is not a member of Child protection team 1"],
        f"note_{school.pk}": [f"Enter why “{SCHOOL}” is withdrawn"],
    }


def test_accepting_with_direction_reassigns_completes_and_withdraws_in_one_go(
    transfer, cp_manager, cp_worker, cp_team
):
    visit, school = _action(VISIT), _action(SCHOOL)

    accept_with_direction(
        transfer=transfer,
        by=cp_manager,
        worker=cp_worker,
        resolutions={
            visit.pk: Resolution("reassign", cp_worker),
            school.pk: Resolution("withdraw", None, "The school has already told us"),
        },
    )

    allocation = Allocation.objects.get(child=transfer.child, ended_on=None)
    assert (allocation.team, allocation.worker, allocation.allocated_by) == (
        cp_team,
        cp_worker,
        cp_manager,
    )
    visit, school = _action(VISIT), _action(SCHOOL)
    assert (visit.allocation, visit.assignee, visit.is_open) == (allocation, cp_worker, True)
    assert (_item(visit).owner, _item(visit).team) == (cp_worker, cp_team)
    assert (school.withdrawn_by, school.withdrawn_reason) == (
        cp_manager,
        "The school has already told us",
    )
    new = DirectionAction.objects.get(action=TRANSFER_ACTION)
    assert (new.allocation, new.assignee, _item(new).team) == (allocation, cp_manager, cp_team)
    assert list(
        AccessLog.objects.filter(child=transfer.child)
        .order_by("pk")
        .values_list("action", flat=True)
    )[-5:] == [
        "casework.allocate",
        "casework.reassign_action",
        "casework.withdraw_action",
        "casework.accept_transfer",
        "casework.direct",
    ]


def test_a_transfer_is_accepted_with_direction(transfer, cp_manager):
    resolutions = {
        row.pk: Resolution("done", None, "Done before the transfer")
        for row in DirectionAction.objects.all()
    }

    with pytest.raises(ValidationError) as raised:
        accept_with_direction(
            transfer=transfer, by=cp_manager, direction="", actions=[], resolutions=resolutions
        )

    assert set(raised.value.message_dict) == {"direction", "actions"}
    assert TeamTransfer.objects.get().status == "proposed"


def test_moving_the_case_leaves_each_directed_actions_due_item_with_its_owner(
    held, manager, worker, assessment_team
):
    colleague = UserFactory(role="social_worker", team=assessment_team)

    allocate(
        child=held.child,
        team=assessment_team,
        worker=colleague,
        started_on=date(2026, 6, 1),
        by=manager,
        referral=held,
    )

    assert _item(_action(VISIT)).owner == worker


# Reallocation and closure


def test_reallocating_offers_the_same_choice_for_each_open_action(
    held, manager, worker, assessment_team
):
    current = Allocation.objects.get(child=held.child, ended_on=None)
    colleague = UserFactory(role="social_worker", team=assessment_team)
    visit, school = _action(VISIT), _action(SCHOOL)

    def reallocate(resolutions):
        return allocate_referral(
            referral=held,
            team=assessment_team,
            worker=colleague,
            direction="Nia is leaving: Sam takes over.",
            actions=[("Introduce Sam to Amara", colleague, date(2026, 6, 8))],
            replacing=current.pk,
            resolutions=resolutions,
            by=manager,
        )

    with pytest.raises(ValidationError) as raised:
        reallocate({})
    second = reallocate(
        {visit.pk: Resolution("reassign", colleague), school.pk: Resolution("reassign", manager)}
    )

    assert set(raised.value.message_dict) == {f"resolve_{visit.pk}", f"resolve_{school.pk}"}
    assert set(second.actions.values_list("action", "assignee")) == {
        (VISIT, colleague.pk),
        (SCHOOL, manager.pk),
        ("Introduce Sam to Amara", colleague.pk),
    }
    assert not current.actions.exists()


def test_closing_the_episode_withdraws_open_actions_with_the_reason_case_closed(
    held, worker, manager
):
    complete_action(action=_action(VISIT), done_on=date(2026, 6, 1), note="Seen", by=worker)
    closure = propose_closure(
        referral=held,
        closed_on=date(2026, 6, 1),
        reason="RC7",
        summary="Needs met",
        open_items_note="",
        by=worker,
    )

    authorise_closure(closure=closure, by=manager)

    school = _action(SCHOOL)
    assert (school.withdrawn_on, school.withdrawn_by, school.withdrawn_reason) == (
        date(2026, 6, 1),
        manager,
        "Case closed",
    )
    assert _action(VISIT).done_note == "Seen"
    assert not DueItem.objects.filter(rule=rules.DIRECTED_ACTION.code, closed_at=None).exists()


# Brothers and sisters on the same episode of work


@pytest.fixture
def brother(held, manager, worker, assessment_team, cp_team):
    """Amara's brother Kofi, held by the same team with one action, his transfer also waiting."""
    kofi = PersonFactory(first_name="Kofi", last_name="Okafor")
    Relationship.objects.create(from_person=held.child, to_person=kofi, kind="sibling")
    episode = ReferralFactory(child=kofi, referred_on=date(2026, 5, 1))
    allocate_referral(
        referral=episode,
        team=assessment_team,
        worker=worker,
        direction="With his sister.",
        actions=[("See Kofi at nursery", worker, date(2026, 6, 4))],
        replacing=None,
        by=manager,
    )
    return request_transfer(referral=episode, to_team=cp_team, reason="With Amara", by=worker)


def test_siblings_transfers_are_accepted_together_each_with_its_actions_decided(
    transfer, brother, cp_manager, cp_worker, cp_team
):
    everything = {
        row.pk: Resolution("reassign", cp_worker) for row in DirectionAction.objects.all()
    }
    nursery = _action("See Kofi at nursery")

    with pytest.raises(ValidationError) as raised:
        accept_with_direction(
            transfer=transfer,
            by=cp_manager,
            together=[brother],
            resolutions={pk: r for pk, r in everything.items() if pk != nursery.pk},
        )
    accept_with_direction(
        transfer=transfer,
        by=cp_manager,
        worker=cp_worker,
        together=[brother],
        resolutions=everything,
    )

    assert list(raised.value.message_dict) == [f"resolve_{nursery.pk}"]
    assert set(TeamTransfer.objects.values_list("status", flat=True)) == {"authorised"}
    for child in (transfer.child, brother.child):
        allocation = Allocation.objects.get(child=child, ended_on=None)
        assert (allocation.team, allocation.worker) == (cp_team, cp_worker)
        assert allocation.actions.filter(action=TRANSFER_ACTION).count() == 1
    assert _action("See Kofi at nursery").assignee == cp_worker


def test_only_a_siblings_transfer_to_the_same_team_is_accepted_together(
    transfer, cp_manager, worker, manager, assessment_team, cp_team
):
    stranger = ReferralFactory(child=PersonFactory(), referred_on=date(2026, 5, 1))
    allocate(
        child=stranger.child,
        team=assessment_team,
        worker=worker,
        started_on=date(2026, 5, 1),
        by=manager,
        referral=stranger,
    )
    other = request_transfer(referral=stranger, to_team=cp_team, reason="CP", by=worker)
    resolutions = {
        row.pk: Resolution("withdraw", None, "Not needed") for row in DirectionAction.objects.all()
    }

    with pytest.raises(ValidationError) as raised:
        accept_with_direction(
            transfer=transfer, by=cp_manager, together=[other], resolutions=resolutions
        )

    assert "together" in raised.value.message_dict
    assert set(TeamTransfer.objects.values_list("status", flat=True)) == {"proposed"}
