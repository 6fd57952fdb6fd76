"""Children in need plans: a contingency and SMART actions, never open with a child protection
plan or another CIN plan, reviews, and the step-down plan a head of service alone may end early."""

import importlib
from datetime import date

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.chronology.models import ChronologyEntry
from opencsc.plans import services
from opencsc.plans.models import CINPlan, PlanAction
from opencsc.plans.services import PlannedAction
from opencsc.protection import services as protection
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem
from tests.protection.fixtures import ACTIONS, cin_details, cin_plan, end_plan, plan

STEP_DOWN = protection.StepDown(
    outcomes="Safe at home with support.",
    child_views="Happy the plan is ending.",
    contingency="A strategy discussion if concerns return.",
    actions=[
        PlannedAction(
            "Family support worker visits twice weekly after school",
            "Family support worker",
            date(2027, 5, 1),
        )
    ],
)


def _open(rule):
    return DueItem.objects.filter(rule=rule, closed_at=None)


def _start(referral, by, **changes):
    actions = changes.pop("actions", ACTIONS)
    return services.start_cin_plan(
        referral=referral, details=cin_details(**changes), actions=actions, by=by
    )


def _step_down(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    protection.hold_review_conference(
        plan=made,
        held_on=date(2027, 3, 17),
        chair="Jo Chair",
        outcome="end",
        end_reason="stepped_down",
        step_down=STEP_DOWN,
        summary="Stepping down.",
        by=worker,
    )
    return CINPlan.objects.get(after_protection_plan=made)


def test_a_plan_keeps_its_outcomes_views_contingency_and_actions(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))

    assert (started.started_on, started.contingency, started.created_by) == (
        date(2026, 11, 2),
        "A strategy discussion if school sees new bruising.",
        worker,
    )
    assert [(a.action, a.who, a.due_on, a.status) for a in started.actions.all()] == [
        (
            "Mum attends the Triple P parenting course weekly",
            "Family support worker",
            date(2027, 9, 1),
            "not_started",
        )
    ]
    assert ChronologyEntry.objects.filter(
        child=referral.child, kind="plan", summary="Child in need plan started"
    ).exists()


def test_a_plan_opens_its_review_and_visit_clocks_and_closes_the_plan_clock(
    referral, worker, manager
):
    assessment_clock = timescales.open_due_item(
        rules.CIN_PLAN, child=referral.child, record=referral, start=date(2026, 10, 26)
    )

    _start(referral, worker, started_on=date(2026, 12, 18))

    assessment_clock.refresh_from_db()
    assert assessment_clock.closed_by == worker
    assert _open("cin_plan_review").get().due_on == date(2027, 3, 18)  # 3 months
    assert _open("cin_visit").get().due_on == date(2027, 1, 20)  # 20 working days over Christmas


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("contingency", "Enter the contingency plan: what happens if the plan does not work"),
        ("outcomes", "Enter the outcomes the plan is for"),
        ("child_views", "Enter the child's views, or why they could not be given"),
    ],
)
def test_a_plan_needs_its_contingency_outcomes_and_the_childs_views(
    referral, worker, field, message
):
    with pytest.raises(ValidationError) as excinfo:
        _start(referral, worker, **{field: "  "})

    assert excinfo.value.message_dict[field] == [message]
    assert not CINPlan.objects.exists()


