"""The assessment's pages: who may open and use them, errors next to their fields, a double submit
saving once, and the same number of queries however much is recorded."""

import uuid
from dataclasses import replace
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role, Team
from opencsc.assessments.models import Assessment
from opencsc.assessments.services import (
    authorise_assessment,
    start_assessment,
    submit_assessment,
    update_assessment,
)
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.timescales.models import DueItem
from tests.assessments.conftest import refer
from tests.assessments.test_services import COMPLETE
from tests.factories import (
    AgencyFactory,
    HouseholdFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)
from tests.frontdoor.helpers import london


def _started(referral, worker) -> Assessment:
    return start_assessment(
        referral=referral, started_on=date(2026, 5, 1), worker=worker, by=worker
    )


def _submitted(referral, worker, details=COMPLETE) -> Assessment:
    assessment = _started(referral, worker)
    update_assessment(assessment=assessment, details=details, by=worker)
    return submit_assessment(assessment=assessment, by=worker)


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


def _key() -> dict[str, str]:
    return {"submission_key": str(uuid.uuid4())}


@pytest.fixture
def people(assessment_team, worker, manager):
    other = TeamFactory(name="Disabled children", kind=Team.Kind.DISABLED_CHILDREN)
    return {
        "worker": worker,
        "manager": manager,
        "head of service": UserFactory(role=Role.HEAD_OF_SERVICE),
        "quality assurance": UserFactory(role=Role.QUALITY_ASSURANCE),
        "other team's worker": UserFactory(role=Role.SOCIAL_WORKER, team=other),
        "other team's manager": UserFactory(role=Role.TEAM_MANAGER, team=other),
        "partner agency": UserFactory(role=Role.PARTNER_AGENCY, agency=AgencyFactory()),
    }


def _statuses(client, user, names, args) -> list[int]:
    client.force_login(user)
    return [client.get(reverse(name, args=args)).status_code for name in names]


# (person, assessment page, edit page, check-and-send page) while the assessment is in progress
IN_PROGRESS = [
    ("worker", 200, 200, 200),
    # A manager of the holding team and a head of service may record work too.
    ("manager", 200, 200, 200),
    ("head of service", 200, 200, 200),
    ("quality assurance", 200, 403, 403),
    ("other team's worker", 404, 404, 404),
    ("other team's manager", 404, 404, 404),
    ("partner agency", 404, 404, 404),
]


@pytest.mark.parametrize(("who", "view", "edit", "submit"), IN_PROGRESS)
def test_who_may_open_an_assessment_in_progress(
    client, clock, referral, people, who, view, edit, submit
):
    assessment = _started(referral, people["worker"])

    got = _statuses(
        client,
        people[who],
        ("assessments:detail", "assessments:edit", "assessments:submit"),
        [assessment.pk],
    )

    assert got == [view, edit, submit]


# (person, assessment page, review page, edit page) once it was sent to a manager
SUBMITTED = [
    ("worker", 200, 403, 302),
    ("manager", 200, 200, 302),
    ("head of service", 200, 200, 302),
    ("quality assurance", 200, 403, 403),
    ("other team's worker", 404, 404, 404),
    ("other team's manager", 404, 404, 404),
    ("partner agency", 404, 404, 404),
]


@pytest.mark.parametrize(("who", "view", "review", "edit"), SUBMITTED)
def test_who_may_open_a_submitted_assessment(
    client, clock, referral, people, who, view, review, edit
):
    assessment = _submitted(referral, people["worker"])

    got = _statuses(
        client,
        people[who],
        ("assessments:detail", "assessments:review", "assessments:edit"),
        [assessment.pk],
    )

    assert got == [view, review, edit]


# (person, start page, assessments to authorise)
STARTING = [
    ("worker", 200, 403),
    ("manager", 200, 200),
    ("head of service", 200, 200),
    ("quality assurance", 403, 403),
    ("other team's worker", 404, 403),
    ("other team's manager", 404, 200),
    ("partner agency", 404, 403),
]


@pytest.mark.parametrize(("who", "start", "awaiting"), STARTING)
def test_who_may_start_an_assessment_and_see_the_managers_list(
    client, clock, referral, people, who, start, awaiting
):
    client.force_login(people[who])

    got = [
        client.get(reverse("assessments:start", args=[referral.pk])).status_code,
        client.get(reverse("assessments:awaiting")).status_code,
    ]

    assert got == [start, awaiting]


