"""The pages of private fostering: the acceptance journey of issue 14 (a school notifies an
arrangement already running; the visit is due 7 working days later across a bank holiday; a
manager authorises suitability after the checks; visits fall due at 6 and then 12 weeks), who
may open and do what, hostile input, and query counts that do not grow with the data."""

import uuid
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.audit.models import AccessLog
from opencsc.privatefostering import services
from opencsc.privatefostering.models import Arrangement, SuitabilityDecision
from tests.factories import PersonFactory
from tests.frontdoor.helpers import london
from tests.privatefostering.conftest import complete_checks, notified, visit


def _day(prefix: str, on: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(on.day),
        f"{prefix}_month": str(on.month),
        f"{prefix}_year": str(on.year),
    }


def _form(**fields: Any) -> dict[str, Any]:
    return {"submission_key": str(uuid.uuid4()), **fields}


def _visit_form(on: date) -> dict[str, Any]:
    return _form(
        **_day("visited_on", on),
        seen=["child", "alone", "home", "carer", "household"],
        record="Seen alone; settled at school.",
    )


def test_a_school_notifies_an_arrangement_already_running(client, world, clock):
    """The acceptance journey: notification, first visit across a bank holiday, checks, a
    manager's authorisation, visits at 6 and then 12 weeks."""
    clock.now = london(2026, 5, 21, 11, 0)  # Thursday; Monday 25 May is a bank holiday
    client.force_login(world.worker)
    found = client.get(reverse("privatefostering:start"), {"name": "Ade Bello"})
    assert found.status_code == 200
    assert "Record the notification" in found.content.decode()
    response = client.post(
        reverse("privatefostering:new", args=[world.child.pk]),
        _form(
            **_day("notified_on", date(2026, 5, 21)),
            notifier="school",
            notifier_name="Head teacher",
            **_day("starts_on", date(2026, 5, 1)),
            expected_length="A school year",
            carer_name="Grace Taiwo",
            carers_address="2 Elm Road",
            parents="Mother and father, in Lagos",
        ),
    )
    arrangement = Arrangement.objects.get(child=world.child)
    assert response.status_code == 302
    assert response["Location"] == arrangement.get_absolute_url()
    page = client.get(arrangement.get_absolute_url()).content.decode()
    assert "2 June 2026" in page  # 7 working days across the spring bank holiday
    assert "Late: notified after the arrangement had begun" in page
    assert "already running when notified" in page

    # Tuesday 2 June has passed with no visit: the visit shows as overdue, first on the list.
    clock.now = london(2026, 6, 3, 9, 0)
    client.force_login(world.worker)  # a new day: signed in again
    assert "Visit overdue" in client.get(arrangement.get_absolute_url()).content.decode()
    client.force_login(world.manager)
    listing = client.get(reverse("privatefostering:team")).content.decode()
    assert arrangement.reference in listing
    assert "Overdue" in listing

    client.force_login(world.worker)
    response = client.post(
        reverse("privatefostering:visit-new", args=[arrangement.pk]), _visit_form(date(2026, 6, 3))
    )
    assert response.status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.next_visit_due_on == date(2026, 7, 15)  # six weeks

    for check in arrangement.checks.all():
        response = client.post(
            reverse("privatefostering:check", args=[check.pk]),
            _form(**_day("completed_on", date(2026, 6, 2)), result="no_concerns", notes=""),
        )
        assert response.status_code == 302
    response = client.post(
        reverse("privatefostering:decision-new", args=[arrangement.pk]),
        _form(outcome="suitable", requirements="", reasons="A safe home; checks clear."),
    )
    decision = SuitabilityDecision.objects.get(arrangement=arrangement)
    assert response.status_code == 302
    assert response["Location"] == decision.get_absolute_url()

    client.force_login(world.manager)
    review = client.get(decision.get_absolute_url())
    assert "Authorise the decision" in review.content.decode()
    response = client.post(
        decision.get_absolute_url(), _form(decision="authorise", comment="Agreed")
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == "authorised"
    assert decision.reviewed_by == world.manager

    clock.now = london(2026, 7, 15, 9, 0)
    client.force_login(world.worker)
    client.post(
        reverse("privatefostering:visit-new", args=[arrangement.pk]), _visit_form(date(2026, 7, 15))
    )
    arrangement.refresh_from_db()
    assert arrangement.next_visit_due_on == date(2026, 8, 26)  # six weeks again
    # A year after the council became aware (21 May 2027): twelve weeks.
    clock.now = london(2027, 5, 21, 9, 0)
    client.force_login(world.worker)
    client.post(
        reverse("privatefostering:visit-new", args=[arrangement.pk]), _visit_form(date(2027, 5, 21))
    )
    arrangement.refresh_from_db()
    assert arrangement.next_visit_due_on == date(2027, 8, 13)
    # The child's record lists the arrangement with its next visit (its private fostering part;
    # before the record was split into parts it never showed the arrangement at all).
    record = client.get(reverse("record:fostering", args=[world.child.pk])).content.decode()
    assert f'href="{arrangement.get_absolute_url()}">{arrangement.reference}</a>' in record
    assert "13 Aug 2027" in record
    chronology = client.get(reverse("record:chronology", args=[world.child.pk])).content.decode()
    assert "Private fostering" in chronology


def test_the_manager_sees_overdue_items_first(client, world, clock):
    later = notified(world, child=PersonFactory(first_name="Later"), notified_on=date(2026, 5, 28))
    overdue = notified(world, notified_on=date(2026, 5, 11))  # first visit due 20 May
    client.force_login(world.manager)
    page = client.get(reverse("privatefostering:team")).content.decode()
    assert page.index(overdue.reference) < page.index(later.reference)
    ended = services.end_arrangement(
        arrangement=overdue, ended_on=date(2026, 5, 30), reason="moved", details="", by=world.worker
    )
    assert ended.reference not in client.get(reverse("privatefostering:team")).content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_the_team_list_takes_the_same_queries_at_two_sizes(client, world, clock):
    notified(world)
    client.force_login(world.manager)
    url = reverse("privatefostering:team")
    small = _queries(client, url)
    for n in range(6):
        notified(world, child=PersonFactory(first_name=f"Child{n}"))
    assert _queries(client, url) == small


def test_the_arrangement_page_takes_the_same_queries_at_two_sizes(client, world, clock):
    arrangement = notified(world)
    client.force_login(world.worker)
    url = arrangement.get_absolute_url()
    small = _queries(client, url)
    for n in range(4):
        services.add_member(arrangement=arrangement, name=f"Adult {n}", by=world.worker)
    services.record_visit(
        arrangement=arrangement, details=visit(date(2026, 5, 26)), by=world.worker
    )
    services.record_visit(
        arrangement=arrangement, details=visit(date(2026, 5, 29)), by=world.worker
    )
    complete_checks(arrangement, world.worker)
    decision = services.propose_decision(
        arrangement=arrangement,
        outcome="suitable",
        reasons="Fine",
        requirements="",
        by=world.worker,
    )
    services.return_decision(decision=decision, by=world.manager, comment="More")
    services.propose_decision(
        arrangement=arrangement,
        outcome="suitable",
        reasons="Fine",
        requirements="",
        by=world.worker,
    )
    assert _queries(client, url) == small


OK, NOT_FOUND, FORBIDDEN = 200, 404, 403


@pytest.fixture
def on_held(world, clock):
    """An arrangement of a child the children in need team holds, with a decision waiting."""
    arrangement = notified(world, child=world.held)
    complete_checks(arrangement, world.worker)
    decision = services.propose_decision(
        arrangement=arrangement,
        outcome="suitable",
        reasons="Fine",
        requirements="",
        by=world.worker,
    )
    return arrangement, decision


READ = {
    "worker": OK,
    "manager": OK,
    "cin_worker": OK,
    "outsider": NOT_FOUND,
    "head": OK,
    "analyst": OK,
    "police": NOT_FOUND,
    "admin": NOT_FOUND,
}
WRITE = {
    "worker": OK,
    "manager": OK,
    "cin_worker": FORBIDDEN,
    "outsider": NOT_FOUND,
    "head": OK,
    "analyst": FORBIDDEN,
    "police": NOT_FOUND,
    "admin": NOT_FOUND,
}
NOTIFY = {
    "worker": OK,
    "manager": OK,
    "cin_worker": FORBIDDEN,
    "outsider": FORBIDDEN,
    "head": FORBIDDEN,
    "analyst": FORBIDDEN,
    "police": FORBIDDEN,
    "admin": FORBIDDEN,
}
LIST = {
    "worker": OK,
    "manager": OK,
    "cin_worker": OK,
    "outsider": OK,
    "head": OK,
    "analyst": OK,
    "police": FORBIDDEN,
    "admin": FORBIDDEN,
}


@pytest.mark.parametrize("who", sorted(READ))
def test_the_permission_matrix(client, world, on_held, who):
    arrangement, decision = on_held
    check = arrangement.checks.first()
    pages = {
        reverse("privatefostering:team"): LIST,
        reverse("privatefostering:start"): NOTIFY,
        reverse("privatefostering:new", args=[world.child.pk]): NOTIFY,
        arrangement.get_absolute_url(): READ,
        reverse("privatefostering:check", args=[check.pk]): READ,
        decision.get_absolute_url(): READ,
        reverse("privatefostering:member-new", args=[arrangement.pk]): WRITE,
        reverse("privatefostering:visit-new", args=[arrangement.pk]): WRITE,
        reverse("privatefostering:decision-new", args=[arrangement.pk]): WRITE,
        reverse("privatefostering:end", args=[arrangement.pk]): WRITE,
    }
    client.force_login(getattr(world, who))
    for url, expected in pages.items():
        assert client.get(url).status_code == expected[who], (who, url)


def test_only_another_manager_of_the_team_is_offered_the_authorisation(client, world, on_held):
    _, decision = on_held
    client.force_login(world.worker)
    assert "Your decision" not in client.get(decision.get_absolute_url()).content.decode()
    assert client.post(decision.get_absolute_url(), _form(decision="authorise")).status_code == 403
    client.force_login(world.cin_worker)
    assert client.post(decision.get_absolute_url(), _form(decision="authorise")).status_code == 403
    client.force_login(world.manager)
    response = client.post(decision.get_absolute_url(), _form(decision="authorise"))
    assert response.status_code == 302


def test_the_proposer_cannot_authorise_their_own(client, world, clock):
    arrangement = notified(world)
    complete_checks(arrangement, world.worker)
    decision = services.propose_decision(
        arrangement=arrangement,
        outcome="suitable",
        reasons="Fine",
        requirements="",
        by=world.manager,
    )
    client.force_login(world.manager)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "another manager must authorise it" in page
    response = client.post(decision.get_absolute_url(), _form(decision="authorise"))
    assert response.status_code == 200
    assert "another manager must authorise it" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == "proposed"


def test_opening_the_arrangement_is_logged_against_the_child(client, world, clock):
    arrangement = notified(world)
    client.force_login(world.other_worker)
    client.get(arrangement.get_absolute_url())
    assert AccessLog.objects.filter(
        child=world.child, user=world.other_worker, action="privatefostering.view"
    ).exists()


def test_a_restricted_child_is_not_opened_by_the_team_unless_named(client, world, clock):
    arrangement = notified(world)
    world.child.is_restricted = True
    world.child.save(update_fields=["is_restricted"])
    world.child.named_staff.add(world.worker)
    client.force_login(world.other_worker)
    assert client.get(arrangement.get_absolute_url()).status_code == 404
    client.force_login(world.worker)
    assert client.get(arrangement.get_absolute_url()).status_code == 200


def test_hostile_input_is_an_error_next_to_the_field_never_a_500(client, world, clock):
    arrangement = notified(world)
    client.force_login(world.worker)
    for bad in ("999999", "0"):
        assert client.get(f"/private-fostering/{bad}/").status_code == 404
        assert client.get(f"/private-fostering/checks/{bad}/").status_code == 404
        assert client.get(f"/private-fostering/decisions/{bad}/").status_code == 404
    response = client.post(
        reverse("privatefostering:visit-new", args=[arrangement.pk]),
        _form(visited_on_day="31", visited_on_month="2", visited_on_year="2026", record=""),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Enter what the visit found" in body
    response = client.post(
        reverse("privatefostering:visit-new", args=[arrangement.pk]),
        _form(**_day("visited_on", date(2026, 5, 1)), record="Seen", seen=["alone"]),
    )
    body = response.content.decode()
    assert "on or after the day the council was notified" in body
    assert "The child must be seen to be spoken to alone" in body
    response = client.post(
        reverse("privatefostering:new", args=[world.child.pk]),
        _form(notifier="nobody", parents="x" * 5000),
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    # A second notification for the same child: an error, not a second arrangement.
    response = client.post(
        reverse("privatefostering:new", args=[world.child.pk]),
        _form(
            **_day("notified_on", date(2026, 5, 21)),
            notifier="parent",
            **_day("starts_on", date(2026, 5, 1)),
            carer_name="G",
            carers_address="A",
            parents="P",
        ),
    )
    assert response.status_code == 200
    assert "already has an open private fostering arrangement" in response.content.decode()
    assert Arrangement.objects.filter(child=world.child).count() == 1


def test_the_home_page_leads_the_fostering_team_to_its_arrangements(client, world, clock):
    link = reverse("privatefostering:team")
    for user, shown in [
        (world.worker, True),
        (world.manager, True),
        (world.analyst, True),
        (world.cin_worker, False),
        (world.police, False),
    ]:
        client.force_login(user)
        assert (link in client.get(reverse("record:home")).content.decode()) is shown, user
