"""Private fostering's services: the notification (and whether it was in time), the household's
DBS checks, visits moving the next due date, checks written once, the suitability decision (one
approval shape: four eyes, never overwritten), the end; each logged and on the chronology."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.core import approvals
from opencsc.privatefostering import services
from opencsc.privatefostering.codes import CheckKind
from opencsc.privatefostering.deadlines import VISIT_RULES
from opencsc.privatefostering.models import SuitabilityCheck, SuitabilityDecision
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.privatefostering.conftest import complete_checks, notification, notified, visit


def test_a_notification_opens_the_arrangement_with_its_checks_and_first_visit(world, clock):
    arrangement = notified(world)
    assert arrangement.team == world.fostering
    assert not arrangement.is_proposed
    # Thursday 21 May, across the spring bank holiday on Monday 25 May.
    assert arrangement.next_visit_due_on == date(2026, 6, 2)
    kinds = sorted(arrangement.checks.values_list("kind", flat=True))
    assert kinds == sorted(
        [CheckKind.DBS, "references", "home", "health", "education", "other_councils"]
    )
    assert set(arrangement.checks.values_list("due_on", flat=True)) == {date(2026, 7, 3)}
    carer = arrangement.household.get()
    assert carer.is_carer
    assert carer.name == "Grace Taiwo"
    assert arrangement.checks.get(kind=CheckKind.DBS).member == carer
    assert ChronologyEntry.objects.filter(
        child=world.child, kind=ChronologyEntry.Kind.PRIVATE_FOSTERING
    ).exists()
    assert AccessLog.objects.filter(
        child=world.child, action="privatefostering.record", user=world.worker
    ).exists()


def test_whether_the_notification_was_in_time(world, clock):
    running = notified(world)
    assert not running.notified_in_time
    assert running.notice_timeliness.startswith("Late")
    services.end_arrangement(
        arrangement=running, ended_on=date(2026, 5, 22), reason="moved", details="", by=world.worker
    )
    proposed = notified(world, notified_on=date(2026, 5, 1), starts_on=date(2026, 7, 1))
    assert proposed.is_proposed
    assert proposed.notified_in_time
    services.end_arrangement(
        arrangement=proposed,
        ended_on=date(2026, 5, 22),
        reason="moved",
        details="",
        by=world.worker,
    )
    soon = notified(world, notified_on=date(2026, 5, 28), starts_on=date(2026, 6, 15))
    assert soon.notice_timeliness.startswith("Short notice")


def test_only_the_fostering_team_records_a_notification(world, clock):
    with pytest.raises(PermissionDenied):
        services.notify(
            child=world.child,
            notification=notification(),
            team=world.fostering,
            by=world.outsider,
        )
    with pytest.raises(PermissionDenied):
        services.notify(
            child=world.child,
            notification=notification(),
            team=world.cin_team,
            by=world.worker,
        )


def test_one_open_arrangement_a_child(world, clock):
    notified(world)
    with pytest.raises(ValidationError) as error:
        notified(world)
    assert "child" in error.value.message_dict


def test_notification_errors_name_their_fields(world, clock):
    with pytest.raises(ValidationError) as error:
        notified(world, notified_on=date(2026, 6, 2), parents=" ", carer_name="")
    assert set(error.value.message_dict) == {"notified_on", "parents", "carer_name"}


def test_each_adult_in_the_household_has_a_dbs_check(world, clock):
    arrangement = notified(world)
    adult = services.add_member(
        arrangement=arrangement, name="Sam Taiwo", relationship="Carer's son", by=world.worker
    )
    services.add_member(arrangement=arrangement, name="Tia Taiwo", is_adult=False, by=world.worker)
    dbs = arrangement.checks.filter(kind=CheckKind.DBS)
    assert dbs.count() == 2
    assert dbs.filter(member=adult).exists()
    with pytest.raises(PermissionDenied):
        services.add_member(arrangement=arrangement, name="X", by=world.outsider)


def test_a_visit_moves_the_next_due_date(world, clock):
    arrangement = notified(world)
    first = services.record_visit(
        arrangement=arrangement, details=visit(date(2026, 6, 1)), by=world.worker
    )
    assert first.due_on == date(2026, 6, 2)
    assert first.on_time
    arrangement.refresh_from_db()
    assert arrangement.next_visit_due_on == date(2026, 7, 13)
    with pytest.raises(ValidationError) as error:
        services.record_visit(
            arrangement=arrangement,
            details=visit(date(2026, 5, 30), seen_alone=True, child_seen=False, record=""),
            by=world.worker,
        )
    assert set(error.value.message_dict) == {"visited_on", "seen_alone", "record"}


def test_a_check_is_written_once(world, clock):
    arrangement = notified(world)
    check = arrangement.checks.get(kind="home")
    with pytest.raises(ValidationError) as error:
        services.record_check(
            check=check,
            completed_on=date(2026, 5, 29),
            result="concerns",
            notes="",
            by=world.worker,
        )
    assert "notes" in error.value.message_dict
    services.record_check(
        check=check, completed_on=date(2026, 5, 29), result="no_concerns", notes="", by=world.worker
    )
    with pytest.raises(ValidationError):
        services.record_check(
            check=check,
            completed_on=date(2026, 5, 30),
            result="concerns",
            notes="x",
            by=world.worker,
        )
    check.refresh_from_db()
    assert check.result == "no_concerns"


def test_the_decision_waits_for_the_checks_and_needs_another_manager(world, clock):
    arrangement = notified(world)
    with pytest.raises(ValidationError):
        services.propose_decision(
            arrangement=arrangement,
            outcome="suitable",
            reasons="Good home",
            requirements="",
            by=world.worker,
        )
    complete_checks(arrangement, world.worker)
    decision = services.propose_decision(
        arrangement=arrangement,
        outcome="suitable",
        reasons="Good home",
        requirements="",
        by=world.manager,
    )
    # Four eyes: the manager who proposed it may not authorise it.
    with pytest.raises(PermissionDenied, match="another manager must authorise it"):
        services.authorise_decision(decision=decision, by=world.manager)
    # A worker may not authorise; a manager of another team may not either.
    with pytest.raises(PermissionDenied):
        services.authorise_decision(decision=decision, by=world.worker)
    authorised = services.authorise_decision(decision=decision, by=world.second_manager)
    assert authorised.status == approvals.AUTHORISED
    with pytest.raises(ValidationError, match="already been authorised"):
        services.return_decision(decision=decision, by=world.second_manager, comment="No")


def test_a_returned_decision_is_kept_and_a_new_one_proposed(world, clock):
    arrangement = notified(world)
    complete_checks(arrangement, world.worker)
    first = services.propose_decision(
        arrangement=arrangement,
        outcome="requirements",
        reasons="Crowded",
        requirements="A bed of his own",
        by=world.worker,
    )
    with pytest.raises(ValidationError):
        services.propose_decision(
            arrangement=arrangement,
            outcome="suitable",
            reasons="x",
            requirements="",
            by=world.worker,
        )
    services.return_decision(decision=first, by=world.manager, comment="See the home again")
    second = services.propose_decision(
        arrangement=arrangement,
        outcome="prohibited",
        reasons="Unsafe",
        requirements="",
        by=world.worker,
    )
    services.authorise_decision(decision=second, by=world.manager)
    rows = SuitabilityDecision.objects.filter(arrangement=arrangement).order_by("pk")
    assert [(row.outcome, row.status) for row in rows] == [
        ("requirements", "returned"),
        ("prohibited", "authorised"),
    ]
    assert rows[0].manager_comment == "See the home again"


def test_the_database_refuses_a_decision_authorised_by_its_proposer(world, clock):
    arrangement = notified(world)
    decision = SuitabilityDecision(
        arrangement=arrangement,
        outcome="suitable",
        reasons="Fine",
        proposed_by=world.manager,
        proposed_at=clock.now,
        status=approvals.AUTHORISED,
        reviewed_by=world.manager,
        reviewed_at=clock.now,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        decision.save()


def test_the_database_refuses_a_dbs_check_of_nobody(world, clock):
    arrangement = notified(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        SuitabilityCheck.objects.create(
            arrangement=arrangement, kind="dbs", due_on=date(2026, 7, 1)
        )


def test_the_end_stops_visits_falling_due(world, clock):
    arrangement = notified(world)
    with pytest.raises(ValidationError) as error:
        services.end_arrangement(
            arrangement=arrangement,
            ended_on=date(2026, 5, 30),
            reason="other",
            details="",
            by=world.worker,
        )
    assert "end_details" in error.value.message_dict
    ended = services.end_arrangement(
        arrangement=arrangement,
        ended_on=date(2026, 5, 30),
        reason="returned_home",
        details="",
        by=world.worker,
    )
    assert ended.next_visit_due_on is None
    with pytest.raises(ValidationError):
        services.record_visit(arrangement=ended, details=visit(date(2026, 5, 31)), by=world.worker)


def _open_visit_items(arrangement):
    return list(
        DueItem.objects.filter(
            record_id=arrangement.pk, closed_at=None, rule__in=[rule.code for rule in VISIT_RULES]
        ).values_list("rule", "due_on", "team_id", "child_id")
    )


def test_each_visit_due_is_on_the_fostering_workers_tray_until_the_visit_or_the_end(
    world, clock, client
):
    arrangement = notified(world)
    first_due = (rules.PF_FIRST_VISIT.code, date(2026, 6, 2), world.fostering.pk, world.child.pk)
    assert _open_visit_items(arrangement) == [first_due]

    services.record_visit(arrangement=arrangement, details=visit(date(2026, 6, 1)), by=world.worker)

    assert _open_visit_items(arrangement) == [
        (rules.PF_VISIT_FIRST_YEAR.code, date(2026, 7, 13), world.fostering.pk, world.child.pk)
    ]
    client.force_login(world.worker)
    tray = client.get(reverse("workforce:tray")).content.decode()
    assert f"Private fostering visit ({arrangement.reference})" in tray

    services.end_arrangement(
        arrangement=arrangement,
        ended_on=date(2026, 6, 1),
        reason="returned_home",
        details="",
        by=world.worker,
    )
    assert _open_visit_items(arrangement) == []