def test_opening_an_assessment_is_logged_against_the_child(client, clock, referral, worker):
    assessment = _started(referral, worker)
    client.force_login(worker)

    client.get(reverse("assessments:detail", args=[assessment.pk]))

    assert AccessLog.objects.filter(
        user=worker, child=referral.child, action="assessments.view"
    ).exists()


def test_the_start_page_defaults_to_today_and_the_allocated_worker(
    client, clock, referral, manager, worker
):
    client.force_login(manager)

    form = client.get(reverse("assessments:start", args=[referral.pk])).context["form"]

    assert form["started_on"].value() == date(2026, 6, 1)
    assert form["worker"].value() == worker.pk
    assert "siblings" not in form.fields


def test_starting_an_assessment_with_siblings(client, clock, referral, sibling_referral, worker):
    client.force_login(worker)
    url = reverse("assessments:start", args=[referral.pk])

    page = client.get(url)
    assert "Tobi Okafor, born 9 September 2019 (referred 1 May 2026)" in page.content.decode()
    response = client.post(
        url,
        {
            **_key(),
            **_date("started_on", date(2026, 5, 5)),
            "worker": worker.pk,
            "siblings": [sibling_referral.pk],
        },
    )

    first = Assessment.objects.get(child=referral.child)
    assert response.status_code == 302
    assert response.url == reverse("assessments:detail", args=[first.pk])
    assert Assessment.objects.get(child=sibling_referral.child).family_id == first.family_id


def test_a_start_before_the_referral_is_shown_next_to_the_date(client, clock, referral, worker):
    client.force_login(worker)

    response = client.post(
        reverse("assessments:start", args=[referral.pk]),
        {**_key(), **_date("started_on", date(2026, 4, 30)), "worker": ""},
    )

    form = response.context["form"]
    assert form.errors["worker"] == ["Choose the social worker doing the assessment"]
    response = client.post(
        reverse("assessments:start", args=[referral.pk]),
        {**_key(), **_date("started_on", date(2026, 4, 30)), "worker": worker.pk},
    )
    form = response.context["form"]
    assert form.errors["started_on"] == ["The date cannot be before the referral (1 May 2026)."]
    assert 'href="#id_started_on_0"' in response.content.decode()
    assert not Assessment.objects.exists()


