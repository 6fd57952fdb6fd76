"""The episode page's selector: everything about one episode, with a fixed number of queries."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.casework.selectors import referrals_to_allocate
from opencsc.casework.services import allocate_referral, open_pathway_due_item
from opencsc.permissions import RULES, Action
from opencsc.permissions.actions import Rule
from opencsc.record.selectors import episode_page
from opencsc.timescales import rules
from tests.casework.factories import (
    AssessmentFactory,
    CINPlanFactory,
    ConferenceFactory,
    ProtectionPlanFactory,
    VisitFactory,
)
from tests.factories import AllocationFactory, PersonFactory, ReferralFactory


def _allocated(referral, manager, worker, team):
    return allocate_referral(
        referral=referral,
        team=team,
        worker=worker,
        direction="See Amara first.",
        actions=[("Visit Amara at home", worker, date(2026, 6, 3))],
        replacing=None,
        by=manager,
    )


def test_the_page_gathers_the_whole_episode(referral, manager, worker, assessment_team):
    _allocated(referral, manager, worker, assessment_team)
    assessment = AssessmentFactory(
        referral=referral, authorised=True, authorised_on=date(2026, 5, 6)
    )
    conference = ConferenceFactory(
        enquiry__strategy_discussion__referral=referral, held_on=date(2026, 5, 6)
    )
    plan = ProtectionPlanFactory(
        referral=referral,
        started_on=date(2026, 5, 6),
        ended_on=date(2026, 5, 8),
        end_reason="stepped_down",
        previous_plans=1,
    )
    cin_plan = CINPlanFactory(referral=referral, started_on=date(2026, 5, 8))
    visits = [
        VisitFactory(cin_plan=cin_plan, visited_on=date(2026, 5, 8) + timedelta(days=n))
        for n in range(12)
    ]
    overdue = open_pathway_due_item(
        rules.CIN_VISIT, child=referral.child, record=cin_plan, start=date(2026, 4, 1)
    )
    later = open_pathway_due_item(
        rules.CIN_PLAN_REVIEW, child=referral.child, record=cin_plan, start=date(2026, 5, 8)
    )
    other_episode = ReferralFactory(child=referral.child, referred_on=date(2025, 1, 6), closed=True)
    AssessmentFactory(
        referral=other_episode,
        authorised=True,
        started_on=date(2025, 1, 7),
        authorised_on=date(2025, 1, 8),
    )

    page = episode_page(referral, user=worker, today=date(2026, 6, 1))

    assert page.current_allocation.direction == "See Amara first."
    assert [action.action for action in page.current_allocation.actions.all()] == [
        "Visit Amara at home"
    ]
    assert page.assessments == [assessment]
    assert page.enquiries == [conference.enquiry]
    assert page.enquiries[0].conference == conference
    assert page.protection_plans == [plan]
    assert page.protection_plans[0].is_repeat
    assert page.cin_plans == [cin_plan]
    assert page.visits == list(reversed(visits))[:10]
    assert [(item, item.status) for item in page.due_items] == [
        (overdue, "overdue"),
        (later, "due"),
    ]
    assert page.overdue_count == 1


def test_the_next_steps_follow_the_users_part_in_the_case(
    referral, manager, worker, assessment_team, cp_worker, head_of_service
):
    _allocated(referral, manager, worker, assessment_team)
    CINPlanFactory(referral=referral)

    labels = {
        name: [step.label for step in episode_page(referral, user=user).next_steps]
        for name, user in (("worker", worker), ("manager", manager), ("other", cp_worker))
    }

    assert labels["worker"] == [
        "Start an assessment",
        "Record a strategy discussion",
        "Review the child in need plan",
        "End the child in need plan",
        "Record a visit",
        "Request a transfer to another team",
        "Propose closing the episode",
    ]
    assert labels["manager"][0] == "Reallocate"
    assert labels["other"] == []


def test_record_a_visit_is_offered_only_to_who_may_record_visits(
    referral, manager, worker, assessment_team, monkeypatch
):
    _allocated(referral, manager, worker, assessment_team)
    CINPlanFactory(referral=referral)
    monkeypatch.setitem(RULES, Action.RECORD_VISIT, Rule(grants=()))

    labels = [step.label for step in episode_page(referral, user=worker).next_steps]

    assert "Record a visit" not in labels
    assert "Review the child in need plan" in labels


def test_an_unallocated_episode_offers_allocation_to_a_manager(referral, manager):
    steps = episode_page(referral, user=manager).next_steps

    assert [step.label for step in steps] == ["Allocate with direction"]


def test_a_closed_episode_offers_no_next_step(referral, head_of_service):
    referral.status, referral.closed_on, referral.closure_reason = (
        "closed",
        date(2026, 5, 20),
        "RC7",
    )
    referral.save()

    assert episode_page(referral, user=head_of_service).next_steps == []


def test_the_page_reads_the_same_queries_at_two_sizes(referral, manager, worker, assessment_team):
    _allocated(referral, manager, worker, assessment_team)
    cin_plan = CINPlanFactory(referral=referral)

    def count():
        with CaptureQueriesContext(connection) as captured:
            episode_page(referral, user=worker, today=date(2026, 6, 1))
        return len(captured)

    VisitFactory(cin_plan=cin_plan)
    count()  # the first read caches the worker's teams on the user
    small = count()
    for n in range(15):
        VisitFactory(cin_plan=cin_plan, visited_on=date(2026, 5, 22) + timedelta(days=n % 5))
        AssessmentFactory(referral=referral, authorised=True)

    assert count() == small


def test_referrals_to_allocate_are_open_unheld_and_oldest_first(db, assessment_team):
    newer = ReferralFactory(referred_on=date(2026, 5, 20))
    older = ReferralFactory(referred_on=date(2026, 5, 2))
    held = ReferralFactory(referred_on=date(2026, 5, 1))
    AllocationFactory(child=held.child, team=assessment_team)
    ReferralFactory(referred_on=date(2026, 4, 1), closed=True)
    ReferralFactory(child=PersonFactory(), referred_on=date(2026, 5, 3)).child  # noqa: B018

    rows = list(referrals_to_allocate())

    assert rows[0] == older
    assert newer in rows
    assert held not in rows
