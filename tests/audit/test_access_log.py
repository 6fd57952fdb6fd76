"""The access log: every opening of a child's record is written, and nothing can change it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from opencsc.audit import services as audit
from opencsc.audit.models import AccessLog
from opencsc.people.models import Person
from opencsc.permissions import Action
from tests.factories import AllocationFactory, TeamFactory


@pytest.fixture
def child(social_worker):
    return AllocationFactory(team=social_worker.teams.get()).child


def test_opening_a_childs_record_writes_one_view_row(worker_client, social_worker, child):
    worker_client.get(reverse("record:child", args=[child.pk]), REMOTE_ADDR="10.1.2.3")

    row = AccessLog.objects.get()
    assert (row.kind, row.action, row.user, row.child, row.ip_address, row.path) == (
        "view",
        "people.view",
        social_worker,
        child,
        "10.1.2.3",
        f"/people/{child.pk}/",
    )
    assert (row.record_type, row.record_id) == (ContentType.objects.get_for_model(Person), child.pk)


def test_each_opening_is_a_new_row(worker_client, child):
    for _ in range(3):
        worker_client.get(reverse("record:child", args=[child.pk]))

    assert AccessLog.objects.filter(child=child, kind="view").count() == 3


def test_a_refused_record_writes_no_view_row(worker_client):
    elsewhere = AllocationFactory(team=TeamFactory()).child

    response = worker_client.get(reverse("record:child", args=[elsewhere.pk]))

    assert response.status_code == 404
    assert AccessLog.objects.count() == 0


def test_listing_search_results_opens_no_record(worker_client, child):
    worker_client.get(reverse("people:search"), {"name": child.last_name})

    assert AccessLog.objects.count() == 0


def test_a_change_made_outside_a_request_is_logged_without_an_address(social_worker, child):
    row = audit.log_change(by=social_worker, child=child, record=child, action=Action.EDIT_PERSON)

    assert (row.kind, row.ip_address, row.path) == ("change", None, "")


def test_the_access_log_refuses_an_action_that_is_not_in_the_vocabulary(social_worker, child):
    with pytest.raises(TypeError, match="takes an Action"):
        audit.log_change(by=social_worker, child=child, record=child, action="people.edit")

    assert AccessLog.objects.count() == 0


def test_a_long_summary_is_cut_to_300_characters(social_worker, child):
    row = audit.log_view(by=social_worker, child=child, summary="x" * 400)

    assert len(row.summary) == 300


@pytest.fixture
def row(social_worker, child):
    return audit.log_view(by=social_worker, child=child, summary="Opened")


@pytest.mark.parametrize(
    "change",
    [
        lambda row: AccessLog.objects.filter(pk=row.pk).update(summary="Edited"),
        lambda row: AccessLog.objects.filter(pk=row.pk).delete(),
        lambda row: AccessLog.objects.all().delete(),
        lambda row: AccessLog.objects.bulk_update([row], ["summary"]),
        lambda row: row.save(),
        lambda row: row.delete(),
    ],
    ids=["update", "delete", "delete all", "bulk update", "save again", "delete the row"],
)
def test_the_log_refuses_every_change_through_the_orm(row, change):
    with (
        pytest.raises(PermissionError, match=r"The access log is append-only\."),
        transaction.atomic(),
    ):
        change(row)

    assert list(AccessLog.objects.values_list("pk", "summary")) == [(row.pk, "Opened")]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_accesslog SET summary = 'Edited'",
        "UPDATE audit_accesslog SET user_id = NULL",
        "DELETE FROM audit_accesslog",
    ],
)
def test_the_database_refuses_every_change_to_the_log(row, statement):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)

    assert list(AccessLog.objects.values_list("pk", "summary", "user")) == [
        (row.pk, "Opened", row.user_id)
    ]


def test_the_database_still_accepts_new_rows(row, social_worker, child):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_accesslog"
            " (at, kind, action, summary, path, user_id, child_id, seq, hash)"
            " VALUES (%s, 'view', 'people.view', 'Raw', '', %s, %s, %s, '')",
            [row.at, social_worker.pk, child.pk, row.seq + 1],
        )

    assert AccessLog.objects.count() == 2
