"""Workforce pages: who may open each one, the caseload standard on the page, acknowledging an
alert (bad input, double submits), and the same number of queries at any number of rows."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.casework.services import open_pathway_due_item
from opencsc.timescales import rules
from opencsc.workforce.models import AlertAcknowledgement
from tests.casework.factories import ProtectionPlanFactory
from tests.factories import (
    AllocationFactory,
    MashPractitionerFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)


@pytest.fixture
def users(worker, manager, cp_manager, head_of_service):
    return {
        "worker": worker,
        "manager": manager,
        "other_manager": cp_manager,
        "mash": MashPractitionerFactory(),
        "head_of_service": head_of_service,
        "performance": UserFactory(role=Role.PERFORMANCE_ANALYST),
        "partner": PartnerAgencyUserFactory(),
        "admin": UserFactory(role=Role.ADMINISTRATOR),
    }


def _cases(worker, team, count):
    """`count` open cases for `worker`, each on a child protection plan with an overdue visit."""
    items = []
    for _ in range(count):
        child = PersonFactory()
        referral = ReferralFactory(child=child, referred_on=date(2026, 3, 2))
        AllocationFactory(child=child, team=team, worker=worker, referral=referral)
        plan = ProtectionPlanFactory(referral=referral)
        items.append(
            open_pathway_due_item(rules.CP_VISIT, child=child, record=plan, start=date(2026, 4, 1))
        )
    return items


MATRIX = {
    "workforce:my-caseload": {
        "worker": 200,
        "manager": 200,
        "other_manager": 200,
        "mash": 200,
        "head_of_service": 403,
        "performance": 403,
        "partner": 403,
        "admin": 403,
    },
    "workforce:team-caseloads": {
        "worker": 403,
        "manager": 200,
        "other_manager": 200,
        "mash": 403,
        "head_of_service": 200,
        "performance": 200,
        "partner": 403,
        "admin": 403,
    },
    "workforce:alerts": {
        "worker": 403,
        "manager": 200,
        "other_manager": 200,
        "mash": 403,
        "head_of_service": 200,
        "performance": 403,
        "partner": 403,
        "admin": 403,
    },
}
CASES = [(page, role, status) for page, row in MATRIX.items() for role, status in row.items()]


@pytest.mark.parametrize(("page", "role", "status"), CASES)
def test_who_may_open_each_page(client, clock, users, page, role, status):
    client.force_login(users[role])

    assert client.get(reverse(page)).status_code == status


@pytest.mark.parametrize("page", list(MATRIX))
def test_pages_need_signing_in(client, db, page):
    response = client.get(reverse(page))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("manager", 200),
        ("head_of_service", 200),
        ("other_manager", 404),
        ("worker", 403),
        ("partner", 403),
    ],
)
def test_who_may_open_an_alert(client, clock, users, assessment_team, role, status):
    (item,) = _cases(users["worker"], assessment_team, 1)
    client.force_login(users[role])

    assert client.get(reverse("workforce:acknowledge", args=[item.pk])).status_code == status


def test_the_caseload_shows_the_count_against_the_standard(
    client, clock, settings, worker, assessment_team
):
    settings.OPENCSC_CASELOAD_STANDARD = 2
    _cases(worker, assessment_team, 3)
    client.force_login(worker)

    page = client.get(reverse("workforce:my-caseload")).content.decode()

    assert "3 open cases against a standard of 2" in page
    assert "Over the standard by 1" in page


def test_the_caseload_within_the_standard_has_no_warning(client, clock, worker, assessment_team):
    _cases(worker, assessment_team, 3)
    client.force_login(worker)

    page = client.get(reverse("workforce:my-caseload")).content.decode()

    assert "3 open cases against a standard of 21" in page
    assert "Over the standard" not in page


def test_the_team_page_flags_a_worker_over_the_standard(
    client, clock, settings, worker, manager, assessment_team
):
    settings.OPENCSC_CASELOAD_STANDARD = 1
    _cases(worker, assessment_team, 2)
    client.force_login(manager)

    page = client.get(reverse("workforce:team-caseloads")).content.decode()

    assert "2 of 1" in page
    assert page.count("Over the standard") == 1


def test_an_alert_links_to_the_child_and_the_record(
    client, clock, worker, manager, assessment_team
):
    (item,) = _cases(worker, assessment_team, 1)
    client.force_login(manager)

    page = client.get(reverse("workforce:alerts")).content.decode()

    assert reverse("record:child", args=[item.child_id]) in page
    assert "Child protection visit overdue" in page
    assert reverse("workforce:acknowledge", args=[item.pk]) in page


def test_acknowledging_with_no_note_shows_the_error_next_to_the_field(
    client, clock, worker, manager, assessment_team
):
    (item,) = _cases(worker, assessment_team, 1)
    client.force_login(manager)

    response = client.post(
        reverse("workforce:acknowledge", args=[item.pk]),
        {"submission_key": str(uuid.uuid4()), "note": ""},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert 'id="id_note-error"' in page
    assert not AlertAcknowledgement.objects.exists()


def test_a_double_submitted_acknowledgement_is_saved_once(
    client, clock, worker, manager, assessment_team
):
    (item,) = _cases(worker, assessment_team, 1)
    client.force_login(manager)
    data = {"submission_key": str(uuid.uuid4()), "note": "Visit booked for tomorrow"}
    url = reverse("workforce:acknowledge", args=[item.pk])

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert first.status_code == 302
    assert "already sent" in second.content.decode()
    assert AlertAcknowledgement.objects.get().note == "Visit booked for tomorrow"
    acknowledged = client.get(reverse("workforce:alerts") + "?tab=acknowledged").content.decode()
    assert "Visit booked for tomorrow" in acknowledged


def test_a_second_manager_sees_who_acknowledged_first(
    client, clock, worker, manager, second_manager, assessment_team
):
    (item,) = _cases(worker, assessment_team, 1)
    client.force_login(manager)
    url = reverse("workforce:acknowledge", args=[item.pk])
    client.post(url, {"submission_key": str(uuid.uuid4()), "note": "Seen"})
    client.force_login(second_manager)

    response = client.post(url, {"submission_key": str(uuid.uuid4()), "note": "Seen too"})

    assert "already acknowledged by Mo Ahmed" in response.content.decode()
    assert AlertAcknowledgement.objects.count() == 1


def test_the_alert_filter_keeps_one_kind(client, clock, worker, manager, assessment_team):
    _cases(worker, assessment_team, 1)
    client.force_login(manager)

    shown = client.get(reverse("workforce:alerts") + "?kind=cp_visit").content.decode()
    hidden = client.get(reverse("workforce:alerts") + "?kind=assessment").content.decode()
    bad = client.get(reverse("workforce:alerts") + "?kind=nonsense")

    assert "1 alert to acknowledge" in shown
    assert "0 alerts to acknowledge" in hidden
    assert bad.status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("page", "viewer"),
    [
        ("workforce:my-caseload", "worker"),
        ("workforce:team-caseloads", "manager"),
        ("workforce:alerts", "manager"),
        ("workforce:team-caseloads", "head_of_service"),
        ("workforce:alerts", "head_of_service"),
    ],
)
def test_each_page_runs_the_same_queries_at_two_sizes(
    client, clock, users, assessment_team, page, viewer
):
    worker = users["worker"]
    client.force_login(users[viewer])
    _cases(worker, assessment_team, 2)
    small = _queries(client, reverse(page))

    _cases(worker, assessment_team, 12)
    for _ in range(6):
        _cases(UserFactory(role=Role.SOCIAL_WORKER, team=assessment_team), assessment_team, 1)
    large = _queries(client, reverse(page))

    assert small == large


def test_the_acknowledged_tab_runs_the_same_queries_at_two_sizes(
    client, clock, worker, manager, assessment_team
):
    from opencsc.workforce.services import acknowledge_alert

    client.force_login(manager)
    url = reverse("workforce:alerts") + "?tab=acknowledged"
    for item in _cases(worker, assessment_team, 2):
        acknowledge_alert(due_item=item, note="Seen", by=manager)
    small = _queries(client, url)
    for item in _cases(worker, assessment_team, 12):
        acknowledge_alert(due_item=item, note="Seen", by=manager)

    assert _queries(client, url) == small
