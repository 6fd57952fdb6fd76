"""A child protection plan's life: core groups, review conferences, its end, and a step-down to a
child in need plan that starts after it."""

from dataclasses import replace
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opencsc.plans.models import CINPlan
from opencsc.plans.services import PlannedAction
from opencsc.protection import services
from opencsc.protection.models import Conference, ProtectionPlan
from opencsc.timescales.models import DueItem
from tests.protection.fixtures import plan


def _open(rule):
    return DueItem.objects.filter(rule=rule, closed_at=None)


def _review(made, by, on=date(2027, 3, 17), outcome="continue", **changes):
    values = {
        "plan": made,
        "held_on": on,
        "chair": "Jo Chair",
        "outcome": outcome,
        "summary": "Some progress.",
        "by": by,
    }
    values.update(changes)
    return services.hold_review_conference(**values)


STEP_DOWN = services.StepDown(
    outcomes="Amara stays safe at home with support.",
    child_views="Amara is happy the plan is ending.",
    contingency="A strategy discussion if concerns return.",
    actions=[
        PlannedAction(
            "Family support worker visits twice weekly after school",
            "Family support worker",
            date(2027, 4, 30),
        )
    ],
)


def test_the_first_core_group_opens_the_six_weekly_clock(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    services.record_core_group(
        plan=made,
        held_on=date(2026, 12, 30),
        attendees="Mother, school nurse, social worker",
        progress="Safety plan in place.",
        by=worker,
    )

    assert not _open("first_core_group").exists()
    assert _open("core_group").get().due_on == date(2027, 2, 10)  # 6 weeks: calendar days


def test_a_core_group_due_on_christmas_day_falls_due_on_the_next_working_day(referral, worker):
    made = plan(referral, worker, discussed_on=date(2026, 10, 26), conference_on=date(2026, 11, 6))

    services.record_core_group(
        plan=made, held_on=date(2026, 11, 13), attendees="Core group", progress="Fine", by=worker
    )

    # 6 weeks after Friday 13 November 2026 is Christmas Day; Boxing Day is observed on Monday 28.
    assert _open("core_group").get().due_on == date(2026, 12, 29)


def test_each_core_group_restarts_the_clock(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    for held_on in (date(2026, 12, 30), date(2027, 2, 8)):
        services.record_core_group(
            plan=made, held_on=held_on, attendees="Core group", progress="Fine", by=worker
        )

    assert _open("core_group").get().due_on == date(2027, 3, 22)
    assert made.core_group_meetings.count() == 2


def test_a_core_group_cannot_meet_before_the_plan_started(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as excinfo:
        services.record_core_group(
            plan=made, held_on=date(2026, 12, 16), attendees="A", progress="B", by=worker
        )

    assert excinfo.value.message_dict["held_on"] == [
        "The core group cannot meet before the plan started (17 December 2026)"
    ]


def test_a_continuing_plan_is_reviewed_again_within_six_months(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    conference = _review(made, worker, on=date(2027, 3, 17), category="EMO")

    made.refresh_from_db()
    assert (conference.kind, conference.plan, conference.outcome) == ("review", made, "continue")
    assert (made.initial_category, made.latest_category, made.ended_on) == ("PHY", "EMO", None)
    assert not _open("first_rcpc").exists()
    assert _open("later_rcpc").get().due_on == date(2027, 9, 17)


def test_a_later_review_restarts_the_six_month_clock(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    _review(made, worker, on=date(2027, 3, 17))

    _review(made, worker, on=date(2027, 5, 31))

    assert _open("later_rcpc").get().due_on == date(2027, 11, 30)


def test_a_review_must_be_after_the_day_the_plan_started(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as excinfo:
        _review(made, worker, on=date(2026, 12, 17))

    assert excinfo.value.message_dict["held_on"] == [
        "A review conference must be after the day the plan started (17 December 2026)"
    ]


def test_no_review_conference_on_a_weekend(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as excinfo:
        _review(made, worker, on=date(2027, 3, 20))

    assert excinfo.value.message_dict["held_on"] == [
        "A child protection conference cannot be held on a Saturday or Sunday"
    ]


def test_ending_a_plan_needs_a_reason(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as excinfo:
        _review(made, worker, outcome="end")

    assert excinfo.value.message_dict["end_reason"] == ["Select why the plan is ending"]


def test_ending_a_plan_ends_it_that_day_and_closes_its_clocks(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    _review(made, worker, outcome="end", end_reason="no_longer_at_risk")

    made.refresh_from_db()
    assert (made.ended_on, made.end_reason, made.is_open) == (
        date(2027, 3, 17),
        "no_longer_at_risk",
        False,
    )
    assert not DueItem.objects.filter(closed_at=None).exists()
    assert not CINPlan.objects.exists()


def test_an_ended_plan_takes_no_more_conferences(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    _review(made, worker, outcome="end", end_reason="moved")

    with pytest.raises(ValidationError, match="This child protection plan ended on 17 March 2027"):
        _review(made, worker, on=date(2027, 3, 18))


def test_the_database_refuses_a_plan_that_closes_the_day_it_opens(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(IntegrityError), transaction.atomic():
        ProtectionPlan.objects.filter(pk=made.pk).update(
            ended_on=date(2026, 12, 17), end_reason="other"
        )


def test_the_database_refuses_a_plan_that_closes_before_it_opens(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    made.ended_on, made.end_reason = date(2026, 12, 10), "other"

    with pytest.raises(IntegrityError), transaction.atomic():
        made.save()


def test_stepping_down_starts_a_cin_plan_the_day_after_the_review(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    _review(
        made,
        worker,
        on=date(2027, 3, 19),  # a Friday: the step-down starts on the Saturday
        outcome="end",
        end_reason="stepped_down",
        step_down=STEP_DOWN,
    )

    made.refresh_from_db()
    step_down = CINPlan.objects.get()
    assert made.ended_on == date(2027, 3, 19)
    assert (step_down.started_on, step_down.after_protection_plan, step_down.keep_open_until) == (
        date(2027, 3, 20),
        made,
        date(2027, 6, 20),
    )
    assert [a.action for a in step_down.actions.all()] == [
        "Family support worker visits twice weekly after school"
    ]
    assert set(_open("cin_plan_review").values_list("record_id", flat=True)) == {step_down.pk}
    assert set(DueItem.objects.filter(closed_at=None).values_list("rule", flat=True)) == {
        "cin_plan_review",
        "cin_visit",
    }


def test_a_review_held_today_may_step_down_to_a_plan_starting_tomorrow(clock, referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    actions = [
        PlannedAction(
            "Family support worker visits twice weekly after school",
            "Family support",
            date(2027, 7, 1),
        )
    ]

    _review(
        made,
        worker,
        on=date(2027, 6, 1),
        outcome="end",
        end_reason="stepped_down",
        step_down=replace(STEP_DOWN, actions=actions),
    )

    assert CINPlan.objects.get().started_on == date(2027, 6, 2)


def test_a_local_step_down_period_sets_how_long_the_cin_plan_stays_open(settings, referral, worker):
    settings.OPENCSC_LOCAL_TIMESCALES = {"cin_plan_after_cp_plan": 6}
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    _review(made, worker, outcome="end", end_reason="stepped_down", step_down=STEP_DOWN)

    assert CINPlan.objects.get().keep_open_until == date(2027, 9, 18)


def test_stepping_down_needs_the_cin_plan(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as excinfo:
        _review(made, worker, outcome="end", end_reason="stepped_down")

    assert excinfo.value.message_dict["end_reason"] == [
        "Enter the child in need plan the child steps down to"
    ]


def test_a_step_down_without_a_contingency_saves_nothing(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    no_contingency = services.StepDown(
        outcomes=STEP_DOWN.outcomes,
        child_views=STEP_DOWN.child_views,
        contingency="",
        actions=STEP_DOWN.actions,
    )

    with pytest.raises(ValidationError) as excinfo:
        _review(made, worker, outcome="end", end_reason="stepped_down", step_down=no_contingency)

    assert "contingency" in excinfo.value.message_dict
    made.refresh_from_db()
    assert made.ended_on is None
    assert not Conference.objects.filter(kind="review").exists()
