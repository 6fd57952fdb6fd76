"""The one review page pattern (opencsc.core.reviews), on the assessment and transfer pages:
authorise, return only with a comment (the error next to the field), a double submit saves once,
and a late second reviewer is told who reviewed first and changes nothing."""

import uuid
from datetime import date

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role, User
from opencsc.casework.models import Allocation, TeamTransfer
from opencsc.casework.services import allocate_referral, request_transfer
from opencsc.chronology.models import ChronologyEntry
from tests.casework.factories import AssessmentFactory
from tests.casework.helpers import accept_data
from tests.factories import UserFactory


@pytest.fixture
def held(referral, manager, worker, assessment_team):
    allocate_referral(
        referral=referral,
        team=assessment_team,
        worker=worker,
        direction="See Amara at home first.",
        actions=[("Visit Amara at home", worker, date(2026, 6, 3))],
        replacing=None,
        by=manager,
    )
    return referral


def _assessment(held, worker, manager, second_manager, cp_team, cp_manager):
    assessment = AssessmentFactory(
        referral=held,
        worker=worker,
        proposed=True,
        outcome="cin_plan",
        outcome_reason="Needs a plan.",
        started_on=date(2026, 5, 4),
    )
    late = "This assessment has already been authorised by Mo Ahmed on 1 June 2026"
    url = reverse("assessments:review", args=[assessment.pk])
    return url, assessment, manager, second_manager, late


def _transfer(held, worker, manager, second_manager, cp_team, cp_manager):
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)
    other = UserFactory(role=Role.TEAM_MANAGER, team=cp_team, first_name="Bo", last_name="Kaye")
    late = "This transfer was already accepted by Cy Park on 1 June 2026."
    return reverse("casework:transfer", args=[transfer.pk]), transfer, cp_manager, other, late


PAGES = {"assessment": _assessment, "transfer": _transfer}


@pytest.fixture(params=sorted(PAGES))
def page(request, held, worker, manager, second_manager, cp_team, cp_manager):
    """The review page's address, the approval waiting on it, its reviewer, a second reviewer and
    what the page tells the second after the first."""
    return PAGES[request.param](held, worker, manager, second_manager, cp_team, cp_manager)


def _post(client, url, **data):
    return client.post(url, {"submission_key": str(uuid.uuid4()), **data})


def _authorising(approval, reviewer) -> dict[str, str]:
    """What authorising takes on the page: a transfer is accepted with direction."""
    if isinstance(approval, TeamTransfer):
        return accept_data(approval, by=reviewer)
    return {"decision": "authorise"}


def test_the_reviewer_authorises_it(client, page):
    url, approval, reviewer, *_ = page
    client.force_login(reviewer)

    response = _post(client, url, **_authorising(approval, reviewer))

    approval.refresh_from_db()
    assert response.status_code == 302
    assert (approval.status, approval.reviewed_by) == ("authorised", reviewer)


def test_returning_needs_a_comment_shown_next_to_the_field(client, page):
    url, approval, reviewer, *_ = page
    client.force_login(reviewer)

    response = _post(client, url, decision="return", comment="  ")

    html = response.content.decode()
    approval.refresh_from_db()
    assert response.status_code == 200
    assert 'id="id_comment-error"' in html
    assert 'href="#id_comment"' in html  # the error summary links to the field
    assert approval.status == "proposed"


def test_returning_with_a_comment_keeps_it(client, page):
    url, approval, reviewer, *_ = page
    client.force_login(reviewer)

    response = _post(client, url, decision="return", comment="Speak to the school first")

    approval.refresh_from_db()
    assert response.status_code == 302
    assert (approval.status, approval.reviewed_by, approval.manager_comment) == (
        "returned",
        reviewer,
        "Speak to the school first",
    )


def test_a_double_submit_reviews_once(client, page):
    url, approval, reviewer, *_ = page
    client.force_login(reviewer)
    data = {"submission_key": str(uuid.uuid4()), **_authorising(approval, reviewer)}

    first = client.post(url, data)
    entries = ChronologyEntry.objects.count()
    again = client.post(url, data)

    approval.refresh_from_db()
    assert (first.status_code, again.status_code) == (302, 302)
    assert again["Location"] == first["Location"]
    assert (approval.status, ChronologyEntry.objects.count()) == ("authorised", entries)


def test_a_late_second_reviewer_is_told_who_reviewed_first_and_nothing_changes(client, page):
    url, approval, reviewer, second, late = page
    client.force_login(reviewer)
    _post(client, url, **_authorising(approval, reviewer))
    client.force_login(second)

    response = _post(client, url, decision="return", comment="Not yet")

    approval.refresh_from_db()
    assert response.status_code == 200
    assert late in response.content.decode()
    assert (approval.status, approval.reviewed_by, approval.manager_comment) == (
        "authorised",
        reviewer,
        "",
    )


def test_the_transfer_page_still_allocates_the_chosen_worker(client, held, worker, cp_team):
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)
    cp_manager = UserFactory(role=Role.TEAM_MANAGER, team=cp_team)
    cp_worker = UserFactory(role=Role.SOCIAL_WORKER, team=cp_team)
    client.force_login(cp_manager)

    _post(
        client,
        reverse("casework:transfer", args=[transfer.pk]),
        **accept_data(transfer, by=cp_manager),
        worker=cp_worker.pk,
        comment="",
    )

    allocation = Allocation.objects.get(child=held.child, ended_on=None)
    assert (allocation.team, allocation.worker) == (cp_team, User.objects.get(pk=cp_worker.pk))
