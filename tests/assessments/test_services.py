"""The child and family assessment: its 45-working-day clock, siblings assessed together, what a
submission needs, the manager's authorisation and the work each outcome opens."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.accounts.models import Team
from opencsc.assessments.models import Assessment, AssessmentFactor
from opencsc.assessments.services import (
    AssessmentDetails,
    authorise_assessment,
    return_assessment,
    start_assessment,
    submit_assessment,
    update_assessment,
)
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.assessments.conftest import refer
from tests.factories import PersonFactory, TeamFactory, UserFactory
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
    assert (assessment.status, assessment.authorised_on, assessment.authorised_by) == (
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
    assert ChronologyEntry.objects.filter(child=child, kind="assessment").count() == 2
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
    assert (assessment.status, assessment.manager_comment) == (
        "in_progress",
        "Say more about the risks",
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
