"""The assessment's pages: who may open and use them, errors next to their fields, a double submit
saving once, and the same number of queries however much is recorded."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role, Team
from opencsc.assessments.models import Assessment
from opencsc.assessments.services import start_assessment, submit_assessment, update_assessment
from opencsc.audit.models import AccessLog
from tests.assessments.conftest import refer
from tests.assessments.test_services import COMPLETE
from tests.factories import (
    AgencyFactory,
    HouseholdFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)


def _started(referral, worker) -> Assessment:
    return start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


@pytest.fixture
def people(assessment_team, worker, manager):
    other = TeamFactory(name="Disabled children", kind=Team.Kind.DISABLED_CHILDREN)
    return {
        "worker": worker,
        "manager": manager,
        "head of service": UserFactory(role=Role.HEAD_OF_SERVICE),
        "quality assurance": UserFactory(role=Role.QUALITY_ASSURANCE),
        "other team's worker": UserFactory(role=Role.SOCIAL_WORKER, team=other),
        "partner agency": UserFactory(role=Role.PARTNER_AGENCY, agency=AgencyFactory()),
    }


# (person, assessment page, edit page, review page)
MATRIX = [
    ("worker", 200, 200, 403),
    # Managers are sent back to the assessment: it has not been submitted yet.
    ("manager", 200, 200, 302),
    ("head of service", 200, 200, 302),
    ("quality assurance", 200, 403, 403),
    ("other team's worker", 404, 404, 404),
    ("partner agency", 404, 404, 404),
]


@pytest.mark.parametrize(("who", "view", "edit", "review"), MATRIX)
def test_who_may_open_the_assessment(client, clock, referral, people, who, view, edit, review):
    assessment = _started(referral, people["worker"])
    client.force_login(people[who])

    got = [
        client.get(reverse(name, args=[assessment.pk])).status_code
        for name in ("assessments:detail", "assessments:edit", "assessments:review")
    ]

    assert got == [view, edit, review]


def test_opening_an_assessment_is_logged_against_the_child(client, clock, referral, worker):
    assessment = _started(referral, worker)
    client.force_login(worker)

    client.get(reverse("assessments:detail", args=[assessment.pk]))

    assert AccessLog.objects.filter(
        user=worker, child=referral.child, action="assessments.view"
    ).exists()


def test_starting_an_assessment_with_siblings(client, clock, referral, sibling_referral, worker):
    client.force_login(worker)
    url = reverse("assessments:start", args=[referral.pk])

    page = client.get(url)
    assert "Tobi Okafor" in page.content.decode()
    response = client.post(
        url,
        {
            "submission_key": uuid.uuid4(),
            **_date("started_on", date(2026, 5, 5)),
            "worker": worker.pk,
            "siblings": [sibling_referral.pk],
        },
    )

    first = Assessment.objects.get(child=referral.child)
    assert response.status_code == 302
    assert response.url == reverse("assessments:detail", args=[first.pk])
    assert Assessment.objects.get(child=sibling_referral.child).family_id == first.family_id


def test_bad_input_is_shown_next_to_its_field(client, clock, referral, worker):
    assessment = _started(referral, worker)
    client.force_login(worker)

    response = client.post(
        reverse("assessments:edit", args=[assessment.pk]),
        {
            "submission_key": uuid.uuid4(),
            **_date("seen_on", date(2026, 4, 2)),
            "seen_alone_on_day": "31",
            "seen_alone_on_month": "2",
            "seen_alone_on_year": "2026",
            "factors": ["21", "3B"],
        },
    )

    form = response.context["form"]
    assert response.status_code == 200
    assert form.errors["seen_alone_on"] == ["Date the child was seen alone must be a real date"]
    # The form's own checks pass; the service's come back next to their fields.
    response = client.post(
        reverse("assessments:edit", args=[assessment.pk]),
        {
            "submission_key": uuid.uuid4(),
            **_date("seen_on", date(2026, 4, 2)),
            "factors": ["21", "3B"],
        },
    )
    form = response.context["form"]
    assert "before the assessment started" in form.errors["seen_on"][0]
    assert "cannot be chosen with other factors" in form.errors["factors"][0]
    assert 'href="#id_factors"' in response.content.decode()


def test_a_double_submit_saves_once(client, clock, referral, worker):
    client.force_login(worker)
    data = {
        "submission_key": uuid.uuid4(),
        **_date("started_on", date(2026, 5, 5)),
        "worker": worker.pk,
    }
    url = reverse("assessments:start", args=[referral.pk])

    client.post(url, data)
    again = client.post(url, data)

    assert again.status_code == 302
    assert Assessment.objects.count() == 1


def test_the_manager_authorises_through_the_review_page(client, clock, referral, worker, manager):
    assessment = _started(referral, worker)
    update_assessment(assessment=assessment, details=COMPLETE, by=worker)
    submit_assessment(assessment=assessment, by=worker)
    client.force_login(manager)

    missing = client.post(
        reverse("assessments:review", args=[assessment.pk]),
        {"submission_key": uuid.uuid4(), "action": "return"},
    )
    assert missing.context["form"].errors["comment"] == ["Enter what more work is needed"]
    listed = client.get(reverse("assessments:awaiting"))
    assert "Review Amara Okafor" in listed.content.decode()
    done = client.post(
        reverse("assessments:review", args=[assessment.pk]),
        {"submission_key": uuid.uuid4(), "action": "authorise", "comment": ""},
    )

    assessment.refresh_from_db()
    assert done.status_code == 302
    assert assessment.status == "authorised"


def test_the_worker_is_not_offered_the_managers_list(client, clock, worker):
    client.force_login(worker)

    assert client.get(reverse("assessments:awaiting")).status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_assessment_page_runs_the_same_queries_however_much_is_recorded(
    client, clock, assessment_team, worker, manager
):
    household = HouseholdFactory()
    small = refer(
        PersonFactory(household=household), on=date(2026, 5, 1), team=assessment_team, worker=worker
    )
    one = _started(small, worker)
    update_assessment(assessment=one, details=COMPLETE, by=worker)

    big_household = HouseholdFactory()
    lead = refer(
        PersonFactory(household=big_household),
        on=date(2026, 5, 1),
        team=assessment_team,
        worker=worker,
    )
    siblings = [
        refer(
            PersonFactory(household=big_household),
            on=date(2026, 5, 1),
            team=assessment_team,
            worker=worker,
        )
        for _ in range(4)
    ]
    many = start_assessment(
        referral=lead, siblings=siblings, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    factors = ["1B", "2B", "3A", "3B", "4A", "4B", "5A", "6A", "7A", "16A"]
    update_assessment(
        assessment=many,
        details=type(COMPLETE)(**{**COMPLETE.__dict__, "factors": factors}),
        by=worker,
    )
    client.force_login(worker)

    for name in ("assessments:detail", "assessments:submit"):
        assert _queries(client, reverse(name, args=[one.pk])) == _queries(
            client, reverse(name, args=[many.pk])
        )
