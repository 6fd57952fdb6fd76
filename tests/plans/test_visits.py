"""Statutory visits: attached to the child's plan, the visit clock restarted by a visit with the
child seen, at the frequency the plan type sets, and overdue visits listed for a team."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.plans import selectors, services
from opencsc.plans.models import Visit
from opencsc.timescales.models import DueItem
from tests.casework.factories import VisitFactory
from tests.factories import (
    AllocationFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
)
from tests.protection.fixtures import cin_plan, plan, visit_details


def _open(rule):
    return DueItem.objects.filter(rule=rule, closed_at=None)


def _visit(referral, by, on, **changes):
    return services.record_visit(referral=referral, **visit_details(on, **changes), by=by)


def test_a_visit_to_a_child_on_a_protection_plan_restarts_the_10_working_day_clock(
    referral, worker
):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    visit = _visit(referral, worker, date(2026, 12, 23))

    assert (visit.plan_type, visit.protection_plan, visit.cin_plan) == ("cp", made, None)
    item = _open("cp_visit").get()
    assert (item.starts_on, item.due_on) == (date(2026, 12, 23), date(2027, 1, 11))
    assert DueItem.objects.filter(rule="cp_visit").count() == 2


def test_a_visit_without_the_child_seen_does_not_restart_the_clock(referral, worker):
    plan(referral, worker, conference_on=date(2026, 12, 17))

    _visit(
        referral,
        worker,
        date(2026, 12, 23),
        child_seen=False,
        seen_alone=False,
        not_seen_alone_reason="Nobody was at home.",
    )

    item = _open("cp_visit").get()
    assert (item.starts_on, item.due_on) == (date(2026, 12, 17), date(2027, 1, 5))


def test_a_local_visit_frequency_applies(settings, referral, worker):
    settings.OPENCSC_LOCAL_TIMESCALES = {"cp_visit": 5}
    plan(referral, worker, conference_on=date(2026, 12, 17))

    _visit(referral, worker, date(2027, 1, 4))

    assert _open("cp_visit").get().due_on == date(2027, 1, 11)


def test_a_visit_to_a_child_on_a_cin_plan_restarts_the_20_working_day_clock(referral, worker):
    started = cin_plan(referral, worker, date(2026, 11, 2))

    visit = _visit(referral, worker, date(2026, 12, 4), kind="school", bedroom_seen=None)

    assert (visit.plan_type, visit.cin_plan, visit.protection_plan) == ("cin", started, None)
    assert _open("cin_visit").get().due_on == date(2027, 1, 6)


def test_a_visit_recorded_late_does_not_move_the_clock_back(referral, worker):
    plan(referral, worker, conference_on=date(2026, 12, 17))
    _visit(referral, worker, date(2027, 1, 4))

    _visit(referral, worker, date(2026, 12, 23))

    assert _open("cp_visit").get().starts_on == date(2027, 1, 4)


def test_a_child_on_no_plan_has_no_statutory_visit(referral, worker):
    with pytest.raises(ValidationError, match="is not on a child protection or child in need"):
        _visit(referral, worker, date(2026, 12, 23))


def test_a_visit_cannot_be_before_the_plan_started(referral, worker):
    plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as excinfo:
        _visit(referral, worker, date(2026, 12, 16))

    assert excinfo.value.message_dict["visited_on"] == [
        "The visit cannot be before the plan started (17 December 2026)"
    ]


def test_the_bedroom_is_recorded_on_home_visits_only(referral, worker):
    cin_plan(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        _visit(referral, worker, date(2026, 12, 4), kind="school", bedroom_seen=True)

    assert excinfo.value.message_dict["bedroom_seen"] == [
        "The child's bedroom is recorded on home visits only"
    ]


def test_a_home_visit_says_whether_the_bedroom_was_seen(referral, worker):
    cin_plan(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        _visit(referral, worker, date(2026, 12, 4), bedroom_seen=None)

    assert excinfo.value.message_dict["bedroom_seen"] == [
        "Select whether you saw the child's bedroom"
    ]


def test_a_child_is_seen_alone_only_if_seen(referral, worker):
    cin_plan(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        _visit(referral, worker, date(2026, 12, 4), child_seen=False, seen_alone=True)

    assert excinfo.value.message_dict["seen_alone"] == [
        "The child cannot be seen alone without being seen"
    ]
    assert not Visit.objects.exists()


def test_a_visit_cannot_be_in_the_future(referral, worker):
    cin_plan(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        _visit(referral, worker, date(2027, 6, 2))

    assert excinfo.value.message_dict["visited_on"] == ["The date cannot be in the future."]


def test_another_teams_worker_cannot_record_a_visit(referral, worker, other_worker):
    cin_plan(referral, worker)

    with pytest.raises(PermissionDenied):
        _visit(referral, other_worker, date(2026, 12, 4))


def test_overdue_visits_are_listed_for_the_team_most_overdue_first(
    referral, worker, cp_team, head_of_service
):
    plan(referral, worker, conference_on=date(2026, 12, 17))
    other_team = TeamFactory(name="Disabled children", kind="disabled_children")
    other_child = PersonFactory()
    other_referral = ReferralFactory(child=other_child, referred_on=date(2025, 6, 2))
    AllocationFactory(child=other_child, team=other_team, referral=other_referral)
    cin_plan(other_referral, head_of_service, date(2026, 11, 2))

    mine = list(selectors.overdue_visits([cp_team.pk], today=date(2027, 1, 6)))
    everyone = list(selectors.overdue_visits(None, today=date(2027, 1, 7)))
    before = list(selectors.overdue_visits([cp_team.pk], today=date(2027, 1, 5)))

    assert [(item.rule, item.child) for item in mine] == [("cp_visit", referral.child)]
    assert [item.rule for item in everyone] == ["cin_visit", "cp_visit"]
    assert before == []


def test_a_visit_with_the_child_not_seen_alone_needs_the_reason(referral, worker):
    plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as refused:
        _visit(referral, worker, date(2026, 12, 23), seen_alone=False)

    assert refused.value.message_dict == {
        "not_seen_alone_reason": ["Enter why the child was not seen alone"]
    }
    assert Visit.objects.count() == 0


def test_a_visit_with_the_child_not_seen_alone_keeps_the_reason(referral, worker):
    plan(referral, worker, conference_on=date(2026, 12, 17))

    visit = _visit(
        referral,
        worker,
        date(2026, 12, 23),
        seen_alone=False,
        not_seen_alone_reason="  Mum would not leave the room; I will see her at school.  ",
    )

    visit.refresh_from_db()
    assert visit.not_seen_alone_reason == "Mum would not leave the room; I will see her at school."


def test_a_visit_with_the_child_seen_alone_takes_no_reason_for_not(referral, worker):
    plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as refused:
        _visit(referral, worker, date(2026, 12, 23), not_seen_alone_reason="Shy.")

    assert refused.value.message_dict == {
        "not_seen_alone_reason": [
            "The child was seen alone: leave the reason for not seeing them alone empty"
        ]
    }


@pytest.mark.parametrize(
    ("seen_alone", "reason"),
    [(False, ""), (True, "Mum stayed in the room.")],
)
def test_the_database_keeps_a_reason_exactly_when_the_child_was_not_seen_alone(
    db, seen_alone, reason
):
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(seen_alone=seen_alone, not_seen_alone_reason=reason)


def test_the_database_takes_a_visit_not_seen_alone_with_its_reason(db):
    visit = VisitFactory(seen_alone=False, not_seen_alone_reason="Asleep: a baby of 3 months.")

    assert Visit.objects.get().pk == visit.pk
