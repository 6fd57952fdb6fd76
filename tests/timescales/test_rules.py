import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from pytest_django import Settings

from opencsc.timescales import rules
from opencsc.timescales.rules import (
    CalendarDays,
    Hours,
    Months,
    Rule,
    SetBy,
    Weeks,
    WorkingDays,
)

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _opencsc_defaults(settings: Settings) -> None:
    settings.OPENCSC_LOCAL_TIMESCALES = {}
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = []


@pytest.mark.parametrize(
    ("rule", "start", "deadline"),
    [
        pytest.param(
            rules.REFERRAL_DECISION, date(2025, 12, 24), date(2025, 12, 29), id="ref-xmas"
        ),
        pytest.param(rules.REFERRAL_DECISION, date(2026, 4, 2), date(2026, 4, 7), id="ref-easter"),
        pytest.param(rules.REFERRAL_DECISION, date(2026, 1, 3), date(2026, 1, 5), id="ref-sat"),
        pytest.param(
            rules.CONTACT_DECISION_AMBER, date(2026, 5, 22), date(2026, 5, 26), id="amber"
        ),
        pytest.param(rules.CONTACT_DECISION_GREEN, date(2026, 8, 27), date(2026, 9, 2), id="green"),
        pytest.param(
            rules.CONTACT_DECISION_GREEN, date(2025, 12, 23), date(2025, 12, 30), id="green-xmas"
        ),
        pytest.param(rules.ASSESSMENT, date(2025, 11, 20), date(2026, 1, 27), id="assess-2025"),
        pytest.param(rules.ASSESSMENT, date(2026, 3, 2), date(2026, 5, 7), id="assess-easter"),
        pytest.param(rules.ASSESSMENT, date(2026, 11, 23), date(2027, 1, 28), id="assess-2026"),
        pytest.param(rules.ASSESSMENT, date(2027, 3, 1), date(2027, 5, 6), id="assess-2027"),
        pytest.param(rules.ICPC, date(2025, 12, 19), date(2026, 1, 14), id="icpc-2025"),
        pytest.param(rules.ICPC, date(2026, 3, 20), date(2026, 4, 14), id="icpc-easter"),
        pytest.param(rules.ICPC, date(2026, 12, 11), date(2027, 1, 6), id="icpc-2026"),
        pytest.param(rules.ICPC, date(2027, 12, 10), date(2028, 1, 5), id="icpc-2027"),
        pytest.param(rules.FIRST_CORE_GROUP, date(2026, 12, 17), date(2027, 1, 5), id="core-xmas"),
        pytest.param(rules.FIRST_CORE_GROUP, date(2027, 3, 19), date(2027, 4, 6), id="core-easter"),
        pytest.param(rules.PF_FIRST_VISIT, date(2026, 5, 20), date(2026, 6, 1), id="pf-spring"),
        pytest.param(rules.PF_FIRST_VISIT, date(2027, 12, 22), date(2028, 1, 5), id="pf-xmas"),
        pytest.param(rules.LAC_FIRST_REVIEW, date(2025, 4, 10), date(2025, 5, 13), id="lac-easter"),
        pytest.param(rules.LAC_FIRST_REVIEW, date(2026, 12, 1), date(2026, 12, 31), id="lac-xmas"),
        pytest.param(
            rules.INITIAL_HEALTH_ASSESSMENT, date(2026, 8, 14), date(2026, 9, 14), id="health"
        ),
    ],
)
def test_working_day_rules_fall_due_on_the_worked_example_dates(
    rule: Rule, start: date, deadline: date
) -> None:
    due = rule.due_on(start)

    assert due == deadline


