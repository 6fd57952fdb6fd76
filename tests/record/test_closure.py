"""Closing a child's episode: the worker proposes with the CIN census reason, a manager of the
holding team authorises; the record invariants of the census hold by construction."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencsc.audit.models import AccessLog
from opencsc.casework.models import Allocation, Closure, TeamTransfer
from opencsc.casework.services import (
    allocate,
    lock_open_episode,
    open_pathway_due_item,
    request_transfer,
)
from opencsc.chronology.models import ChronologyEntry
from opencsc.record.closure import authorise_closure, propose_closure, return_closure
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.casework.factories import (
    AssessmentFactory,
    CINPlanFactory,
    ConferenceFactory,
    ProtectionPlanFactory,
    Section47EnquiryFactory,
    VisitFactory,
)
from tests.factories import MashManagerFactory, MashPractitionerFactory
from tests.frontdoor.helpers import london

SUMMARY = "Attendance is back to 95% and mum is working with the family hub."


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


def _propose(referral, *, by, reason="RC7", closed_on=date(2026, 5, 29), note=""):
    return propose_closure(
        referral=referral,
        closed_on=closed_on,
        reason=reason,
        summary=SUMMARY,
        open_items_note=note,
        by=by,
    )


def test_an_episode_with_an_unauthorised_assessment_cannot_close(held, worker):
    AssessmentFactory(referral=held)

    with pytest.raises(ValidationError, match="An assessment on this episode is not authorised"):
        _propose(held, by=worker)


def test_an_episode_with_an_open_section_47_cannot_close(held, worker):
    Section47EnquiryFactory(strategy_discussion__referral=held)

    with pytest.raises(ValidationError, match="A section 47 enquiry has not concluded"):
        _propose(held, by=worker)


@pytest.mark.parametrize("concluded", ["completed", "conference"])
def test_a_section_47_concluded_by_its_outcome_or_a_conference_allows_closure(
    held, worker, concluded
):
    if concluded == "completed":
        Section47EnquiryFactory(strategy_discussion__referral=held, completed=True)
    else:
        conference = ConferenceFactory(
            enquiry__strategy_discussion__referral=held, outcome="no_plan", category=""
        )
        assert conference.enquiry.completed_on is None

    closure = _propose(held, by=worker)

    assert closure.status == "proposed"


def test_an_episode_with_an_open_child_protection_plan_cannot_close(held, worker):
    ProtectionPlanFactory(referral=held)

    with pytest.raises(ValidationError, match="on a child protection plan"):
        _propose(held, by=worker)


def test_closed_after_assessment_needs_an_authorised_assessment(held, worker):
    with pytest.raises(ValidationError) as raised:
        _propose(held, by=worker, reason="RC8")

    assert raised.value.message_dict["reason"] == [
        "Closed after assessment needs an authorised assessment on this episode"
    ]


@pytest.mark.parametrize("record", ["enquiry", "cin_plan", "cp_plan"])
def test_closed_after_assessment_cannot_follow_an_enquiry_or_a_plan(held, worker, record):
    AssessmentFactory(referral=held, authorised=True)
    if record == "enquiry":
        Section47EnquiryFactory(strategy_discussion__referral=held, completed=True)
    elif record == "cin_plan":
        CINPlanFactory(referral=held, ended_on=date(2026, 5, 28), end_reason="Done")
    else:
        ProtectionPlanFactory(
            referral=held, ended_on=date(2026, 5, 27), end_reason="no_longer_at_risk"
        )

    with pytest.raises(ValidationError) as raised:
        _propose(held, by=worker, reason="RC9")

    assert "cannot follow a section 47 enquiry" in raised.value.message_dict["reason"][0]


def test_closed_after_assessment_with_an_authorised_assessment_is_allowed(held, worker):
    AssessmentFactory(referral=held, authorised=True)

    assert _propose(held, by=worker, reason="RC8").reason == "RC8"


def test_the_episode_cannot_close_before_anything_recorded_on_it(held, worker):
    VisitFactory(
        cin_plan__referral=held,
        visited_on=date(2026, 5, 28),
        cin_plan__ended_on=date(2026, 5, 28),
        cin_plan__end_reason="Done",
    )

    with pytest.raises(ValidationError) as raised:
        _propose(held, by=worker, closed_on=date(2026, 5, 27))

    assert raised.value.message_dict["closed_on"] == [
        "The closure date cannot be before a child in need plan on 28 May 2026"
    ]


def test_the_closure_date_is_not_in_the_future_nor_before_the_referral(held, worker):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        _propose(held, by=worker, closed_on=date(2026, 6, 2))
    with pytest.raises(ValidationError, match="cannot be before the referral"):
        _propose(held, by=worker, closed_on=date(2026, 4, 30))


def test_open_deadlines_must_be_explained(held, worker):
    open_pathway_due_item(rules.ASSESSMENT, child=held.child, record=held, start=held.referred_on)

    with pytest.raises(ValidationError) as raised:
        _propose(held, by=worker)
    closure = _propose(held, by=worker, note="The family moved away before the assessment.")

    assert raised.value.message_dict["open_items_note"] == [
        "Deadlines are still open on this episode: explain why they need no more work"
    ]
    assert closure.open_items_note == "The family moved away before the assessment."


def test_the_mashs_own_deadlines_need_no_explanation(held, worker):
    open_pathway_due_item(
        rules.CONTACT_DECISION_AMBER, child=held.child, record=held, start=held.referred_on
    )

    assert _propose(held, by=worker).open_items_note == ""


def test_a_private_fostering_visit_needs_no_explanation_and_stays_open(held, worker, manager):
    visit = open_pathway_due_item(
        rules.PF_VISIT_FIRST_YEAR, child=held.child, record=held, start=held.referred_on
    )

    closure = _propose(held, by=worker)
    authorise_closure(closure=closure, by=manager)

    assert closure.open_items_note == ""
    visit.refresh_from_db()
    assert visit.closed_at is None


def test_only_the_team_holding_the_case_proposes_closure(held, cp_worker):
    with pytest.raises(PermissionDenied):
        _propose(held, by=cp_worker)


def test_one_closure_waits_at_a_time(held, worker):
    _propose(held, by=worker)

    with pytest.raises(ValidationError, match="already waiting for a manager"):
        _propose(held, by=worker)


def test_authorising_closes_the_episode_its_plan_allocation_and_deadlines(held, worker, manager):
    AssessmentFactory(referral=held, authorised=True)
    plan = CINPlanFactory(referral=held, started_on=date(2026, 5, 21))
    item = open_pathway_due_item(
        rules.CIN_VISIT, child=held.child, record=plan, start=plan.started_on
    )
    front_door = open_pathway_due_item(
        rules.CONTACT_DECISION_GREEN, child=held.child, record=held, start=date(2026, 5, 29)
    )
    closure = _propose(held, by=worker, note="The plan's work is done.")

    authorised = authorise_closure(closure=closure, by=manager, comment="Agreed")

    held.refresh_from_db()
    plan.refresh_from_db()
    item.refresh_from_db()
    front_door.refresh_from_db()
    assert (held.status, held.closed_on, held.closure_reason, held.is_nfa) == (
        "closed",
        date(2026, 5, 29),
        "RC7",
        False,
    )
    assert (plan.ended_on, plan.end_reason, plan.early_end_authorised_by) == (
        date(2026, 5, 29),
        "The episode closed: Services ceased for any other reason, including child no longer "
        "in need",
        None,
    )
    assert (item.closed_by, item.close_note) == (manager, "The plan's work is done.")
    assert front_door.closed_at is None
    assert Allocation.objects.get(child=held.child).ended_on == date(2026, 5, 29)
    assert (authorised.status, authorised.reviewed_by, authorised.manager_comment) == (
        "authorised",
        manager,
        "Agreed",
    )
    entry = ChronologyEntry.objects.get(child=held.child, kind="closure")
    assert (entry.happened_on, entry.summary) == (
        date(2026, 5, 29),
        "Episode closed: Services ceased for any other reason, including child no longer in need",
    )
    assert AccessLog.objects.filter(action="casework.authorise_closure", child=held.child).exists()


def test_a_closure_ends_the_cin_plan_with_its_chronology_entry_and_audit_row(held, worker, manager):
    AssessmentFactory(referral=held, authorised=True)
    plan = CINPlanFactory(referral=held, started_on=date(2026, 5, 21))

    authorise_closure(closure=_propose(held, by=worker), by=manager)

    entry = ChronologyEntry.objects.get(child=held.child, kind="plan", record_id=plan.pk)
    assert (entry.happened_on, entry.summary, entry.recorded_by) == (
        date(2026, 5, 29),
        "Child in need plan ended: the episode closed",
        manager,
    )
    row = AccessLog.objects.get(action="plans.end_cin_plan", child=held.child)
    assert (row.user, row.record_id, row.summary) == (
        manager,
        plan.pk,
        "The episode closed: Services ceased for any other reason, including child no longer "
        "in need",
    )


def test_an_episode_closed_with_no_assessment_enquiry_or_plan_is_no_further_action(
    held, worker, manager
):
    authorise_closure(closure=_propose(held, by=worker), by=manager)

    held.refresh_from_db()
    assert held.is_nfa is True


def test_nothing_is_recorded_on_an_episode_after_it_closed(held, worker, manager):
    authorise_closure(closure=_propose(held, by=worker), by=manager)

    with pytest.raises(ValidationError, match="closed on 29 May 2026: nothing more"):
        lock_open_episode(held, on=date(2026, 6, 1))
    with pytest.raises(ValidationError, match="nothing more can be recorded"):
        _propose(held, by=worker)


def test_the_proposer_cannot_authorise_their_own_closure(held, manager):
    closure = _propose(held, by=manager)

    with pytest.raises(PermissionDenied, match="another manager must authorise it"):
        authorise_closure(closure=closure, by=manager)


def test_a_worker_or_another_teams_manager_cannot_authorise(held, worker, cp_manager):
    closure = _propose(held, by=worker)

    for user in (worker, cp_manager):
        with pytest.raises(PermissionDenied):
            authorise_closure(closure=closure, by=user)


def test_a_closure_is_authorised_once(held, worker, manager, second_manager):
    closure = _propose(held, by=worker)
    authorise_closure(closure=closure, by=manager)

    with pytest.raises(ValidationError, match="closed on"):
        authorise_closure(closure=closure, by=second_manager)
    assert Closure.objects.get().reviewed_by == manager


def test_the_invariants_are_checked_again_at_authorisation(held, worker, manager):
    closure = _propose(held, by=worker)
    AssessmentFactory(referral=held, started_on=date(2026, 5, 30))

    with pytest.raises(ValidationError) as raised:
        authorise_closure(closure=closure, by=manager)

    assert raised.value.messages == [
        "An assessment on this episode is not authorised: a manager must authorise it before the "
        "episode closes",
        "The closure date cannot be before an assessment on 30 May 2026",
    ]


def test_a_step_down_plan_closes_early_only_with_a_head_of_service(
    held, worker, manager, head_of_service
):
    earlier = ProtectionPlanFactory(
        referral=held,
        started_on=date(2026, 5, 4),
        ended_on=date(2026, 5, 20),
        end_reason="stepped_down",
    )
    plan = CINPlanFactory(
        referral=held,
        started_on=date(2026, 5, 20),
        after_protection_plan=earlier,
        keep_open_until=date(2026, 8, 20),
    )
    closure = _propose(held, by=worker)

    with pytest.raises(PermissionDenied, match="only a head of service"):
        authorise_closure(closure=closure, by=manager)
    authorise_closure(closure=closure, by=head_of_service)

    plan.refresh_from_db()
    assert (plan.ended_on, plan.early_end_authorised_by) == (date(2026, 5, 29), head_of_service)


def test_a_step_down_plan_past_its_minimum_closes_with_the_team_manager(
    held, worker, manager, clock
):
    earlier = ProtectionPlanFactory(
        referral=held,
        started_on=date(2026, 5, 4),
        ended_on=date(2026, 5, 20),
        end_reason="stepped_down",
    )
    CINPlanFactory(
        referral=held,
        started_on=date(2026, 5, 20),
        after_protection_plan=earlier,
        keep_open_until=date(2026, 8, 20),
    )
    clock.now = london(2026, 8, 21)
    closure = _propose(held, by=worker, closed_on=date(2026, 8, 20))

    assert authorise_closure(closure=closure, by=manager).status == "authorised"


def test_returning_a_closure_needs_a_comment_and_lets_the_worker_propose_again(
    held, worker, manager
):
    closure = _propose(held, by=worker)

    with pytest.raises(ValidationError) as raised:
        return_closure(closure=closure, comment="", by=manager)
    returned = return_closure(closure=closure, comment="See the child once more first", by=manager)

    assert raised.value.message_dict == {
        "comment": ["Enter what needs doing before the episode can close"]
    }
    assert (returned.status, returned.manager_comment) == (
        "returned",
        "See the child once more first",
    )
    assert _propose(held, by=worker).status == "proposed"


def test_closing_declines_a_transfer_still_waiting(held, worker, manager, cp_team):
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)
    closure = _propose(held, by=worker, closed_on=date(2026, 6, 1))

    authorise_closure(closure=closure, by=manager)

    transfer.refresh_from_db()
    assert (transfer.status, transfer.manager_comment) == ("returned", "The episode closed.")
    assert not TeamTransfer.objects.filter(status="proposed").exists()


def test_closing_an_unallocated_episode_is_the_mashs_work(referral):
    practitioner = MashPractitionerFactory()
    closure = _propose(referral, by=practitioner)

    authorise_closure(closure=closure, by=MashManagerFactory())

    referral.refresh_from_db()
    assert (referral.status, referral.is_nfa) == ("closed", True)
    assert not DueItem.objects.filter(closed_at=None).exists()


def test_closing_the_episode_withdraws_the_allocations_directed_actions_not_done(
    held, worker, manager
):
    from opencsc.casework.models import DirectionAction

    allocation = Allocation.objects.get(child=held.child, ended_on=None)
    open_action = DirectionAction.objects.create(
        allocation=allocation, action="See Amara alone", assignee=worker, due_on=date(2026, 6, 5)
    )
    done = DirectionAction.objects.create(
        allocation=allocation,
        action="Visit at home",
        assignee=worker,
        due_on=date(2026, 5, 10),
        done_on=date(2026, 5, 9),
        done_by=worker,
        done_note="Seen at home",
    )

    authorise_closure(closure=_propose(held, by=worker), by=manager)

    open_action.refresh_from_db()
    done.refresh_from_db()
    assert (
        open_action.done_on,
        open_action.withdrawn_on,
        open_action.withdrawn_by,
        open_action.withdrawn_reason,
    ) == (None, date(2026, 5, 29), manager, "Case closed")
    assert (done.done_on, done.withdrawn_on) == (date(2026, 5, 9), None)
