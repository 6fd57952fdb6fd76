"""Strategy discussions: who takes part, the medical decision when harm is alleged, the section 47
they start and the 15-working-day clock to the initial conference."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.protection import services
from opencsc.protection.models import Section47Enquiry, StrategyDiscussion
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem
from tests.factories import UserFactory
from tests.protection.fixtures import (
    POLICE,
    SOCIAL_CARE,
    conclude,
    discussion,
    enquiry,
    london,
    strategy_details,
)


def _record(referral, by, attendees=(POLICE, SOCIAL_CARE), **changes):
    return services.record_strategy_discussion(
        referral=referral, details=strategy_details(**changes), attendees=list(attendees), by=by
    )


def _errors(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_a_discussion_records_who_took_part_and_is_on_the_chronology(referral, worker):
    held = _record(referral, worker, start_section_47=False)

    assert [(a.agency, a.name, a.role) for a in held.attendees.all()] == [
        ("police", "DC Sam Hart", "Detective constable"),
        ("social_care", "Ola Reed", "Social worker"),
    ]
    entry = ChronologyEntry.objects.get(child=referral.child, kind="strategy")
    assert (entry.happened_on, entry.summary) == (
        date(2026, 12, 14),
        "Strategy discussion: no section 47 enquiry",
    )
    assert AccessLog.objects.filter(
        child=referral.child, action="protection.record_strategy_discussion"
    ).exists()
    assert not Section47Enquiry.objects.exists()


def test_the_police_must_take_part(referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _record(referral, worker, attendees=[SOCIAL_CARE])

    assert _errors(excinfo)["attendees"] == [
        "The police must take part in a strategy discussion: add the officer"
    ]
    assert not StrategyDiscussion.objects.exists()


def test_someone_must_take_part(referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _record(referral, worker, attendees=[])

    assert _errors(excinfo)["attendees"] == ["Add who took part: the police must be among them"]


def test_the_decision_needs_a_reason(referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _record(referral, worker, decision_reason=" ")

    assert _errors(excinfo)["decision_reason"] == [
        "Enter why a section 47 enquiry is or is not starting"
    ]


def test_when_harm_is_alleged_the_medical_decision_and_reason_are_required(referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _record(referral, worker, harm_alleged=True)

    assert set(_errors(excinfo)) == {"medical_considered", "medical_decision", "medical_reason"}
    assert _errors(excinfo)["medical_considered"] == [
        "A child protection medical must be considered when physical or sexual harm is alleged"
    ]


def test_when_harm_is_alleged_a_medical_not_considered_is_refused(referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _record(
            referral,
            worker,
            harm_alleged=True,
            medical_considered=False,
            medical_decision="not_needed",
            medical_reason="Bruising is old.",
        )

    assert list(_errors(excinfo)) == ["medical_considered"]


def test_when_harm_is_alleged_the_medical_decision_is_kept(referral, worker):
    held = _record(
        referral,
        worker,
        harm_alleged=True,
        medical_considered=True,
        medical_decision="needed",
        medical_reason="Fresh bruising to the arm.",
    )

    held.refresh_from_db()
    assert (held.medical_considered, held.medical_decision, held.medical_reason) == (
        True,
        "needed",
        "Fresh bruising to the arm.",
    )


def test_the_database_refuses_harm_alleged_without_a_medical_decision(referral, worker):
    held = _record(referral, worker, start_section_47=False)

    with pytest.raises(IntegrityError), transaction.atomic():
        StrategyDiscussion.objects.filter(pk=held.pk).update(harm_alleged=True)


def test_a_discussion_cannot_be_in_the_future(clock, referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _record(referral, worker, held_at=london(2027, 6, 1, 11, 0))

    assert _errors(excinfo)["held_at"] == [
        "The date and time of the discussion must be in the past"
    ]


def test_a_discussion_cannot_be_before_the_referral(referral, worker):
    with pytest.raises(ValidationError) as excinfo:
        _record(referral, worker, held_at=london(2025, 5, 30))

    assert _errors(excinfo)["held_at"] == ["The date cannot be before the referral (2 June 2025)."]


def test_nothing_is_recorded_on_an_episode_after_it_closed(referral, worker):
    referral.status, referral.closed_on, referral.closure_reason = "closed", date(2026, 1, 5), "RC7"
    referral.save()

    with pytest.raises(ValidationError, match="This episode closed on 5 January 2026"):
        _record(referral, worker)


@pytest.mark.parametrize("role", [Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST])
def test_readers_cannot_record_a_discussion(referral, role):
    with pytest.raises(PermissionDenied):
        _record(referral, UserFactory(role=role))


def test_another_teams_worker_cannot_record_a_discussion(referral, other_worker):
    with pytest.raises(PermissionDenied):
        _record(referral, other_worker)


def test_a_head_of_service_may_record_a_discussion(referral, head_of_service):
    assert _record(referral, head_of_service, start_section_47=False).recorded_by == head_of_service


def test_the_discussion_closes_the_childs_strategy_discussion_clocks(referral, worker):
    for rule in (rules.STRATEGY_DISCUSSION, rules.DISCLOSURE_STRATEGY_DISCUSSION):
        timescales.open_due_item(
            rule, child=referral.child, record=referral, start=date(2026, 12, 11)
        )

    _record(referral, worker, start_section_47=False)

    items = DueItem.objects.filter(child=referral.child)
    assert [(item.rule, item.closed_by) for item in items.order_by("rule")] == [
        ("disclosure_strategy_discussion", worker),
        ("strategy_discussion", worker),
    ]
    assert items.filter(closed_at=None).count() == 0


def test_deciding_a_section_47_starts_the_enquiry_and_the_icpc_clock_over_christmas(
    referral, worker
):
    held = _record(referral, worker)

    started = Section47Enquiry.objects.get()
    assert (started.strategy_discussion, started.started_on, started.conference_due_on) == (
        held,
        date(2026, 12, 14),
        date(2027, 1, 7),  # skips Christmas Day, Boxing Day (Monday 28th) and New Year's Day
    )
    icpc = DueItem.objects.get(rule="icpc")
    assert (icpc.record_id, icpc.starts_on, icpc.due_on, icpc.team.name, icpc.owner) == (
        started.pk,
        date(2026, 12, 14),
        date(2027, 1, 7),
        "Child protection north",
        worker,
    )


@pytest.mark.parametrize(
    ("discussed_on", "due_on"),
    [
        (date(2025, 12, 19), date(2026, 1, 14)),  # Friday before Christmas
        (date(2026, 3, 20), date(2026, 4, 14)),  # over Good Friday and Easter Monday
        (date(2026, 12, 11), date(2027, 1, 6)),
        (date(2026, 12, 14), date(2027, 1, 7)),
        (date(2026, 12, 12), date(2027, 1, 6)),  # a Saturday counts as day 0, like the Friday
        (date(2026, 5, 1), date(2026, 5, 26)),  # over both May bank holidays
    ],
)
def test_the_initial_conference_is_due_15_working_days_after_the_discussion(
    referral, worker, discussed_on, due_on
):
    started = enquiry(referral, worker, discussed_on)

    assert started.conference_due_on == due_on
    assert DueItem.objects.get(rule="icpc").due_on == due_on


def test_an_episode_has_one_open_section_47_at_a_time(referral, worker):
    enquiry(referral, worker, date(2026, 12, 14))

    with pytest.raises(ValidationError) as excinfo:
        discussion(referral, worker, date(2026, 12, 16))

    assert _errors(excinfo)["start_section_47"] == [
        "The section 47 enquiry started on 14 December 2026 has not concluded: an episode has "
        "one open enquiry at a time"
    ]
    assert Section47Enquiry.objects.count() == 1


def test_a_conference_needed_but_not_held_keeps_the_enquiry_unfinished(referral, worker):
    started = enquiry(referral, worker, date(2026, 12, 14))
    services.complete_enquiry(
        enquiry=started,
        completed_on=date(2026, 12, 18),
        outcome="conference",
        reason="Substantiated",
        by=worker,
    )

    with pytest.raises(ValidationError, match="has not concluded"):
        discussion(referral, worker, date(2026, 12, 21))


def test_a_new_enquiry_may_start_once_the_last_concluded(referral, worker, manager):
    started = enquiry(referral, worker, date(2026, 12, 14))
    conclude(started, worker, manager)

    again = enquiry(referral, worker, date(2027, 2, 1))

    assert again.started_on == date(2027, 2, 1)


def test_the_database_keeps_one_open_enquiry_per_episode(referral, worker):
    started = enquiry(referral, worker)
    second = discussion(referral, worker, date(2026, 12, 15), start_section_47=False)

    with pytest.raises(IntegrityError), transaction.atomic():
        Section47Enquiry.objects.create(
            child=referral.child,
            referral=referral,
            strategy_discussion=second,
            started_on=date(2026, 12, 15),
            conference_due_on=started.conference_due_on,
            recorded_by=worker,
        )