@pytest.mark.parametrize(
    ("rule", "start", "deadline"),
    [
        pytest.param(rules.FIRST_RCPC, date(2026, 3, 18), date(2026, 6, 18), id="rcpc"),
        pytest.param(
            rules.LAC_SECOND_REVIEW, date(2025, 11, 30), date(2026, 2, 28), id="lac-month-end"
        ),
        pytest.param(rules.FIRST_RCPC, date(2027, 11, 30), date(2028, 2, 29), id="rcpc-leap-year"),
        pytest.param(rules.LAC_LATER_REVIEW, date(2026, 8, 31), date(2027, 2, 28), id="lac-sunday"),
        pytest.param(rules.LAC_SECOND_REVIEW, date(2026, 3, 31), date(2026, 6, 30), id="lac-2nd"),
        pytest.param(rules.LAC_LATER_REVIEW, date(2026, 6, 30), date(2026, 12, 30), id="lac-later"),
        pytest.param(
            rules.PATHWAY_NEEDS_ASSESSMENT, date(2026, 8, 31), date(2026, 11, 30), id="pathway"
        ),
        pytest.param(rules.RE_REFERRAL, date(2024, 2, 29), date(2025, 2, 28), id="re-referral"),
        pytest.param(rules.LAC_FIRST_VISIT, date(2026, 12, 24), date(2026, 12, 31), id="lac-visit"),
        pytest.param(
            rules.LAC_VISIT_FIRST_YEAR, date(2026, 11, 20), date(2027, 1, 1), id="lac-interval"
        ),
        pytest.param(rules.PF_VISIT_FIRST_YEAR, date(2026, 2, 10), date(2026, 3, 24), id="pf-yr1"),
        pytest.param(
            rules.PF_VISIT_LATER_YEARS, date(2026, 10, 5), date(2026, 12, 28), id="pf-yr2"
        ),
    ],
)
def test_calendar_rules_fall_due_on_the_worked_example_dates_unmoved_by_holidays(
    rule: Rule, start: date, deadline: date
) -> None:
    due = rule.due_on(start)

    assert due == deadline


@pytest.mark.parametrize(
    ("start", "deadline"),
    [
        pytest.param(
            datetime(2026, 3, 27, 10, 0, tzinfo=LONDON),
            "2026-03-30T11:00:00+01:00",
            id="clocks-forward",
        ),
        pytest.param(
            datetime(2026, 10, 23, 18, 30, tzinfo=LONDON),
            "2026-10-26T17:30:00+00:00",
            id="clocks-back",
        ),
        pytest.param(
            datetime(2025, 12, 24, 22, 0, tzinfo=LONDON),
            "2025-12-27T22:00:00+00:00",
            id="christmas",
        ),
    ],
)
def test_return_home_interview_is_due_72_elapsed_hours_later_in_london_time(
    start: datetime, deadline: str
) -> None:
    due = rules.RETURN_HOME_INTERVIEW.due_at(start)

    assert due.isoformat() == deadline
    # Subtract in UTC: Python subtracts datetimes sharing a tzinfo by wall clock.
    assert (due.astimezone(UTC) - start.astimezone(UTC)).total_seconds() == 72 * 3600


def test_an_hour_deadline_from_a_utc_start_is_shown_in_london_time() -> None:
    found_at = datetime(2026, 7, 1, 9, 0, tzinfo=UTC)

    due = rules.RETURN_HOME_INTERVIEW.due_at(found_at)

    assert due.isoformat() == "2026-07-04T10:00:00+01:00"
    assert due.tzinfo == LONDON


def test_a_naive_datetime_is_refused_for_an_hour_rule() -> None:
    found_at = datetime(2026, 3, 27, 10, 0)  # noqa: DTZ001

    with pytest.raises(ValueError, match="aware datetime"):
        rules.RETURN_HOME_INTERVIEW.due_at(found_at)


def test_an_hour_rule_has_no_due_date() -> None:
    found_on = date(2026, 3, 27)

    with pytest.raises(TypeError, match="due_at"):
        rules.RETURN_HOME_INTERVIEW.due_on(found_on)


def test_a_date_rule_has_no_due_time() -> None:
    held_at = datetime(2026, 3, 20, 10, 0, tzinfo=LONDON)

    with pytest.raises(TypeError, match="due_on"):
        rules.ICPC.due_at(held_at)


