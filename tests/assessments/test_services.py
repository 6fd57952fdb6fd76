"""The child and family assessment: its 45-working-day clock, siblings assessed together, what a
submission needs, the manager's authorisation and the work each outcome opens."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.accounts.models import Team
from opencsc.assessments.models import Assessment, AssessmentFactor, FamilyAssessment
from opencsc.assessments.services import (
    AssessmentDetails,
    authorise_assessment,
    return_assessment,
    start_assessment,
    submit_assessment,
    update_assessment,
)
from opencsc.audit.models import AccessLog
from opencsc.casework.models import Referral
from opencsc.chronology.models import ChronologyEntry
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.assessments.conftest import refer
from tests.factories import PersonFactory, RelationshipFactory, TeamFactory, UserFactory
from tests.frontdoor.helpers import london

COMPLETE = AssessmentDetails(
    seen_on=date(2026, 5, 4),
    seen_alone_on=date(2026, 5, 4),
    child_views="Wants her dad to stop shouting",
    lived_experience="Cares for her brother after school",
    risk_analysis="Domestic abuse is frequent and escalating",
    protective_factors="Close to her grandmother",
    factors=["3B", "4B"],
    outcome="cin_plan",
    outcome_reason="Needs a plan of support with the family",
    family_history="Known to services since 2019",
    parenting_capacity="Mother is caring but overwhelmed",
)


def _open(rule, child) -> list[DueItem]:
    return list(DueItem.objects.filter(child=child, rule=rule.code, closed_at=None))


def _submitted(referral, worker, details=COMPLETE) -> Assessment:
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    update_assessment(assessment=assessment, details=details, by=worker)
    return submit_assessment(assessment=assessment, by=worker)


@pytest.mark.parametrize(
    ("referred", "due"),
    [
        (date(2026, 5, 1), date(2026, 7, 7)),  # past the two May bank holidays
        (date(2026, 11, 13), date(2027, 1, 20)),  # past Christmas, Boxing Day (moved) and New Year
        (date(2026, 3, 6), date(2026, 5, 13)),  # past Easter and the early May bank holiday
        # A Friday: Christmas Day (Fri), Boxing Day's substitute (Mon 28) and New Year's Day (Fri).
        (date(2026, 12, 18), date(2027, 2, 24)),
        (date(2025, 11, 20), date(2026, 1, 27)),  # TIMESCALES.md's worked example
    ],
)
def test_the_assessment_is_due_45_working_days_after_the_referral(
    clock, assessment_team, worker, referred, due
):
    clock.now = london(referred.year, referred.month, referred.day, 12)
    referral = refer(PersonFactory(), on=referred, team=assessment_team, worker=worker)

    assessment = start_assessment(referral=referral, started_on=referred, worker=worker, by=worker)

    assert assessment.due_on == due == rules.ASSESSMENT.due_on(referred)
    assert _open(rules.ASSESSMENT, referral.child)[0].due_on == due


def test_siblings_share_the_family_part_but_keep_their_own_factors_and_outcomes(
    clock, referral, sibling_referral, worker
):
    first = start_assessment(
        referral=referral,
        siblings=[sibling_referral],
        started_on=date(2026, 5, 1),
        worker=worker,
        by=worker,
    )
    second = Assessment.objects.get(child=sibling_referral.child)

    update_assessment(assessment=first, details=COMPLETE, by=worker)
    update_assessment(
        assessment=second,
        details=replace(
            COMPLETE,
            factors=["21"],
            outcome="nfa",
            family_history="Known to services since 2019; father left in 2024",
        ),
        by=worker,
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.family_id == second.family_id
    assert first.family.family_history == "Known to services since 2019; father left in 2024"
    assert sorted(first.factors.values_list("code", flat=True)) == ["3B", "4B"]
    assert list(second.factors.values_list("code", flat=True)) == ["21"]
    assert (first.outcome, second.outcome) == ("cin_plan", "nfa")


def test_a_child_who_is_not_a_sibling_cannot_join_the_assessment(
    clock, referral, assessment_team, worker
):
    stranger = refer(PersonFactory(), on=date(2026, 5, 1), team=assessment_team, worker=worker)

    with pytest.raises(ValidationError) as error:
        start_assessment(
            referral=referral,
            siblings=[stranger],
            started_on=date(2026, 5, 1),
            worker=worker,
            by=worker,
        )

    assert "siblings" in error.value.message_dict
    assert not Assessment.objects.exists()


def test_one_open_assessment_per_episode(clock, referral, worker):
    start_assessment(referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker)

    with pytest.raises(ValidationError) as error:
        start_assessment(referral=referral, started_on=date(2026, 5, 4), worker=worker, by=worker)

    assert error.value.message_dict == {
        "started_on": ["Amara Okafor already has an assessment in progress"]
    }


def test_the_database_allows_one_open_assessment_per_episode(clock, referral, worker):
    first = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(
            child=first.child,
            referral=referral,
            family=first.family,
            started_on=date(2026, 5, 2),
            due_on=first.due_on,
            worker=worker,
        )


def test_an_assessment_cannot_start_before_the_referral_or_after_the_episode_closed(
    clock, referral, worker
):
    with pytest.raises(ValidationError, match="before the referral"):
        start_assessment(referral=referral, started_on=date(2026, 4, 30), worker=worker, by=worker)

    referral.status, referral.closed_on, referral.closure_reason = (
        "closed",
        date(2026, 5, 20),
        "RC7",
    )
    referral.save()
    with pytest.raises(ValidationError, match="nothing more can be recorded"):
        start_assessment(referral=referral, started_on=date(2026, 5, 21), worker=worker, by=worker)


def test_no_factors_identified_stands_alone_and_retired_codes_are_refused(clock, referral, worker):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )

    with pytest.raises(ValidationError) as alone:
        update_assessment(
            assessment=assessment, details=replace(COMPLETE, factors=["21", "3B"]), by=worker
        )
    with pytest.raises(ValidationError) as retired:
        update_assessment(
            assessment=assessment, details=replace(COMPLETE, factors=["18A"]), by=worker
        )

    assert "factors" in alone.value.message_dict
    assert retired.value.message_dict == {"factors": ["Choose factors from the list"]}
    assert not AssessmentFactor.objects.exists()


def test_seen_dates_cannot_come_before_the_assessment_started(clock, referral, worker):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 4), worker=worker, by=worker
    )

    with pytest.raises(ValidationError) as error:
        update_assessment(
            assessment=assessment,
            details=replace(COMPLETE, seen_on=date(2026, 5, 1), seen_alone_on=None),
            by=worker,
        )

    assert list(error.value.message_dict) == ["seen_on"]


@pytest.mark.parametrize("analysis", ["Fine.", "Escalating", "Monitor; support ongoing"])
def test_an_analysis_of_risk_that_says_nothing_is_refused_next_to_its_field(
    clock, referral, worker, analysis
):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    update_assessment(
        assessment=assessment, details=replace(COMPLETE, risk_analysis=analysis), by=worker
    )

    with pytest.raises(ValidationError) as error:
        submit_assessment(assessment=assessment, by=worker)

    assert list(error.value.message_dict) == ["risk_analysis"]
    assert "too short to say what could harm" in error.value.message_dict["risk_analysis"][0]


def test_an_analysis_that_says_what_could_harm_the_child_is_sent(clock, referral, worker):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    update_assessment(assessment=assessment, details=COMPLETE, by=worker)

    assert submit_assessment(assessment=assessment, by=worker).status == "proposed"


def test_a_submission_needs_the_child_seen_their_views_analysis_factors_and_outcome(
    clock, referral, worker
):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )

    with pytest.raises(ValidationError) as error:
        submit_assessment(assessment=assessment, by=worker)

    assert set(error.value.message_dict) == {
        "seen_on",
        "child_views",
        "lived_experience",
        "risk_analysis",
        "factors",
        "outcome",
        "outcome_reason",
    }


def test_authorising_stops_the_clock_and_opens_the_plan_and_the_transfer(
    clock, referral, worker, manager
):
    assessment = _submitted(referral, worker)

    authorise_assessment(assessment=assessment, by=manager, comment="Good analysis")

    assessment.refresh_from_db()
    child = referral.child
    assert (assessment.status, assessment.authorised_on, assessment.reviewed_by) == (
        "authorised",
        date(2026, 6, 1),
        manager,
    )
    assert _open(rules.ASSESSMENT, child) == []
    [plan] = _open(rules.CIN_PLAN, child)
    [transfer] = _open(rules.TRANSFER_AFTER_ASSESSMENT, child)
    assert plan.due_on == date(2026, 6, 15)  # 10 working days
    assert transfer.due_on == date(2026, 6, 15)
    assert (transfer.team, transfer.owner) == (worker.memberships.get().team, worker)
    assert _open(rules.SEEN_ALONE_REASON, child) == []
    assert AccessLog.objects.filter(child=child, action="assessments.authorise").exists()


def test_a_strategy_discussion_outcome_opens_the_strategy_discussion_clock(
    clock, referral, worker, manager
):
    assessment = _submitted(referral, worker, replace(COMPLETE, outcome="strategy_discussion"))

    authorise_assessment(assessment=assessment, by=manager)

    [item] = _open(rules.STRATEGY_DISCUSSION, referral.child)
    assert item.due_on == date(2026, 6, 1)
    assert _open(rules.CIN_PLAN, referral.child) == []


def test_a_long_term_team_keeps_the_case_so_no_transfer_is_due(clock, worker):
    team = TeamFactory(name="Child protection 3", kind=Team.Kind.CHILD_PROTECTION)
    cp_worker = UserFactory(role="social_worker", team=team)
    cp_manager = UserFactory(role="team_manager", team=team)
    referral = refer(PersonFactory(), on=date(2026, 5, 1), team=team, worker=cp_worker)
    assessment = _submitted(referral, cp_worker)

    authorise_assessment(assessment=assessment, by=cp_manager)

    assert _open(rules.TRANSFER_AFTER_ASSESSMENT, referral.child) == []


def test_completed_without_the_child_seen_alone_or_a_reason_alerts_the_manager_at_once(
    clock, referral, worker, manager
):
    assessment = _submitted(referral, worker, replace(COMPLETE, seen_alone_on=None))

    authorise_assessment(assessment=assessment, by=manager)

    [item] = _open(rules.SEEN_ALONE_REASON, referral.child)
    assert (item.starts_on, item.due_on) == (date(2026, 6, 1), date(2026, 6, 1))


def test_a_reason_for_not_seeing_the_child_alone_raises_no_alert(clock, referral, worker, manager):
    assessment = _submitted(
        referral,
        worker,
        replace(COMPLETE, seen_alone_on=None, not_seen_alone_reason="She is 14 months old"),
    )

    authorise_assessment(assessment=assessment, by=manager)

    assert _open(rules.SEEN_ALONE_REASON, referral.child) == []


def test_the_worker_cannot_authorise_and_the_submitter_cannot_either(
    clock, referral, worker, manager, assessment_team
):
    assessment = _submitted(referral, worker)
    other_team_manager = UserFactory(
        role="team_manager", team=TeamFactory(kind=Team.Kind.CHILD_PROTECTION)
    )

    with pytest.raises(PermissionDenied):
        authorise_assessment(assessment=assessment, by=worker)
    with pytest.raises(PermissionDenied):
        authorise_assessment(assessment=assessment, by=other_team_manager)

    # A manager who submitted it themselves needs another manager.
    start = refer(PersonFactory(), on=date(2026, 5, 1), team=assessment_team, worker=manager)
    own = _submitted(start, manager)
    with pytest.raises(PermissionDenied, match="another manager"):
        authorise_assessment(assessment=own, by=manager)


def test_returning_needs_a_comment_and_reopens_the_assessment(clock, referral, worker, manager):
    assessment = _submitted(referral, worker)

    with pytest.raises(ValidationError):
        return_assessment(assessment=assessment, comment=" ", by=manager)
    return_assessment(assessment=assessment, comment="Say more about the risks", by=manager)

    assessment.refresh_from_db()
    assert (assessment.status, assessment.manager_comment, assessment.reviewed_by) == (
        "returned",
        "Say more about the risks",
        manager,
    )
    update_assessment(assessment=assessment, details=COMPLETE, by=worker)
    assert _open(rules.ASSESSMENT, referral.child)


def test_an_authorised_assessment_is_never_changed(clock, referral, worker, manager):
    assessment = _submitted(referral, worker)
    authorise_assessment(assessment=assessment, by=manager)

    with pytest.raises(ValidationError, match="cannot be changed"):
        update_assessment(
            assessment=assessment, details=replace(COMPLETE, outcome="nfa"), by=worker
        )
    with pytest.raises(ValidationError):
        authorise_assessment(assessment=assessment, by=manager)

    assessment.refresh_from_db()
    assert assessment.outcome == "cin_plan"


def test_the_database_keeps_authorisation_on_or_after_the_start(clock, referral, worker):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 4), worker=worker, by=worker
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=assessment.pk).update(
            status="authorised", authorised_on=date(2026, 5, 1), outcome="nfa"
        )


def test_another_teams_worker_cannot_record_on_the_assessment(clock, referral, worker):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    stranger = UserFactory(role="social_worker", team=TeamFactory(kind=Team.Kind.CHILD_PROTECTION))

    with pytest.raises(PermissionDenied):
        update_assessment(assessment=assessment, details=COMPLETE, by=stranger)


# (outcome, the rules its authorisation opens while an assessment team holds the case)
OUTCOMES = [
    ("nfa", set()),
    ("early_help", set()),
    ("cin_plan", {"cin_plan", "transfer_after_assessment"}),
    ("strategy_discussion", {"strategy_discussion", "transfer_after_assessment"}),
    ("looked_after", {"transfer_after_assessment"}),
]


@pytest.mark.parametrize(("outcome", "opened"), OUTCOMES)
def test_each_outcome_opens_its_next_piece_of_work_on_the_assessment(
    clock, referral, worker, manager, outcome, opened
):
    assessment = _submitted(referral, worker, replace(COMPLETE, outcome=outcome))

    authorise_assessment(assessment=assessment, by=manager)

    items = DueItem.objects.filter(child=referral.child, closed_at=None)
    assert {item.rule for item in items} == opened
    assert {(item.record_type.model, item.record_id) for item in items} <= {
        ("assessment", assessment.pk)
    }


def test_due_items_opened_at_authorisation_count_working_days_past_easter(
    clock, assessment_team, worker, manager
):
    clock.now = london(2027, 2, 1, 9)
    referral = refer(PersonFactory(), on=date(2027, 2, 1), team=assessment_team, worker=worker)
    assessment = start_assessment(
        referral=referral, started_on=date(2027, 2, 1), worker=worker, by=worker
    )
    clock.now = london(2027, 2, 3, 9)
    update_assessment(
        assessment=assessment,
        details=replace(COMPLETE, seen_on=date(2027, 2, 2), seen_alone_on=None),
        by=worker,
    )
    submit_assessment(assessment=assessment, by=worker)
    clock.now = london(2027, 3, 19, 16)  # a Friday, a week before Good Friday

    authorise_assessment(assessment=assessment, by=manager)

    due = {
        item.rule: (item.starts_on, item.due_on)
        for item in DueItem.objects.filter(child=referral.child, closed_at=None)
    }
    assert due == {
        # 10 working days, skipping Good Friday (26 March) and Easter Monday (29 March).
        "cin_plan": (date(2027, 3, 19), date(2027, 4, 6)),
        "transfer_after_assessment": (date(2027, 3, 19), date(2027, 4, 6)),
        # Not seen alone and no reason: due at once, so the manager is alerted the same day.
        "seen_alone_reason": (date(2027, 3, 19), date(2027, 3, 19)),
    }
    closed = DueItem.objects.get(child=referral.child, rule="assessment")
    assert (closed.closed_by, closed.close_note) == (manager, "Assessment authorised")


def test_the_disabled_childrens_team_works_the_same_pathway(db, clock):
    team = TeamFactory(name="Disabled children", kind=Team.Kind.DISABLED_CHILDREN)
    dc_worker = UserFactory(role="social_worker", team=team)
    dc_manager = UserFactory(role="team_manager", team=team)
    referral = refer(PersonFactory(), on=date(2026, 5, 1), team=team, worker=dc_worker)
    assessment = _submitted(referral, dc_worker)

    authorise_assessment(assessment=assessment, by=dc_manager)

    # A long-term team keeps the child: a plan is due, no transfer.
    assert {i.rule for i in DueItem.objects.filter(child=referral.child, closed_at=None)} == {
        "cin_plan"
    }
    assert (_open(rules.CIN_PLAN, referral.child)[0].team, assessment.due_on) == (
        team,
        date(2026, 7, 7),
    )


def test_authorising_one_sibling_leaves_the_others_clock_running(
    clock, referral, sibling_referral, worker, manager
):
    start_assessment(
        referral=referral,
        siblings=[sibling_referral],
        started_on=date(2026, 5, 1),
        worker=worker,
        by=worker,
    )
    first = Assessment.objects.get(child=referral.child)
    update_assessment(assessment=first, details=COMPLETE, by=worker)
    submit_assessment(assessment=first, by=worker)

    authorise_assessment(assessment=first, by=manager)

    assert _open(rules.ASSESSMENT, referral.child) == []
    assert len(_open(rules.ASSESSMENT, sibling_referral.child)) == 1
    assert Assessment.objects.get(child=sibling_referral.child).status == "in_progress"


def test_a_sibling_by_relationship_in_another_household_may_join(
    clock, referral, assessment_team, worker
):
    brother = PersonFactory(first_name="Kofi", last_name="Okafor")
    RelationshipFactory(from_person=brother, to_person=referral.child, kind="sibling")
    his = refer(brother, on=date(2026, 5, 5), team=assessment_team, worker=worker)

    start_assessment(
        referral=referral, siblings=[his], started_on=date(2026, 5, 5), worker=worker, by=worker
    )

    ours, theirs = (Assessment.objects.get(child=c) for c in (referral.child, brother))
    assert ours.family_id == theirs.family_id
    assert (ours.due_on, theirs.due_on) == (date(2026, 7, 7), date(2026, 7, 8))


def test_a_sibling_whose_episode_closed_cannot_join(clock, referral, sibling_referral, worker):
    Referral.objects.filter(pk=sibling_referral.pk).update(
        status="closed", closed_on=date(2026, 5, 20), closure_reason="RC8"
    )

    with pytest.raises(ValidationError) as error:
        start_assessment(
            referral=referral,
            siblings=[sibling_referral],
            started_on=date(2026, 5, 21),
            worker=worker,
            by=worker,
        )

    assert "nothing more can be recorded" in error.value.message_dict["siblings"][0]
    assert not Assessment.objects.exists()
    assert not FamilyAssessment.objects.exists()


def test_a_sibling_already_being_assessed_cannot_join_another_assessment(
    clock, referral, sibling_referral, worker
):
    start_assessment(
        referral=sibling_referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )

    with pytest.raises(ValidationError) as error:
        start_assessment(
            referral=referral,
            siblings=[sibling_referral],
            started_on=date(2026, 5, 2),
            worker=worker,
            by=worker,
        )

    assert error.value.message_dict == {
        "siblings": ["Tobi Okafor already has an assessment in progress"]
    }
    assert Assessment.objects.count() == 1


def test_a_sibling_held_by_another_team_needs_that_team(clock, referral, household, worker):
    team = TeamFactory(name="Child protection 4", kind=Team.Kind.CHILD_PROTECTION)
    sister = PersonFactory(household=household)
    hers = refer(sister, on=date(2026, 5, 1), team=team, worker=UserFactory(team=team))

    with pytest.raises(PermissionDenied):
        start_assessment(
            referral=referral,
            siblings=[hers],
            started_on=date(2026, 5, 1),
            worker=worker,
            by=worker,
        )

    assert not Assessment.objects.exists()


def test_the_worker_must_be_in_the_team_holding_the_case(clock, referral, worker):
    elsewhere = UserFactory(role="social_worker", team=TeamFactory(kind=Team.Kind.ASSESSMENT))

    with pytest.raises(ValidationError) as error:
        start_assessment(
            referral=referral, started_on=date(2026, 5, 1), worker=elsewhere, by=worker
        )

    assert error.value.message_dict == {
        "worker": ["Choose a worker in the team that holds Amara Okafor's case"]
    }


def test_a_new_assessment_may_start_once_the_last_one_was_authorised(
    clock, referral, worker, manager
):
    authorise_assessment(assessment=_submitted(referral, worker), by=manager)

    again = start_assessment(
        referral=referral, started_on=date(2026, 6, 1), worker=worker, by=worker
    )

    assert Assessment.objects.filter(referral=referral).count() == 2
    assert again.status == "in_progress"


def test_nothing_is_recorded_on_an_assessment_after_its_episode_closed(clock, referral, worker):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    Referral.objects.filter(pk=referral.pk).update(
        status="closed", closed_on=date(2026, 5, 29), closure_reason="RC8"
    )

    with pytest.raises(ValidationError, match="nothing more can be recorded"):
        update_assessment(assessment=assessment, details=COMPLETE, by=worker)

    assessment.refresh_from_db()
    assert assessment.child_views == ""


@pytest.mark.parametrize(
    ("factors", "message"),
    [
        (["3B", "3B"], "Choose each factor once"),
        (["19A"], "Choose factors from the list"),
        (["99Z"], "Choose factors from the list"),
        (["20", "21"], "“No factors identified” cannot be chosen with other factors"),
    ],
)
def test_factor_rules_of_the_census(clock, referral, worker, factors, message):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )

    with pytest.raises(ValidationError) as error:
        update_assessment(
            assessment=assessment, details=replace(COMPLETE, factors=factors), by=worker
        )

    assert error.value.message_dict == {"factors": [message]}


def test_no_factors_identified_on_its_own_is_recorded(clock, referral, worker):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )

    update_assessment(
        assessment=assessment, details=replace(COMPLETE, factors=["21"], outcome="nfa"), by=worker
    )
    update_assessment(
        assessment=assessment, details=replace(COMPLETE, factors=["21"], outcome="nfa"), by=worker
    )

    assert list(assessment.factors.values_list("code", flat=True)) == ["21"]


def test_a_seen_alone_date_and_a_reason_for_not_seeing_alone_exclude_each_other(
    clock, referral, worker
):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )

    with pytest.raises(ValidationError) as error:
        update_assessment(
            assessment=assessment,
            details=replace(COMPLETE, not_seen_alone_reason="Too young"),
            by=worker,
        )

    assert list(error.value.message_dict) == ["not_seen_alone_reason"]


def test_every_write_is_in_the_chronology_and_the_audit_log(clock, referral, worker, manager):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    update_assessment(assessment=assessment, details=COMPLETE, by=worker)
    submit_assessment(assessment=assessment, by=worker)
    return_assessment(assessment=assessment, comment="Say more about the risks", by=manager)
    update_assessment(
        assessment=assessment,
        details=replace(COMPLETE, risk_analysis="Escalating: two more police call-outs since May"),
        by=worker,
    )
    submit_assessment(assessment=assessment, by=worker)
    authorise_assessment(assessment=assessment, by=manager)

    entries = list(
        ChronologyEntry.objects.filter(child=referral.child, kind="assessment")
        .order_by("pk")
        .values_list("happened_on", "summary")
    )
    assert entries == [
        (date(2026, 5, 1), "Child and family assessment started by Nia Bell"),
        (
            date(2026, 6, 1),
            "Assessment recorded: seen 4 May 2026, seen alone 4 May 2026, views, lived "
            "experience, risk, protective factors, family history, parents' capacity, "
            "factors 3B 4B, outcome Child in need plan",
        ),
        (date(2026, 6, 1), "Assessment sent to a manager to authorise by Nia Bell"),
        (date(2026, 6, 1), "Assessment returned for more work by Mo Ahmed"),
        (date(2026, 6, 1), "Assessment recorded: risk"),
        (date(2026, 6, 1), "Assessment sent to a manager to authorise by Nia Bell"),
        (date(2026, 6, 1), "Assessment authorised by Mo Ahmed: Child in need plan"),
    ]
    assert list(
        AccessLog.objects.filter(child=referral.child, action__startswith="assessments.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == [
        "assessments.start",
        "assessments.update",
        "assessments.submit",
        "assessments.return",
        "assessments.update",
        "assessments.submit",
        "assessments.authorise",
    ]


def test_starting_with_siblings_writes_each_childs_chronology(
    clock, referral, sibling_referral, worker
):
    start_assessment(
        referral=referral,
        siblings=[sibling_referral],
        started_on=date(2026, 5, 1),
        worker=worker,
        by=worker,
    )
    amara, tobi = referral.child_id, sibling_referral.child_id

    assert list(
        ChronologyEntry.objects.filter(kind="assessment")
        .order_by("pk")
        .values_list("child__first_name", "summary")
    ) == [
        ("Amara", f"Child and family assessment started by Nia Bell, with {{person:{tobi}}}"),
        ("Tobi", f"Child and family assessment started by Nia Bell, with {{person:{amara}}}"),
    ]


def test_a_second_authorisation_is_refused_and_names_who_authorised(
    clock, referral, worker, manager, second_manager
):
    assessment = _submitted(referral, worker)
    authorise_assessment(assessment=assessment, by=manager)

    with pytest.raises(ValidationError) as error:
        authorise_assessment(assessment=assessment, by=second_manager)
    with pytest.raises(ValidationError):
        return_assessment(assessment=assessment, comment="More", by=second_manager)

    assert error.value.messages == [
        "This assessment has already been authorised by Mo Ahmed on 1 June 2026: "
        "nothing was changed."
    ]
    assert DueItem.objects.filter(child=referral.child, rule="cin_plan").count() == 1


def test_an_assessment_in_progress_cannot_be_authorised_or_returned(
    clock, referral, worker, manager
):
    assessment = start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )

    with pytest.raises(ValidationError, match="only an assessment sent to a manager"):
        authorise_assessment(assessment=assessment, by=manager)
    with pytest.raises(ValidationError, match="only an assessment sent to a manager"):
        return_assessment(assessment=assessment, comment="More", by=manager)


def test_a_submitted_assessment_waits_for_the_manager(clock, referral, worker):
    assessment = _submitted(referral, worker)

    with pytest.raises(ValidationError, match="cannot be changed"):
        update_assessment(assessment=assessment, details=COMPLETE, by=worker)
    with pytest.raises(ValidationError, match="already been sent"):
        submit_assessment(assessment=assessment, by=worker)


def test_resubmitting_clears_the_managers_earlier_comments(clock, referral, worker, manager):
    assessment = _submitted(referral, worker)
    return_assessment(assessment=assessment, comment="Say more about the risks", by=manager)

    submit_assessment(assessment=assessment, by=worker)

    assessment.refresh_from_db()
    assert (assessment.status, assessment.manager_comment, assessment.reviewed_by) == (
        "proposed",
        "",
        None,
    )
    assert assessment.history.filter(manager_comment="Say more about the risks").exists()


def test_a_head_of_service_may_authorise(clock, referral, worker):
    head = UserFactory(role="head_of_service")

    authorise_assessment(assessment=_submitted(referral, worker), by=head)

    assert Assessment.objects.get().reviewed_by == head


def test_the_manager_who_sent_an_assessment_may_not_authorise_it(clock, assessment_team, manager):
    referral = refer(PersonFactory(), on=date(2026, 5, 1), team=assessment_team, worker=manager)
    assessment = _submitted(referral, manager)

    with pytest.raises(PermissionDenied) as raised:
        authorise_assessment(assessment=assessment, by=manager)

    assert str(raised.value) == "You sent this assessment: another manager must authorise it."
    assert Assessment.objects.get(pk=assessment.pk).status == "proposed"


def test_a_returned_assessment_is_sent_again_and_waits_for_a_review(
    clock, referral, worker, manager
):
    assessment = _submitted(referral, worker)
    return_assessment(assessment=assessment, comment="Say more about the risks", by=manager)
    clock.now = london(2026, 6, 2, 15, 30)

    again = submit_assessment(assessment=assessment, by=worker)

    assert (again.status, again.proposed_by, again.proposed_at) == (
        "proposed",
        worker,
        london(2026, 6, 2, 15, 30),
    )
    assert (again.reviewed_by, again.reviewed_at) == (None, None)
