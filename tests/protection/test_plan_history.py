"""Earlier versions of a child protection plan (issue 13, plans with content): inspectors read the
plan first, and how it changed between conferences and core groups. Every version was kept in the
history; the page shows what the plan said before and after each revision, who changed it and
when, and each change to its actions, in the same queries however long the history."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.protection import plan_history
from tests.protection.fixtures import plan
from tests.protection.test_plan_content import _action, _write

AFTER_INJURY = "If a new injury is seen, a strategy discussion is held"


def _revised(referral, worker, times=1):
    made = plan(referral, worker)
    _write(made, worker)
    first = made.actions.get()
    for number in range(times):
        _write(
            made,
            worker,
            actions=[
                _action(
                    f"Dad attends the Caring Dads programme every Monday ({number})", pk=first.pk
                ),
                _action("Mum takes Amara to the GP for her asthma review by the end of May"),
            ],
            contingency=f"{AFTER_INJURY} the same day ({number}).",
        )
    return made


def test_the_history_shows_what_the_plan_said_before_and_after_and_who_changed_it(
    client, referral, worker
):
    made = _revised(referral, worker)

    versions = plan_history.plan_versions(made)
    changes = plan_history.action_changes(made)

    latest = versions[0]
    assert [change.label for change in latest.changes] == ["Contingency plan"]
    assert latest.changes[0].before.endswith("held the same working day.")
    assert latest.changes[0].after.endswith("held the same day (0).")
    assert latest.by == worker.display_name
    assert versions[-1].first
    assert [change.what for change in changes] == ["Added", "Changed", "Added"]
    client.force_login(worker)
    page = client.get(reverse("protection:plan-history", args=[made.pk])).content.decode()
    assert "Earlier versions of the child protection plan" in page
    assert "held the same day (0)." in page
    assert "asthma review" in page
    plan_page = client.get(reverse("protection:plan", args=[made.pk])).content.decode()
    assert reverse("protection:plan-history", args=[made.pk]) in plan_page


def test_another_teams_worker_cannot_read_the_plans_history(client, referral, worker, other_worker):
    made = _revised(referral, worker)
    client.force_login(other_worker)

    response = client.get(reverse("protection:plan-history", args=[made.pk]))

    assert response.status_code == 404


def test_the_history_page_runs_the_same_queries_for_one_revision_or_many(client, referral, worker):
    made = _revised(referral, worker, times=1)
    url = reverse("protection:plan-history", args=[made.pk])
    client.force_login(worker)
    counts = []
    for more in (0, 6):
        for number in range(more):
            _write(
                made,
                worker,
                contingency=f"{AFTER_INJURY} at once ({number}).",
            )
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_a_plan_with_no_saved_version_shows_that_it_was_not_revised(client, referral, worker):
    """A plan loaded in bulk (the demo's) has no history rows: the page says so, never an error."""
    made = plan(referral, worker)
    made.history.all().delete()
    client.force_login(worker)

    response = client.get(reverse("protection:plan-history", args=[made.pk]))

    assert response.status_code == 200
    assert "The plan has not been revised since it was written." in response.content.decode()