@pytest.mark.parametrize(
    ("received_on", "expected"),
    [
        (date(2026, 1, 5), date(2026, 1, 5)),
        (date(2026, 1, 3), date(2026, 1, 5)),
        (date(2025, 12, 25), date(2025, 12, 29)),
    ],
    ids=["monday", "saturday", "christmas-day"],
)
def test_red_contact_decision_is_due_the_same_or_next_working_day(
    received_on: date, expected: date
) -> None:
    due = rules.CONTACT_DECISION_RED.due_on(received_on)

    assert due == expected


def test_red_agency_check_is_due_4_hours_after_the_request() -> None:
    requested_at = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)

    due = rules.AGENCY_CHECK_RED.due_at(requested_at)

    assert due.isoformat() == "2026-03-29T05:30:00+01:00"  # clocks went forward at 01:00


def test_review_conference_reports_are_due_3_working_days_before_it() -> None:
    conference_on = date(2026, 1, 5)

    due = rules.RCPC_REPORTS_SHARED.due_on(conference_on)

    assert due == date(2025, 12, 30)  # skips New Year's Day and the weekend


def test_initial_conference_reports_are_due_48_elapsed_hours_before_it() -> None:
    conference_at = datetime(2026, 3, 30, 10, 0, tzinfo=LONDON)

    due = rules.ICPC_REPORTS_SHARED.due_at(conference_at)

    assert due.isoformat() == "2026-03-28T09:00:00+00:00"  # before the clocks went forward


def test_private_fostering_notice_is_due_6_weeks_before_the_arrangement_starts() -> None:
    arrangement_starts_on = date(2026, 6, 1)

    due = rules.PF_NOTIFICATION.due_on(arrangement_starts_on)

    assert due == date(2026, 4, 20)


def test_a_long_plan_is_one_open_for_24_months() -> None:
    plan_started_on = date(2024, 2, 29)

    long_from = rules.LONG_PLAN.due_on(plan_started_on)

    assert long_from == date(2026, 2, 28)


def test_a_local_rule_overridden_in_settings_changes_its_due_date(
    settings: Settings,
) -> None:
    settings.OPENCSC_LOCAL_TIMESCALES = {"contact_decision_green": 5}

    due = rules.CONTACT_DECISION_GREEN.due_on(date(2026, 8, 27))

    assert rules.CONTACT_DECISION_GREEN.effective_period() == WorkingDays(5)
    assert due == date(2026, 9, 4)


def test_a_local_hour_rule_overridden_in_settings_keeps_its_unit(
    settings: Settings,
) -> None:
    settings.OPENCSC_LOCAL_TIMESCALES = {"agency_check_red": 2}

    period = rules.AGENCY_CHECK_RED.effective_period()

    assert period == Hours(2)


def test_a_local_weeks_rule_overridden_in_settings_changes_its_due_date(
    settings: Settings,
) -> None:
    settings.OPENCSC_LOCAL_TIMESCALES = {"supervision": 6}

    due = rules.SUPERVISION.due_on(date(2026, 1, 5))

    assert due == date(2026, 2, 16)


def test_a_statutory_rule_ignores_local_settings(settings: Settings) -> None:
    settings.OPENCSC_LOCAL_TIMESCALES = {"icpc": 20}

    due = rules.ICPC.due_on(date(2025, 12, 19))

    assert due == date(2026, 1, 14)


def test_a_local_timescale_that_is_not_a_whole_number_is_a_configuration_error(
    settings: Settings,
) -> None:
    settings.OPENCSC_LOCAL_TIMESCALES = {"cin_visit": "20"}

    with pytest.raises(ImproperlyConfigured, match="cin_visit"):
        rules.CIN_VISIT.due_on(date(2026, 1, 5))


def test_an_extra_bank_holiday_from_settings_moves_a_deadline(settings: Settings) -> None:
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-01-13"]

    due = rules.ICPC.due_on(date(2025, 12, 19))

    assert due == date(2026, 1, 15)


