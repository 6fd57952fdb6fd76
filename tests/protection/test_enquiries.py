"""Section 47 enquiries: who saw the child, the outcome, and the ICPC clock an outcome closes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.chronology.models import ChronologyEntry
from opencsc.protection import services
from opencsc.protection.models import Section47Enquiry
from opencsc.timescales.models import DueItem
from tests.protection.fixtures import conclude, enquiry


def _complete(started, by, outcome="not_substantiated", on=date(2026, 12, 18), reason="Seen"):
    return services.complete_enquiry(
        enquiry=started, completed_on=on, outcome=outcome, reason=reason, by=by
    )


def test_who_saw_the_child_and_when_is_recorded(referral, worker, manager):
    started = enquiry(referral, worker)

    services.record_enquiry_seen(
        enquiry=started, seen_by=manager, seen_on=date(2026, 12, 15), by=worker
    )

    started.refresh_from_db()
    assert (started.seen_by, started.seen_on) == (manager, date(2026, 12, 15))
    assert ChronologyEntry.objects.filter(
        child=referral.child, summary="Child seen for the section 47 enquiry by Kit Moss"
    ).exists()


def test_the_child_cannot_be_seen_before_the_enquiry_started(referral, worker):
    started = enquiry(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        services.record_enquiry_seen(
            enquiry=started, seen_by=worker, seen_on=date(2026, 12, 11), by=worker
        )

    assert excinfo.value.message_dict["seen_on"] == [
        "The child cannot be seen before the enquiry started (14 December 2026)"
    ]


@pytest.mark.parametrize("outcome", ["not_substantiated", "no_conference"])
def test_an_outcome_with_no_conference_closes_the_icpc_clock_once_a_manager_authorises_it(
    referral, worker, manager, outcome
):
    started = enquiry(referral, worker)

    conclude(started, worker, manager, outcome=outcome)

    icpc = DueItem.objects.get(rule="icpc")
    assert (icpc.closed_by, icpc.close_note) == (
        manager,
        "ICPC not required: authorised by Kit Moss",
    )
    assert started.conference_not_required is True


def test_an_outcome_needing_a_conference_keeps_the_icpc_clock_running(referral, worker):
    started = enquiry(referral, worker)

    _complete(started, worker, outcome="conference")

    assert DueItem.objects.get(rule="icpc").closed_at is None
    started.refresh_from_db()
    assert (started.completed_on, started.outcome, started.conference_not_required) == (
        date(2026, 12, 18),
        "conference",
        False,
    )


def test_an_enquiry_cannot_end_before_it_starts(referral, worker):
    started = enquiry(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        _complete(started, worker, on=date(2026, 12, 11))

    assert excinfo.value.message_dict["completed_on"] == [
        "The enquiry cannot end before it started (14 December 2026)"
    ]


def test_the_database_refuses_an_enquiry_that_ends_before_it_starts(referral, worker):
    started = enquiry(referral, worker)
    started.completed_on = date(2026, 12, 11)
    started.outcome = "not_substantiated"

    with pytest.raises(IntegrityError), transaction.atomic():
        started.save()


def test_the_outcome_and_its_reasons_are_required(referral, worker):
    started = enquiry(referral, worker)

    with pytest.raises(ValidationError) as excinfo:
        _complete(started, worker, outcome="", reason="")

    assert excinfo.value.message_dict == {
        "outcome": ["Select the outcome of the enquiry"],
        "reason": ["Enter the reasons for the outcome"],
    }


def test_an_enquiry_is_completed_once(referral, worker, manager):
    started = enquiry(referral, worker)
    conclude(started, worker, manager)

    with pytest.raises(ValidationError, match="This enquiry was completed on 18 December 2026"):
        _complete(started, worker, outcome="conference")

    assert Section47Enquiry.objects.get().outcome == "not_substantiated"


def test_another_teams_worker_cannot_complete_the_enquiry(referral, worker, other_worker):
    started = enquiry(referral, worker)

    with pytest.raises(PermissionDenied):
        _complete(started, other_worker)