def test_the_database_refuses_a_plan_without_a_contingency(referral, worker):
    started = _start(referral, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        CINPlan.objects.filter(pk=started.pk).update(contingency="")


def test_a_plan_needs_at_least_one_action(referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _start(referral, worker, actions=[])

    assert excinfo.value.message_dict["actions"] == [
        "Add at least one action: what, who and by when"
    ]


def test_an_action_needs_who_does_it(referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _start(referral, worker, actions=[PlannedAction("Course", " ", date(2027, 1, 1))])

    assert excinfo.value.message_dict["actions"] == ["Enter who does each action"]


def test_no_cin_plan_while_the_child_is_on_a_protection_plan(referral, worker):
    plan(referral, worker, conference_on=date(2026, 12, 17))

    with pytest.raises(ValidationError) as excinfo:
        _start(referral, worker, started_on=date(2027, 1, 4))

    assert excinfo.value.message_dict["started_on"] == [
        "Amara Okafor is on a child protection plan from 17 December 2026: a child in need plan "
        "cannot be open at the same time. A review conference ends the child protection plan "
        "and can step it down"
    ]


def test_no_cin_plan_overlapping_an_ended_protection_plan(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    end_plan(made, worker, date(2027, 3, 17))

    with pytest.raises(ValidationError) as excinfo:
        _start(referral, worker, started_on=date(2027, 3, 17))

    assert excinfo.value.message_dict["started_on"] == [
        "A child in need plan from 17 March 2027 would overlap the child protection plan of "
        "17 December 2026 to 17 March 2027: start it after 17 March 2027"
    ]


def test_a_cin_plan_may_start_the_day_after_a_protection_plan_ended(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    end_plan(made, worker, date(2027, 3, 17))

    assert _start(referral, worker, started_on=date(2027, 3, 18)).started_on == date(2027, 3, 18)


def test_no_cin_plan_started_before_an_earlier_protection_plan(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    end_plan(made, worker, date(2027, 3, 17))

    with pytest.raises(ValidationError, match="would overlap the child protection plan"):
        _start(referral, worker, started_on=date(2026, 12, 1))


def test_a_child_has_one_open_cin_plan(referral, worker):
    _start(referral, worker, started_on=date(2026, 11, 2))

    with pytest.raises(ValidationError) as excinfo:
        _start(referral, worker, started_on=date(2026, 12, 1))

    assert excinfo.value.message_dict["started_on"] == [
        "Amara Okafor already has an open child in need plan from 2 November 2026: review it, "
        "or end it first"
    ]


def test_the_database_keeps_one_open_cin_plan_per_child(referral, worker):
    started = _start(referral, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        CINPlan.objects.create(
            child=started.child,
            referral=referral,
            started_on=date(2026, 12, 1),
            outcomes="A",
            child_views="B",
            contingency="C",
            created_by=worker,
        )


def test_cin_plans_do_not_overlap(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))
    services.end_cin_plan(plan=started, ended_on=date(2027, 1, 8), reason="Done", by=worker)

    with pytest.raises(ValidationError, match="would overlap the plan of 2 November 2026"):
        _start(referral, worker, started_on=date(2027, 1, 8))


def test_a_review_records_progress_statuses_and_new_actions(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))
    action = started.actions.get()

    review = services.review_cin_plan(
        plan=started,
        held_on=date(2027, 1, 29),
        progress="School attendance is up.",
        child_views="Likes the course.",
        action_statuses={action.pk: "in_progress"},
        new_actions=[
            PlannedAction(
                "Health visitor weighs the baby at home fortnightly",
                "Health visitor",
                date(2027, 2, 26),
            )
        ],
        next_review_on=None,
        by=worker,
    )

    assert (review.held_on, review.next_review_on) == (date(2027, 1, 29), date(2027, 4, 29))
    assert PlanAction.objects.get(pk=action.pk).status == "in_progress"
    assert started.actions.count() == 2
    item = _open("cin_plan_review").get()
    assert (item.starts_on, item.due_on) == (date(2027, 1, 29), date(2027, 4, 29))
    assert DueItem.objects.filter(rule="cin_plan_review").count() == 2


def test_a_review_may_set_an_earlier_next_review(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))

    services.review_cin_plan(
        plan=started,
        held_on=date(2027, 1, 29),
        progress="Slow.",
        child_views="",
        action_statuses={},
        new_actions=[],
        next_review_on=date(2027, 2, 26),
        by=worker,
    )

    assert _open("cin_plan_review").get().due_on == date(2027, 2, 26)


def test_an_agreed_review_date_survives_a_recount(referral, manager):
    started = _start(referral, manager, started_on=date(2026, 11, 2))
    services.review_cin_plan(
        plan=started,
        held_on=date(2027, 1, 29),
        progress="Slow.",
        child_views="",
        action_statuses={},
        new_actions=[],
        next_review_on=date(2027, 2, 26),
        by=manager,
    )

    moved = timescales.recalculate_open_due_items()

    item = _open("cin_plan_review").get()
    assert (item.due_on, item.agreed_by, moved) == (date(2027, 2, 26), manager, 0)
    assert item.agreed_at is not None


def test_a_review_date_left_to_the_rule_is_not_agreed(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))
    services.review_cin_plan(
        plan=started,
        held_on=date(2027, 1, 29),
        progress="Slow.",
        child_views="",
        action_statuses={},
        new_actions=[],
        next_review_on=None,
        by=worker,
    )

    item = _open("cin_plan_review").get()
    assert (item.due_on, item.agreed_by, item.agreed_at) == (date(2027, 4, 29), None, None)


def test_a_review_cannot_set_the_next_review_beyond_the_timescale(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))

    with pytest.raises(ValidationError) as excinfo:
        services.review_cin_plan(
            plan=started,
            held_on=date(2027, 1, 29),
            progress="Slow.",
            child_views="",
            action_statuses={},
            new_actions=[],
            next_review_on=date(2027, 5, 3),
            by=worker,
        )

    assert excinfo.value.message_dict["next_review_on"] == [
        "The next review must be by 29 April 2027 (3 months after this one)"
    ]


def test_a_plan_cannot_end_before_it_starts(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))

    with pytest.raises(ValidationError) as excinfo:
        services.end_cin_plan(plan=started, ended_on=date(2026, 11, 1), reason="x", by=worker)

    assert excinfo.value.message_dict["ended_on"] == [
        "The plan cannot end before it started (2 November 2026)"
    ]


def test_the_database_refuses_a_cin_plan_ending_before_it_starts(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))
    started.ended_on, started.end_reason = date(2026, 11, 1), "x"

    with pytest.raises(IntegrityError), transaction.atomic():
        started.save()