def test_an_extra_bank_holiday_does_not_move_a_months_deadline_the_statute_counts(
    settings: Settings,
) -> None:
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-06-18"]

    due = rules.LAC_SECOND_REVIEW.due_on(date(2026, 3, 18))

    assert due == date(2026, 6, 18)


def test_an_extra_bank_holiday_moves_a_review_conference_to_the_next_working_day(
    settings: Settings,
) -> None:
    settings.OPENCSC_EXTRA_BANK_HOLIDAYS = ["2026-06-18"]

    due = rules.FIRST_RCPC.due_on(date(2026, 3, 18))

    assert due == date(2026, 6, 19)


# Bank holidays in England (the `holidays` library): Christmas Day Friday 25 December 2026, Boxing
# Day Saturday 26 December (observed Monday 28 December), New Year's Day Friday 1 January 2027,
# Good Friday 26 March 2027, Easter Monday 29 March 2027.
@pytest.mark.parametrize(
    ("rule", "start", "deadline"),
    [
        pytest.param(rules.CORE_GROUP, date(2026, 11, 13), date(2026, 12, 29), id="core-xmas"),
        pytest.param(rules.CORE_GROUP, date(2026, 11, 14), date(2026, 12, 29), id="core-boxing"),
        pytest.param(rules.CORE_GROUP, date(2026, 11, 20), date(2027, 1, 4), id="core-new-year"),
        pytest.param(rules.CORE_GROUP, date(2027, 2, 12), date(2027, 3, 30), id="core-good-fri"),
        pytest.param(rules.CORE_GROUP, date(2027, 2, 15), date(2027, 3, 30), id="core-easter-mon"),
        pytest.param(rules.FIRST_RCPC, date(2026, 9, 25), date(2026, 12, 29), id="rcpc-xmas"),
        pytest.param(rules.FIRST_RCPC, date(2026, 10, 1), date(2027, 1, 4), id="rcpc-new-year"),
        pytest.param(rules.LATER_RCPC, date(2026, 9, 26), date(2027, 3, 30), id="rcpc-good-fri"),
        pytest.param(rules.LATER_RCPC, date(2026, 8, 31), date(2027, 3, 1), id="rcpc-sunday"),
        pytest.param(rules.CIN_PLAN_REVIEW, date(2026, 9, 26), date(2026, 12, 29), id="cin-boxing"),
        pytest.param(
            rules.CIN_PLAN_REVIEW, date(2026, 12, 29), date(2027, 3, 30), id="cin-easter-mon"
        ),
        pytest.param(rules.SUPERVISION, date(2026, 11, 27), date(2026, 12, 29), id="supervision"),
        pytest.param(
            rules.KEEPING_IN_TOUCH, date(2027, 1, 29), date(2027, 3, 30), id="in-touch-easter"
        ),
        pytest.param(rules.HEALTH_REVIEW, date(2026, 1, 1), date(2027, 1, 4), id="health-new-year"),
    ],
)
def test_a_meeting_due_on_a_bank_holiday_or_weekend_falls_due_on_the_next_working_day(
    rule: Rule, start: date, deadline: date
) -> None:
    due = rule.due_on(start)

    assert rule.when_not_working_day is rules.NEXT_WORKING_DAY
    assert due == deadline


@pytest.mark.parametrize(
    ("rule", "start", "deadline"),
    [
        pytest.param(
            rules.LAC_VISIT_FIRST_YEAR, date(2026, 11, 13), date(2026, 12, 25), id="lac-xmas"
        ),
        pytest.param(rules.LAC_SECOND_REVIEW, date(2026, 9, 26), date(2026, 12, 26), id="lac-rev"),
        pytest.param(rules.PA_VISIT, date(2027, 1, 26), date(2027, 3, 26), id="pa-good-friday"),
        pytest.param(
            rules.PF_VISIT_FIRST_YEAR, date(2027, 2, 15), date(2027, 3, 29), id="pf-easter-mon"
        ),
        pytest.param(rules.RE_REFERRAL, date(2025, 12, 25), date(2026, 12, 25), id="re-referral"),
    ],
)
def test_a_date_the_statute_counts_in_calendar_time_stays_on_a_bank_holiday(
    rule: Rule, start: date, deadline: date
) -> None:
    due = rule.due_on(start)

    assert isinstance(rule.when_not_working_day, rules.Keep)
    assert due == deadline


