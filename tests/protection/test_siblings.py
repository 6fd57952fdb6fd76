"""Brothers and sisters recorded together: a strategy discussion, section 47 outcomes, an initial
and a review conference written once for several children, each child keeping their own record,
outcome, category and clocks; all recorded or none; only siblings, each once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from opencsc.audit.models import AccessLog
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.protection import siblings as offered
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
    ProtectiveDecision,
    Section47Enquiry,
)
from opencsc.protection.services import siblings as together
from opencsc.protection.services.siblings import SiblingOutcome, sibling_field
from opencsc.record import census
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.factories import AllocationFactory, HouseholdFactory, PersonFactory, ReferralFactory
from tests.protection.fixtures import POLICE, SOCIAL_CARE, end_plan, strategy_details


@pytest.fixture
def family(child):
    household = HouseholdFactory()
    child.household = household
    child.save(update_fields=["household"])
    return household


def _episode(child, team, worker):
    referral = ReferralFactory(child=child, referred_on=date(2025, 6, 2))
    AllocationFactory(
        child=child, team=team, worker=worker, started_on=date(2025, 6, 2), referral=referral
    )
    return referral


@pytest.fixture
def brother_referral(family, referral, cp_team, worker):
    brother = PersonFactory(
        first_name="Tobi", last_name="Okafor", household=family, date_of_birth=date(2014, 3, 3)
    )
    return _episode(brother, cp_team, worker)


def _discuss_together(referral, siblings, by, start=True):
    return together.record_strategy_discussion_together(
        referral=referral,
        details=strategy_details(start_section_47=start),
        attendees=[POLICE, SOCIAL_CARE],
        siblings=siblings,
        by=by,
    )


def _enquiries(referral, brother_referral, by):
    first, second = _discuss_together(referral, {brother_referral: SiblingOutcome()}, by)
    return first.enquiry, second.enquiry


def _conference(enquiry, siblings, by, *, outcome="plan", category="PHY"):
    return together.hold_initial_conferences_together(
        enquiry=enquiry,
        held_on=date(2026, 12, 17),
        chair="Jo Chair",
        outcome=outcome,
        category=category,
        summary="Risk of physical harm from a parent.",
        siblings=siblings,
        by=by,
    )


def test_one_strategy_discussion_records_each_sibling_with_their_own_enquiry_and_clock(
    referral, brother_referral, worker
):
    first, second = _discuss_together(referral, {brother_referral: SiblingOutcome()}, worker)

    assert (first.child, second.child) == (referral.child, brother_referral.child)
    assert first.enquiry.pk != second.enquiry.pk
    icpc = DueItem.objects.filter(rule=rules.ICPC.code, closed_at=None)
    assert sorted(icpc.values_list("child_id", flat=True)) == sorted(
        [referral.child_id, brother_referral.child_id]
    )
    assert list(second.attendees.values_list("agency", flat=True)) == ["police", "social_care"]


def test_a_sibling_may_have_a_different_decision_on_a_section_47(
    referral, brother_referral, worker
):
    first, second = _discuss_together(
        referral, {brother_referral: SiblingOutcome(start_section_47=False)}, worker
    )

    assert (first.start_section_47, second.start_section_47) == (True, False)
    assert Section47Enquiry.objects.filter(child=brother_referral.child).count() == 0


def test_an_initial_conference_for_two_siblings_starts_a_plan_each_with_its_category(
    referral, brother_referral, worker
):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)

    made = _conference(
        sister_enquiry,
        {brother_enquiry: SiblingOutcome(outcome="plan", category="EMO")},
        worker,
    )

    plans = {c.child_id: c.plan for c in made}
    assert (
        plans[referral.child_id].initial_category,
        plans[brother_referral.child_id].initial_category,
    ) == ("PHY", "EMO")
    assert DueItem.objects.filter(rule=rules.FIRST_RCPC.code, closed_at=None).count() == 2


def test_a_sibling_without_a_category_refuses_both_children_next_to_their_field(
    referral, brother_referral, worker
):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)

    with pytest.raises(ValidationError) as refused:
        _conference(sister_enquiry, {brother_enquiry: SiblingOutcome(outcome="plan")}, worker)

    assert sibling_field("category", brother_enquiry.pk) in refused.value.message_dict
    assert not ProtectionPlan.objects.exists()
    assert not Conference.objects.exists()


def test_a_sibling_may_need_no_plan_while_the_child_has_one(referral, brother_referral, worker):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)

    made = _conference(sister_enquiry, {brother_enquiry: SiblingOutcome(outcome="no_plan")}, worker)

    assert [c.plan is not None for c in made] == [True, False]


def test_a_child_who_is_not_a_sibling_cannot_be_recorded_together(referral, cp_team, worker):
    stranger = _episode(PersonFactory(), cp_team, worker)

    with pytest.raises(ValidationError) as refused:
        _discuss_together(referral, {stranger: SiblingOutcome()}, worker)

    assert "siblings" in refused.value.message_dict
    assert not Section47Enquiry.objects.exists()


def test_a_siblings_refusal_names_them_next_to_the_choice_of_siblings(
    referral, brother_referral, worker
):
    brother_referral.status = "closed"
    brother_referral.closed_on = date(2026, 12, 1)
    brother_referral.closure_reason = "RC7"
    brother_referral.save()

    with pytest.raises(ValidationError) as refused:
        _discuss_together(referral, {brother_referral: SiblingOutcome()}, worker)

    assert any("Tobi Okafor" in message for message in refused.value.message_dict["siblings"])
    assert not Section47Enquiry.objects.exists()  # all or nothing: the sister's too


def test_one_siblings_plan_ends_at_the_review_while_the_others_continues(
    referral, brother_referral, worker
):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)
    made = _conference(
        sister_enquiry, {brother_enquiry: SiblingOutcome(outcome="plan", category="PHY")}, worker
    )
    sister_plan, brother_plan = (c.plan for c in made)

    together.hold_review_conferences_together(
        plan=sister_plan,
        held_on=date(2027, 3, 17),
        chair="Jo Chair",
        outcome="continue",
        summary="Progress for Tobi; Amara's risk continues.",
        siblings={brother_plan: SiblingOutcome(outcome="end", end_reason="no_longer_at_risk")},
        by=worker,
    )

    sister_plan.refresh_from_db()
    brother_plan.refresh_from_db()
    assert (sister_plan.ended_on, brother_plan.ended_on) == (None, date(2027, 3, 17))
    assert DueItem.objects.filter(record_id=sister_plan.pk, rule=rules.LATER_RCPC.code).count() == 1


def test_a_sibling_cannot_step_down_through_the_shared_review(referral, brother_referral, worker):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)
    sister_plan, brother_plan = (
        c.plan
        for c in _conference(
            sister_enquiry, {brother_enquiry: SiblingOutcome("plan", "PHY")}, worker
        )
    )

    with pytest.raises(ValidationError) as refused:
        together.hold_review_conferences_together(
            plan=sister_plan,
            held_on=date(2027, 3, 17),
            chair="Jo Chair",
            outcome="continue",
            summary="Review.",
            siblings={brother_plan: SiblingOutcome(outcome="end", end_reason="stepped_down")},
            by=worker,
        )

    assert sibling_field("end_reason", brother_plan.pk) in refused.value.message_dict


def test_one_sibling_plan_ends_alone_later(referral, brother_referral, worker):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)
    sister_plan, brother_plan = (
        c.plan
        for c in _conference(
            sister_enquiry, {brother_enquiry: SiblingOutcome("plan", "NEG")}, worker
        )
    )

    end_plan(brother_plan, worker, date(2027, 3, 17))

    assert ProtectionPlan.objects.get(pk=sister_plan.pk).is_open


def test_section_47_outcomes_are_each_childs_own(referral, brother_referral, worker):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)

    done = together.complete_enquiries_together(
        enquiry=sister_enquiry,
        completed_on=date(2026, 12, 16),
        outcome="conference",
        reason="Bruising consistent with the account given.",
        siblings={brother_enquiry: SiblingOutcome(outcome="no_conference")},
        by=worker,
    )

    # The sister's conference is called; the brother's "no conference" is a proposal that waits
    # for a manager's authorisation (issue 13, part 4), so his enquiry stays open meanwhile.
    assert [e.outcome for e in done] == ["conference", ""]
    waiting = ProtectiveDecision.objects.get(enquiry=brother_enquiry)
    assert (waiting.status, waiting.enquiry_outcome) == ("proposed", "no_conference")


def test_a_sibling_missing_an_outcome_refuses_both_enquiries(referral, brother_referral, worker):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)

    with pytest.raises(ValidationError) as refused:
        together.complete_enquiries_together(
            enquiry=sister_enquiry,
            completed_on=date(2026, 12, 16),
            outcome="conference",
            reason="Reasons.",
            siblings={brother_enquiry: SiblingOutcome()},
            by=worker,
        )

    assert sibling_field("outcome", brother_enquiry.pk) in refused.value.message_dict
    assert not Section47Enquiry.objects.exclude(completed_on=None).exists()


def test_each_siblings_record_is_logged_against_that_child(referral, brother_referral, worker):
    _discuss_together(referral, {brother_referral: SiblingOutcome()}, worker)

    logged = set(
        AccessLog.objects.filter(
            kind="change", action=Action.RECORD_STRATEGY_DISCUSSION.value
        ).values_list("child_id", flat=True)
    )
    assert logged == {referral.child_id, brother_referral.child_id}


# What the forms offer


def test_only_siblings_the_user_works_are_offered(
    referral, brother_referral, family, worker, other_worker
):
    elsewhere = PersonFactory(first_name="Zed", household=family, date_of_birth=date(2019, 1, 1))
    _episode(elsewhere, other_worker.memberships.get().team, other_worker)

    shown = offered.siblings_for_strategy(referral, user=worker)

    assert [row.child for row in shown] == [brother_referral.child]


def test_a_restricted_sibling_is_never_offered(referral, brother_referral, worker):
    Person.objects.filter(pk=brother_referral.child_id).update(is_restricted=True)

    assert offered.siblings_for_strategy(referral, user=worker) == []


def test_siblings_waiting_for_an_initial_conference_are_offered_until_it_is_held(
    referral, brother_referral, worker
):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)
    assert offered.siblings_for_initial_conference(sister_enquiry, user=worker) == [brother_enquiry]

    _conference(brother_enquiry, {}, worker)

    assert offered.siblings_for_initial_conference(sister_enquiry, user=worker) == []


# The CIN census items of siblings recorded together


def test_the_census_items_come_out_per_child_for_siblings_recorded_together(
    referral, brother_referral, worker
):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)
    _conference(sister_enquiry, {brother_enquiry: SiblingOutcome("plan", "EMO")}, worker)

    for episode, category in ((referral, "PHY"), (brother_referral, "EMO")):
        assert census.census_records(episode) == {"section 47 enquiry", "child protection plan"}
        enquiry = Section47Enquiry.objects.get(referral=episode)
        plan = ProtectionPlan.objects.get(referral=episode)
        assert (enquiry.child_id, plan.child_id) == (episode.child_id, episode.child_id)
        # S47ActualStartDate, InitialCPCtarget, DateOfInitialCPC, CPPstartDate, categories.
        assert (
            enquiry.started_on,
            enquiry.conference_due_on,
            enquiry.conference.held_on,
            enquiry.conference_not_required,
        ) == (date(2026, 12, 14), date(2027, 1, 7), date(2026, 12, 17), False)
        assert (plan.started_on, plan.initial_category, plan.latest_category) == (
            date(2026, 12, 17),
            category,
            category,
        )
        assert plan.previous_plans == 0


def test_a_siblings_plan_ending_changes_only_their_census_dates(referral, brother_referral, worker):
    sister_enquiry, brother_enquiry = _enquiries(referral, brother_referral, worker)
    made = _conference(sister_enquiry, {brother_enquiry: SiblingOutcome("plan", "NEG")}, worker)

    end_plan(made[1].plan, worker, date(2027, 3, 17))

    dates = dict(ProtectionPlan.objects.values_list("child_id", "ended_on"))
    assert dates == {referral.child_id: None, brother_referral.child_id: date(2027, 3, 17)}
    brother_last = census.latest_episode_date(brother_referral, open_allocation=False)
    sister_last = census.latest_episode_date(referral, open_allocation=False)
    assert (brother_last[0], sister_last[0]) == (date(2027, 3, 17), date(2026, 12, 17))
