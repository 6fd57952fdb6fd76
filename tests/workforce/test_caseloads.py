"""Caseloads: a worker's open cases against the caseload standard, and the team manager's view of
every worker in their teams."""

from datetime import date

import pytest
from django.utils import timezone

from opencsc.casework.services import open_pathway_due_item
from opencsc.timescales import rules
from opencsc.workforce import selectors
from tests.casework.factories import AssessmentFactory, CINPlanFactory, ProtectionPlanFactory
from tests.factories import (
    AllocationFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)


def _case(worker, team, *, stage="other", last_name="Case"):
    child = PersonFactory(last_name=last_name)
    referral = ReferralFactory(child=child, referred_on=date(2026, 3, 2))
    allocation = AllocationFactory(child=child, team=team, worker=worker, referral=referral)
    if stage == "cp":
        ProtectionPlanFactory(referral=referral)
    elif stage == "cin":
        CINPlanFactory(referral=referral)
    elif stage == "assessment":
        AssessmentFactory(referral=referral)
    return allocation


def test_my_caseload_shows_each_open_case_with_its_stage_and_deadlines(
    clock, worker, assessment_team
):
    cp = _case(worker, assessment_team, stage="cp", last_name="Adams")
    cin = _case(worker, assessment_team, stage="cin", last_name="Brown")
    assessing = _case(worker, assessment_team, stage="assessment", last_name="Clark")
    other = _case(worker, assessment_team, last_name="Davis")
    AllocationFactory(worker=worker, team=assessment_team, ended_on=date(2026, 2, 1))
    for rule, start in (
        (rules.ASSESSMENT, date(2026, 3, 2)),
        (rules.CP_VISIT, date(2026, 4, 1)),
        (rules.FIRST_CORE_GROUP, date(2026, 5, 29)),
    ):
        open_pathway_due_item(rule, child=cp.child, record=cp.referral, start=start)
    open_pathway_due_item(
        rules.CONTACT_DECISION_RED, child=cin.child, record=cin.referral, start=date(2026, 1, 5)
    )

    rows = list(selectors.my_caseload(worker, today=timezone.localdate()))

    assert [(row.child.last_name, row.stage) for row in rows] == [
        ("Adams", "Child protection plan"),
        ("Brown", "Child in need plan"),
        ("Clark", "Assessment"),
        ("Davis", "Other"),
    ]
    first = rows[0]
    assert (first.next_due_on, first.overdue_count) == (date(2026, 4, 17), 2)
    assert (rows[1].next_due_on, rows[1].overdue_count) == (None, 0)  # the MASH's item is not hers
    assert {row.pk for row in rows} == {cp.pk, cin.pk, assessing.pk, other.pk}


def test_a_restricted_childs_name_is_hidden_unless_the_worker_is_named(
    clock, worker, assessment_team
):
    case = _case(worker, assessment_team)
    case.child.is_restricted = True
    case.child.save()

    (row,) = selectors.my_caseload(worker, today=timezone.localdate())
    assert row.may_open is False
    case.child.named_staff.add(worker)
    (row,) = selectors.my_caseload(worker, today=timezone.localdate())
    assert row.may_open is True


def test_the_caseload_standard_is_a_setting(settings, db):
    assert selectors.caseload_standard() == 21
    settings.OPENCSC_CASELOAD_STANDARD = 12
    assert selectors.caseload_standard() == 12


def test_team_caseloads_count_each_workers_cases_and_overdue_deadlines_against_the_standard(
    clock, settings, worker, manager, assessment_team, cp_team
):
    settings.OPENCSC_CASELOAD_STANDARD = 2
    busy = UserFactory(
        role="social_worker", team=assessment_team, first_name="Bo", last_name="Busy"
    )
    for n in range(3):
        _case(busy, assessment_team, last_name=f"Busy{n}")
    case = _case(worker, assessment_team)
    open_pathway_due_item(
        rules.ASSESSMENT, child=case.child, record=case.referral, start=date(2026, 3, 2)
    )
    _case(None, assessment_team)
    _case(None, assessment_team)
    _case(UserFactory(role="social_worker", team=cp_team), cp_team)
    UserFactory(role="administrator", team=assessment_team)

    rows = list(selectors.team_caseloads([assessment_team.pk], today=timezone.localdate()))
    (team,) = selectors.overseen_teams([assessment_team.pk])

    assert [(row.user, row.open_cases, row.overdue_count, row.over_standard) for row in rows] == [
        (busy, 3, 0, True),
        (worker, 1, 1, False),
        (manager, 0, 0, False),
    ]
    assert (team, team.unallocated) == (assessment_team, 2)


def test_a_head_of_service_oversees_every_social_work_team(
    clock, worker, cp_worker, assessment_team, cp_team
):
    TeamFactory(name="MASH", kind="mash")

    teams = list(selectors.overseen_teams(None))
    workers = {row.user for row in selectors.team_caseloads(None, today=timezone.localdate())}

    assert teams == [assessment_team, cp_team]
    assert workers == {worker, cp_worker}


@pytest.mark.parametrize(("standard", "over"), [(21, False), (3, False), (2, True)])
def test_a_worker_is_over_the_standard_only_above_it(
    clock, settings, worker, assessment_team, standard, over
):
    settings.OPENCSC_CASELOAD_STANDARD = standard
    for n in range(3):
        _case(worker, assessment_team, last_name=f"C{n}")

    (row,) = selectors.team_caseloads([assessment_team.pk], today=timezone.localdate())

    assert (row.open_cases, row.over_standard) == (3, over)