@pytest.mark.parametrize(
    "code",
    sorted(code for code, rule in rules.RULES.items() if isinstance(rule.period, Weeks | Months)),
)
def test_every_rule_counted_in_weeks_or_months_says_what_happens_off_a_working_day(
    code: str,
) -> None:
    rule = rules.get(code)

    choice = rule.when_not_working_day

    assert choice is rules.NEXT_WORKING_DAY or (
        isinstance(choice, rules.Keep) and choice.reason.strip()
    )
    if rule.counted_back:
        assert choice is not rules.NEXT_WORKING_DAY  # it would move past the latest date


def test_a_rule_in_weeks_that_does_not_say_what_happens_off_a_working_day_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="when_not_working_day"):
        Rule(
            code="fortnightly_visit",
            label="Fortnightly visit",
            period=Weeks(2),
            source="Test",
            set_by=SetBy.LOCAL,
            counts_from="last visit",
            counts_to="next visit",
        )


def test_a_local_setting_keeps_the_next_working_day(settings: Settings) -> None:
    settings.OPENCSC_LOCAL_TIMESCALES = {"core_group": 4}

    due = rules.CORE_GROUP.due_on(date(2026, 11, 27))

    assert due == date(2026, 12, 29)


def test_every_rule_in_the_module_is_registered_under_a_unique_code() -> None:
    module_rules = [value for value in vars(rules).values() if isinstance(value, Rule)]

    codes = [rule.code for rule in module_rules]

    assert len(codes) == len(set(codes))
    assert set(rules.RULES) == set(codes)


@pytest.mark.parametrize("code", sorted(rules.RULES))
def test_every_rule_has_a_slug_code_label_source_and_events(code: str) -> None:
    rule = rules.get(code)

    assert rule.code == code
    assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.code)
    assert rule.label.strip()
    assert rule.source.strip()
    assert rule.counts_from.strip()
    assert rule.counts_to.strip()
    assert isinstance(rule.period, WorkingDays | CalendarDays | Weeks | Months | Hours)
    assert isinstance(rule.set_by, SetBy)


def test_getting_an_unknown_code_raises_key_error() -> None:
    code = "no_such_rule"

    with pytest.raises(KeyError, match="no_such_rule"):
        rules.get(code)


@pytest.mark.parametrize(
    ("held_on", "deadline"),
    [
        pytest.param(date(2026, 12, 14), date(2026, 12, 15), id="monday-to-tuesday"),
        pytest.param(date(2026, 12, 18), date(2026, 12, 21), id="friday-over-the-weekend"),
        pytest.param(date(2026, 12, 19), date(2026, 12, 21), id="saturday-is-day-0"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 29), id="christmas-and-boxing-day"),
        pytest.param(date(2026, 12, 31), date(2027, 1, 4), id="new-year"),
        pytest.param(date(2027, 3, 25), date(2027, 3, 30), id="easter"),
    ],
)
def test_a_medical_decided_needed_is_due_1_working_day_after_the_strategy_discussion(
    held_on: date, deadline: date
) -> None:
    due = rules.PROTECTION_MEDICAL.due_on(held_on)

    assert due == deadline


def test_a_council_may_give_the_medical_more_working_days(settings: Settings) -> None:
    settings.OPENCSC_LOCAL_TIMESCALES = {"protection_medical": 3}

    due = rules.PROTECTION_MEDICAL.due_on(date(2026, 12, 23))

    assert rules.PROTECTION_MEDICAL.is_local
    assert due == date(2026, 12, 30)  # 24, 29, 30: Christmas and Boxing Day skipped
