"""The migrations to the one approval shape keep every transfer and assessment, in the new
states and with times for dates (casework 0004-0006, assessments 0002-0004)."""

from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from opencsc.assessments.models import Assessment
from opencsc.casework.models import TeamTransfer
from tests.factories import PersonFactory, ReferralFactory, TeamFactory, UserFactory

BEFORE = [("casework", "0003_pathway"), ("assessments", "0001_initial")]
LONDON = ZoneInfo("Europe/London")


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    executor.loader.build_graph()
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def before_the_shape(transactional_db) -> Iterator:
    """The database as it was before the shape; the old models' classes, by name."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    try:
        yield old
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(_latest(executor))


def _migrate_to_the_shape() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(_latest(executor))


def _transfers_before(apps):
    """Old transfers: waiting, accepted and declined; returns the check after the migrations."""
    old = apps.get_model("casework", "TeamTransfer")
    referral = ReferralFactory(referred_on=date(2026, 5, 1))
    worker, manager = UserFactory(), UserFactory(role="team_manager")
    teams = {"from_team_id": TeamFactory().pk, "to_team_id": TeamFactory().pk}
    common = {"child_id": referral.child_id, "referral_id": referral.pk, "reason": "CIN plan"}
    answered = {"answered_by_id": manager.pk, "answered_on": date(2026, 5, 29)}
    rows = {
        "requested": old.objects.create(
            **common,
            **teams,
            status="requested",
            requested_on=date(2026, 5, 25),
            requested_by_id=worker.pk,
        ),
        "accepted": old.objects.create(
            **common,
            **teams,
            status="accepted",
            requested_on=date(2026, 5, 25),
            requested_by_id=worker.pk,
            working_days_waited=3,
            **answered,
        ),
        "declined": old.objects.create(
            **common,
            **teams,
            status="declined",
            requested_on=date(2026, 5, 25),
            requested_by_id=worker.pk,
            answer_note="Not at threshold",
            **answered,
        ),
    }
    # Only one transfer waits per child: the other two are another child's.
    old.objects.filter(pk__in=[rows["accepted"].pk, rows["declined"].pk]).update(
        child_id=PersonFactory().pk
    )

    return lambda: _check_transfers(rows, worker, manager)


def _check_transfers(rows, worker, manager) -> None:
    found = {old_status: TeamTransfer.objects.get(pk=row.pk) for old_status, row in rows.items()}
    assert {name: row.status for name, row in found.items()} == {
        "requested": "proposed",
        "accepted": "authorised",
        "declined": "returned",
    }
    assert found["requested"].proposed_at == datetime(2026, 5, 25, tzinfo=LONDON)
    assert (found["requested"].proposed_by_id, found["requested"].reviewed_at) == (worker.pk, None)
    assert (
        found["accepted"].reviewed_by_id,
        found["accepted"].reviewed_at,
        found["accepted"].working_days_waited,
    ) == (manager.pk, datetime(2026, 5, 29, tzinfo=LONDON), 3)
    assert found["declined"].manager_comment == "Not at threshold"


def _assessments_before(apps):
    """Old assessments in each state, one returned with its history and one without; returns the
    check after the migrations."""
    old = apps.get_model("assessments", "Assessment")
    old_history = apps.get_model("assessments", "HistoricalAssessment")
    family = apps.get_model("assessments", "FamilyAssessment").objects.create()
    worker, manager = UserFactory(), UserFactory(role="team_manager")

    def assessment(**fields):
        referral = ReferralFactory(referred_on=date(2026, 5, 1))
        return old.objects.create(
            child_id=referral.child_id,
            referral_id=referral.pk,
            family_id=family.pk,
            started_on=date(2026, 5, 4),
            due_on=date(2026, 7, 3),
            worker_id=worker.pk,
            **fields,
        )

    sent = {"submitted_by_id": worker.pk, "submitted_on": date(2026, 5, 19)}
    in_progress = assessment()
    submitted = assessment(status="submitted", **sent)
    authorised = assessment(
        status="authorised",
        outcome="cin_plan",
        authorised_by_id=manager.pk,
        authorised_on=date(2026, 5, 20),
        **sent,
    )
    returned = assessment(status="in_progress", manager_comment="Say more", **sent)
    returned_at = datetime(2026, 5, 21, 15, 0, tzinfo=LONDON)
    fields = {
        field.attname: getattr(returned, field.attname)
        for field in old._meta.concrete_fields
        if field.attname != "id"
    }
    old_history.objects.create(
        id=returned.pk,
        history_date=returned_at,
        history_type="~",
        history_user_id=manager.pk,
        **fields,
    )
    unknown = assessment(status="in_progress", manager_comment="Who said this?", **sent)
    records = (in_progress, submitted, authorised, returned, unknown)
    return lambda: _check_assessments(records, worker, manager, returned_at)


def _check_assessments(records, worker, manager, returned_at) -> None:
    in_progress, submitted, authorised, returned, unknown = records

    def row(record):
        found = Assessment.objects.get(pk=record.pk)
        return (
            found.status,
            found.proposed_by_id,
            found.proposed_at,
            found.reviewed_by_id,
            found.reviewed_at,
        )

    nineteenth = datetime(2026, 5, 19, tzinfo=LONDON)
    assert row(in_progress) == ("in_progress", None, None, None, None)
    assert row(submitted) == ("proposed", worker.pk, nineteenth, None, None)
    assert row(authorised) == (
        "authorised",
        worker.pk,
        nineteenth,
        manager.pk,
        datetime(2026, 5, 20, tzinfo=LONDON),
    )
    assert Assessment.objects.get(pk=authorised.pk).authorised_on == date(2026, 5, 20)
    assert row(returned) == ("returned", worker.pk, nineteenth, manager.pk, returned_at)
    # Nobody recorded who returned it: it stays in progress with the comment.
    assert row(unknown) == ("in_progress", None, None, None, None)
    assert Assessment.objects.get(pk=unknown.pk).manager_comment == "Who said this?"


def test_the_migrations_keep_every_transfer_and_assessment_in_the_shape(before_the_shape):
    checks = [_transfers_before(before_the_shape), _assessments_before(before_the_shape)]

    _migrate_to_the_shape()

    for check in checks:
        check()