def test_bad_input_is_shown_next_to_its_field(client, clock, referral, worker):
    assessment = _started(referral, worker)
    client.force_login(worker)

    response = client.post(
        reverse("assessments:edit", args=[assessment.pk]),
        {
            **_key(),
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
        {**_key(), **_date("seen_on", date(2026, 4, 2)), "factors": ["21", "3B"]},
    )
    form = response.context["form"]
    page = response.content.decode()
    assert "before the assessment started" in form.errors["seen_on"][0]
    assert "cannot be chosen with other factors" in form.errors["factors"][0]
    assert 'href="#id_factors"' in page
    assert 'id="id_factors-error"' in page
    assert page.count('name="factors" type="checkbox" value="3B" checked') == 1


def test_the_factors_are_grouped_with_no_factors_on_its_own(client, clock, referral, worker):
    assessment = _started(referral, worker)
    client.force_login(worker)

    page = client.get(reverse("assessments:edit", args=[assessment.pk])).content.decode()

    for legend in (
        "Alcohol and drug misuse",
        "Domestic violence",
        "Abuse or neglect",
        "Exploitation, going missing and harm outside the home",
    ):
        assert f">{legend}</h3>" in page
    assert "Concerns about alcohol misuse by the parent(s)/carer(s) (1B)" in page
    assert "SEXUAL ABUSE\u2019 (adult on child) (19C)" in page
    assert 'id="id_factors" name="factors" type="checkbox" value="1A"' in page
    assert '<div class="govuk-checkboxes__divider">or</div>' in page
    assert 'value="21" data-behaviour="exclusive"' in page
    assert 'value="18A"' not in page
    assert 'value="19A"' not in page
    # Every code of the 2025-26 list (18A and 19A are no longer in it), each offered once.
    assert page.count('name="factors" type="checkbox"') == 42


def test_saving_and_checking_leads_to_the_check_page(client, clock, referral, worker):
    assessment = _started(referral, worker)
    client.force_login(worker)

    response = client.post(
        reverse("assessments:edit", args=[assessment.pk]),
        {**_key(), **_date("seen_on", date(2026, 5, 4)), "child_views": "Happy", "next": "submit"},
    )

    assert response.url == reverse("assessments:submit", args=[assessment.pk])
    page = client.get(response.url).content.decode()
    assert f'href="/assessments/{assessment.pk}/edit/#id_lived_experience"' in page
    assert "Enter what the child&#x27;s daily life is like" in page
    assert "Send to a manager to authorise" not in page


def test_the_check_page_warns_when_the_child_was_not_seen_alone(client, clock, referral, worker):
    assessment = _started(referral, worker)
    update_assessment(
        assessment=assessment, details=replace(COMPLETE, seen_alone_on=None), by=worker
    )
    client.force_login(worker)
    url = reverse("assessments:submit", args=[assessment.pk])

    page = client.get(url).content.decode()
    assert "The child has not been seen alone and no reason is recorded" in page
    assert 'Change<span class="govuk-visually-hidden"> the outcome</span>' in page
    data = _key()
    first = client.post(url, data)
    again = client.post(url, data)

    assessment.refresh_from_db()
    assert (first.status_code, again.status_code) == (302, 302)
    assert assessment.status == "proposed"
    assert (
        ChronologyEntry.objects.filter(summary__startswith="Assessment sent to a manager").count()
        == 1
    )


def test_a_double_submit_saves_once(client, clock, referral, worker):
    client.force_login(worker)
    data = {**_key(), **_date("started_on", date(2026, 5, 5)), "worker": worker.pk}
    url = reverse("assessments:start", args=[referral.pk])

    client.post(url, data)
    again = client.post(url, data)

    assert again.status_code == 302
    assert Assessment.objects.count() == 1


def test_the_manager_authorises_through_the_review_page(client, clock, referral, worker, manager):
    assessment = _submitted(referral, worker)
    client.force_login(manager)
    url = reverse("assessments:review", args=[assessment.pk])

    missing = client.post(url, {**_key(), "decision": "return"})
    assert missing.context["form"].errors["comment"] == ["Enter what more work is needed"]
    nothing = client.post(url, _key())
    assert nothing.context["form"].errors["decision"] == [
        "Choose whether to authorise or return the assessment"
    ]
    listed = client.get(reverse("assessments:awaiting"))
    assert "Review Amara Okafor" in listed.content.decode()
    data = {**_key(), "decision": "authorise", "comment": ""}
    done = client.post(url, data)
    again = client.post(url, data)

    assessment.refresh_from_db()
    assert (done.status_code, again.status_code) == (302, 302)
    assert assessment.status == "authorised"
    assert DueItem.objects.filter(child=referral.child, rule="cin_plan").count() == 1
    assert "Review Amara Okafor" not in client.get(reverse("assessments:awaiting")).content.decode()


def test_the_manager_returns_it_with_comments(client, clock, referral, worker, manager):
    assessment = _submitted(referral, worker)
    client.force_login(manager)

    client.post(
        reverse("assessments:review", args=[assessment.pk]),
        {**_key(), "decision": "return", "comment": "Say what Tobi told you"},
    )

    client.force_login(worker)
    page = client.get(reverse("assessments:edit", args=[assessment.pk])).content.decode()
    assert "Returned for more work: Say what Tobi told you" in page


def test_a_manager_who_sent_it_is_told_another_must_authorise(
    client, clock, assessment_team, manager
):
    referral = refer(PersonFactory(), on=date(2026, 5, 1), team=assessment_team, worker=manager)
    assessment = _submitted(referral, manager)
    client.force_login(manager)

    response = client.post(
        reverse("assessments:review", args=[assessment.pk]),
        {**_key(), "decision": "authorise"},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You sent this assessment: another manager must authorise it."
    ]
    assessment.refresh_from_db()
    assert assessment.status == "proposed"


def test_the_review_page_warns_when_the_child_was_not_seen_alone(
    client, clock, referral, worker, manager
):
    assessment = _submitted(referral, worker, replace(COMPLETE, seen_alone_on=None))
    client.force_login(manager)

    page = client.get(reverse("assessments:review", args=[assessment.pk])).content.decode()

    assert "The child was not seen alone and no reason is recorded" in page


def test_the_assessment_page_shows_when_it_is_overdue(client, clock, referral, worker):
    assessment = _started(referral, worker)
    clock.now = london(2026, 7, 8, 9)
    client.force_login(worker)

    page = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()

    assert "7 July 2026" in page
    assert "Overdue" in page
    assert "Record the assessment" in page


def test_an_authorised_assessment_offers_no_changes(client, clock, referral, worker, manager):
    assessment = _submitted(referral, worker)
    authorise_assessment(assessment=assessment, by=manager)
    client.force_login(worker)

    page = client.get(reverse("assessments:detail", args=[assessment.pk])).content.decode()
    posted = client.post(
        reverse("assessments:edit", args=[assessment.pk]), {**_key(), "child_views": "Changed"}
    )

    assert "Authorised in time" in page
    assert "Record the assessment" not in page
    assert posted.status_code == 302
    assessment.refresh_from_db()
    assert assessment.child_views == COMPLETE.child_views


def test_a_team_manager_sees_only_their_teams_assessments_to_authorise(
    client, clock, referral, worker, manager
):
    team = TeamFactory(name="Child protection 5", kind=Team.Kind.CHILD_PROTECTION)
    cp_worker = UserFactory(role=Role.SOCIAL_WORKER, team=team)
    theirs = refer(
        PersonFactory(first_name="Zara", last_name="Khan"),
        on=date(2026, 5, 1),
        team=team,
        worker=cp_worker,
    )
    _submitted(referral, worker)
    _submitted(theirs, cp_worker)

    client.force_login(manager)
    mine = client.get(reverse("assessments:awaiting")).content.decode()
    client.force_login(UserFactory(role=Role.HEAD_OF_SERVICE))
    every = client.get(reverse("assessments:awaiting")).content.decode()

    assert ("Review Amara Okafor" in mine, "Review Zara Khan" in mine) == (True, False)
    assert ("Review Amara Okafor" in every, "Review Zara Khan" in every) == (True, True)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _family(team, worker, size: int) -> list:
    household = HouseholdFactory()
    return [
        refer(PersonFactory(household=household), on=date(2026, 5, 1), team=team, worker=worker)
        for _ in range(size)
    ]


def test_the_assessment_pages_run_the_same_queries_however_much_is_recorded(
    client, clock, assessment_team, worker, manager
):
    [small] = _family(assessment_team, worker, 1)
    one = _started(small, worker)
    update_assessment(assessment=one, details=replace(COMPLETE, factors=["3B"]), by=worker)

    lead, *siblings = _family(assessment_team, worker, 10)
    many = start_assessment(
        referral=lead, siblings=siblings, started_on=date(2026, 5, 1), worker=worker, by=worker
    )
    factors = ["1B", "2B", "3A", "3B", "4A", "4B", "5A", "6A", "7A", "16A"]
    update_assessment(assessment=many, details=replace(COMPLETE, factors=factors), by=worker)
    client.force_login(worker)

    for name in ("assessments:detail", "assessments:edit", "assessments:submit"):
        assert _queries(client, reverse(name, args=[one.pk])) == _queries(
            client, reverse(name, args=[many.pk])
        ), name

    for assessment in (one, many):
        submit_assessment(assessment=assessment, by=worker)
    client.force_login(manager)
    for name in ("assessments:detail", "assessments:review"):
        assert _queries(client, reverse(name, args=[one.pk])) == _queries(
            client, reverse(name, args=[many.pk])
        ), name


def test_the_managers_list_runs_the_same_queries_at_any_length(
    client, clock, assessment_team, worker, manager
):
    client.force_login(manager)
    url = reverse("assessments:awaiting")
    [first] = _family(assessment_team, worker, 1)
    _submitted(first, worker)
    one = _queries(client, url)

    for referral in _family(assessment_team, worker, 9):
        _submitted(referral, worker)
    ten = _queries(client, url)

    assert one == ten
    assert "10 assessments waiting" in client.get(url).content.decode()