def test_ending_a_plan_closes_its_clocks(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))

    services.end_cin_plan(plan=started, ended_on=date(2027, 2, 1), reason="Goals met", by=worker)

    started.refresh_from_db()
    assert (started.ended_on, started.end_reason, started.early_end_authorised_by) == (
        date(2027, 2, 1),
        "Goals met",
        None,
    )
    assert not DueItem.objects.filter(closed_at=None).exists()


def test_a_worker_cannot_end_a_step_down_plan_early(referral, worker, manager):
    step_down = _step_down(referral, worker)

    for user in (worker, manager):
        with pytest.raises(PermissionDenied) as excinfo:
            services.end_cin_plan(
                plan=step_down, ended_on=date(2027, 5, 3), reason="Going well", by=user
            )
        assert str(excinfo.value) == (
            "This plan stepped down from a child protection plan and stays open until "
            "18 June 2027: only a head of service may end it earlier."
        )
    assert CINPlan.objects.get().ended_on is None


def test_a_head_of_service_may_end_a_step_down_plan_early(referral, worker, head_of_service):
    step_down = _step_down(referral, worker)

    services.end_cin_plan(
        plan=step_down, ended_on=date(2027, 5, 3), reason="Family moved on", by=head_of_service
    )

    step_down.refresh_from_db()
    assert (step_down.ended_on, step_down.early_end_authorised_by) == (
        date(2027, 5, 3),
        head_of_service,
    )


def test_a_worker_may_end_a_step_down_plan_once_it_has_run_its_course(clock, referral, worker):
    step_down = _step_down(referral, worker)
    assert step_down.keep_open_until == date(2027, 6, 18)
    clock.now = clock.now.replace(month=6, day=21)

    services.end_cin_plan(plan=step_down, ended_on=date(2027, 6, 18), reason="Done", by=worker)

    step_down.refresh_from_db()
    assert (step_down.ended_on, step_down.early_end_authorised_by) == (date(2027, 6, 18), None)


def test_an_ended_plan_cannot_be_ended_again(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))
    services.end_cin_plan(plan=started, ended_on=date(2027, 2, 1), reason="Done", by=worker)

    with pytest.raises(ValidationError, match="ended on 1 February 2027"):
        services.end_cin_plan(plan=started, ended_on=date(2027, 2, 2), reason="Again", by=worker)


def test_nothing_is_recorded_on_a_closed_episode(referral, worker):
    started = cin_plan(referral, worker)
    referral.status, referral.closed_on, referral.closure_reason = "closed", date(2027, 1, 5), "RC7"
    referral.save()

    with pytest.raises(ValidationError, match="This episode closed on 5 January 2027"):
        services.end_cin_plan(plan=started, ended_on=date(2027, 1, 5), reason="x", by=worker)


def test_another_teams_worker_cannot_start_a_plan(referral, other_worker):
    with pytest.raises(PermissionDenied):
        _start(referral, other_worker)


def test_a_review_date_agreed_before_agreed_dates_were_recorded_is_kept(referral, worker):
    started = _start(referral, worker, started_on=date(2026, 11, 2))
    review = services.review_cin_plan(
        plan=started,
        held_on=date(2027, 1, 29),
        progress="Slow.",
        child_views="",
        action_statuses={},
        new_actions=[],
        next_review_on=date(2027, 2, 26),
        by=worker,
    )
    _open("cin_plan_review").update(agreed_by=None, agreed_at=None)  # as the rows were
    migration = importlib.import_module("opencsc.plans.migrations.0002_keep_agreed_review_dates")

    migration.keep_agreed_review_dates(django_apps, None)
    timescales.recalculate_open_due_items()

    item = _open("cin_plan_review").get()
    assert (item.due_on, item.agreed_by, item.agreed_at) == (
        date(2027, 2, 26),
        worker,
        review.created_at,
    )
