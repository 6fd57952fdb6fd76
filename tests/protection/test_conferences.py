"""Initial child protection conferences and the plans they start: never on a weekend, never
before the strategy discussion, the plan starting the day of the conference, one open plan per
child and no overlaps, and never alongside a child in need plan."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opencsc.chronology.models import ChronologyEntry
from opencsc.plans.models import CINPlan
from opencsc.protection import selectors, services
from opencsc.protection.models import Conference, ProtectionPlan
from opencsc.timescales.models import DueItem
from tests.protection.fixtures import cin_plan, conclude, end_plan, enquiry, plan


def _hold(started, by, on=date(2026, 12, 17), outcome="plan", category="PHY", **changes):
    values = {
        "enquiry": started,
        "held_on": on,
        "chair": "Jo Chair",
        "outcome": outcome,
        "category": category,
        "summary": "Risk of physical harm.",
        "by": by,
    }
    values.update(changes)
    return services.hold_initial_conference(**values)


def _open_items(rule):
    return DueItem.objects.filter(rule=rule, closed_at=None)


def test_a_plan_starts_on_the_day_of_the_conference_that_decided_it(referral, worker):
    started = enquiry(referral, worker)

    conference = _hold(started, worker, on=date(2026, 12, 17), category="NEG")

    made = conference.plan
    assert (made.started_on, made.initial_category, made.latest_category) == (
        date(2026, 12, 17),
        "NEG",
        "NEG",
    )
    assert (made.previous_plans, made.is_repeat, made.referral) == (0, False, referral)
    assert (conference.kind, conference.enquiry, conference.held_on) == (
        "initial",
        started,
        date(2026, 12, 17),
    )
    kinds = set(ChronologyEntry.objects.filter(child=referral.child).values_list("kind", flat=True))
    assert {"conference", "plan"} <= kinds


def test_the_conference_closes_the_icpc_clock_and_completes_the_enquiry(referral, worker):
    started = enquiry(referral, worker)

    _hold(started, worker)

    assert not _open_items("icpc").exists()
    started.refresh_from_db()
    assert (started.completed_on, started.outcome) == (date(2026, 12, 17), "conference")


def test_the_plan_opens_the_core_group_review_and_visit_clocks(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    due = {
        item.rule: item.due_on
        for item in _open_items("first_core_group")
        | _open_items("first_rcpc")
        | _open_items("cp_visit")
    }
    assert due == {
        "first_core_group": date(2027, 1, 5),  # 10 working days over Christmas and New Year
        "first_rcpc": date(2027, 3, 17),  # 3 months
        "cp_visit": date(2027, 1, 5),  # 10 working days, the default visit frequency
    }
    assert set(DueItem.objects.filter(closed_at=None).values_list("record_id", flat=True)) == {
        made.pk
    }


@pytest.mark.parametrize(
    ("conference_on", "first_core_group", "first_rcpc"),
    [
        # Over Easter 2027; 3 months is Saturday 19 June, so the review is due on Monday 21.
        (date(2027, 3, 19), date(2027, 4, 6), date(2027, 6, 21)),
        # Month end: 28 February 2027 is a Sunday, so the review is due on Monday 1 March.
        (date(2026, 11, 30), date(2026, 12, 14), date(2027, 3, 1)),
    ],
)
def test_first_core_group_and_first_review_deadlines(
    referral, worker, conference_on, first_core_group, first_rcpc
):
    plan(referral, worker, discussed_on=conference_on, conference_on=conference_on)

    assert _open_items("first_core_group").get().due_on == first_core_group
    assert _open_items("first_rcpc").get().due_on == first_rcpc


def test_a_local_visit_frequency_sets_the_first_visit(settings, referral, worker):
    settings.OPENCSC_LOCAL_TIMESCALES = {"cp_visit": 5}

    plan(referral, worker, conference_on=date(2026, 12, 17))

    assert _open_items("cp_visit").get().due_on == date(2026, 12, 24)


def test_no_plan_closes_the_icpc_clock_and_starts_nothing(referral, worker):
    started = enquiry(referral, worker)

    conference = _hold(started, worker, outcome="no_plan", category="")

    assert conference.plan is None
    assert not ProtectionPlan.objects.exists()
    assert not DueItem.objects.filter(closed_at=None).exists()


@pytest.mark.parametrize("weekend_day", [date(2026, 12, 19), date(2026, 12, 20)])
def test_no_initial_conference_on_a_saturday_or_sunday(referral, worker, weekend_day):
    started = enquiry(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        _hold(started, worker, on=weekend_day)

    assert excinfo.value.message_dict["held_on"] == [
        "A child protection conference cannot be held on a Saturday or Sunday"
    ]
    assert not Conference.objects.exists()


def test_a_conference_cannot_precede_its_enquirys_strategy_discussion(referral, worker):
    started = enquiry(referral, worker, date(2026, 12, 14))

    with pytest.raises(ValidationError) as excinfo:
        _hold(started, worker, on=date(2026, 12, 11))

    assert excinfo.value.message_dict["held_on"] == [
        "The conference cannot be before the strategy discussion that started the enquiry "
        "(14 December 2026)"
    ]


def test_an_enquiry_that_needed_no_conference_cannot_have_one(referral, worker, manager):
    started = enquiry(referral, worker)
    conclude(
        started,
        worker,
        manager,
        outcome="no_conference",
        on=date(2026, 12, 16),
        reason="Safety plan agreed",
    )

    with pytest.raises(ValidationError, match="no conference was needed"):
        _hold(started, worker)


def test_an_enquiry_has_one_initial_conference(referral, worker):
    started = enquiry(referral, worker)
    _hold(started, worker, outcome="no_plan", category="")

    with pytest.raises(ValidationError, match="already recorded"):
        _hold(started, worker, on=date(2026, 12, 18))


def test_a_plan_needs_a_category_of_abuse(referral, worker):
    started = enquiry(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        _hold(started, worker, category="")

    assert excinfo.value.message_dict["category"] == [
        "Select the category of abuse the plan is under"
    ]


def test_a_child_has_one_open_plan(referral, worker):
    plan(referral, worker, conference_on=date(2026, 12, 17))
    second = enquiry(referral, worker, date(2027, 1, 11))

    with pytest.raises(ValidationError) as excinfo:
        _hold(second, worker, on=date(2027, 1, 12))

    assert excinfo.value.message_dict["outcome"] == [
        "The child is already on a child protection plan from 17 December 2026"
    ]
    assert ProtectionPlan.objects.count() == 1


def test_the_database_keeps_one_open_plan_per_child(referral, worker):
    made = plan(referral, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProtectionPlan.objects.create(
            child=made.child,
            referral=referral,
            started_on=date(2027, 2, 1),
            initial_category="NEG",
            latest_category="NEG",
        )


def test_a_new_plan_cannot_overlap_an_earlier_one(referral, worker):
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    end_plan(made, worker, date(2027, 3, 17))
    ProtectionPlan.objects.filter(pk=made.pk).update(ended_on=date(2027, 4, 1))
    later = enquiry(referral, worker, date(2027, 3, 22))

    with pytest.raises(ValidationError) as excinfo:
        _hold(later, worker, on=date(2027, 3, 24))

    assert excinfo.value.message_dict["outcome"] == [
        "A plan from 24 March 2027 would overlap the child protection plan of 17 December 2026 "
        "to 1 April 2027"
    ]


def test_a_later_plan_is_a_repeat_plan(referral, worker):
    first = plan(referral, worker, conference_on=date(2026, 12, 17))
    end_plan(first, worker, date(2027, 3, 17))

    second = plan(referral, worker, discussed_on=date(2027, 4, 5), conference_on=date(2027, 4, 8))

    assert (second.previous_plans, second.is_repeat) == (1, True)
    page = selectors.protection_plan_page(second, today=date(2027, 6, 1))
    assert page.is_repeat is True


def test_a_plan_of_two_years_or_more_is_flagged(referral, worker):
    made = plan(referral, worker, discussed_on=date(2025, 6, 2), conference_on=date(2025, 6, 5))

    assert selectors.protection_plan_page(made, today=date(2027, 6, 4)).is_long is False
    assert selectors.protection_plan_page(made, today=date(2027, 6, 5)).is_long is True
    assert selectors.protection_plan_page(made, today=date(2027, 6, 5)).long_from == date(
        2027, 6, 5
    )


def test_a_plan_that_ended_after_two_years_stays_flagged(referral, worker):
    made = plan(referral, worker, discussed_on=date(2025, 6, 2), conference_on=date(2025, 6, 5))
    end_plan(made, worker, date(2027, 6, 1))

    assert selectors.is_long_plan(made, today=date(2030, 1, 1)) is False
    made.ended_on = date(2027, 6, 7)
    assert selectors.is_long_plan(made, today=date(2027, 6, 1)) is True


def test_the_childs_cin_plan_ends_the_day_before_the_plan_starts(referral, worker):
    cin = cin_plan(referral, worker, date(2026, 11, 2))

    made = plan(referral, worker, conference_on=date(2026, 12, 17))

    cin.refresh_from_db()
    assert (cin.ended_on, cin.end_reason) == (
        date(2026, 12, 16),
        "A child protection plan started on 17 December 2026",
    )
    assert not DueItem.objects.filter(
        record_id=cin.pk, closed_at=None, rule__startswith="cin"
    ).exists()
    assert made.started_on == date(2026, 12, 17)


def test_a_plan_cannot_start_the_day_a_cin_plan_started(referral, worker):
    cin_plan(referral, worker, date(2026, 12, 17))
    started = enquiry(referral, worker, date(2026, 12, 14))

    with pytest.raises(ValidationError) as excinfo:
        _hold(started, worker, on=date(2026, 12, 17))

    assert "started on 17 December 2026" in excinfo.value.message_dict["outcome"][0]
    assert CINPlan.objects.get().ended_on is None
    assert not Conference.objects.exists()
