"""The pages of the managers' sign-off (issue 13, part 4): who may open and answer a protective
decision, the list waiting for a manager, a late second manager told why (never a 500), and the
worker's proposal to end a plan outside a review conference."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.protection import services
from opencsc.protection.models import ProtectionPlan, ProtectiveDecision
from tests.factories import (
    AllocationFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)
from tests.protection.fixtures import enquiry, plan

USERS = ["worker", "manager", "other_team", "head_of_service", "quality", "partner"]


@pytest.fixture
def site(referral, worker, manager, other_worker, head_of_service):
    """A child on a plan, and a section 47 outcome of "not substantiated" waiting for a manager
    on a later enquiry."""
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    started = enquiry(referral, worker, date(2027, 2, 1))
    services.complete_enquiry(
        enquiry=started,
        completed_on=date(2027, 2, 5),
        outcome="not_substantiated",
        reason="The injury was accidental.",
        by=worker,
    )
    return {
        "plan": made,
        "enquiry": started,
        "decision": services.waiting_decision(enquiry=started),
        "users": {
            "worker": worker,
            "manager": manager,
            "other_team": other_worker,
            "head_of_service": head_of_service,
            "quality": UserFactory(role=Role.QUALITY_ASSURANCE),
            "partner": PartnerAgencyUserFactory(),
        },
    }


def _pages(site):
    return {
        "decision": reverse("protection:decision", args=[site["decision"].pk]),
        "decisions": reverse("protection:decisions"),
        "plan-end": reverse("protection:plan-end", args=[site["plan"].pk]),
    }


EXPECTED = {
    "worker": {"decision": 200, "decisions": 403, "plan-end": 200},
    "manager": {"decision": 200, "decisions": 200, "plan-end": 200},
    "head_of_service": {"decision": 200, "decisions": 200, "plan-end": 200},
    "quality": {"decision": 200, "decisions": 403, "plan-end": 403},
    "other_team": {"decision": 404, "decisions": 403, "plan-end": 404},
    "partner": {"decision": 404, "decisions": 403, "plan-end": 404},
}


@pytest.mark.parametrize("user", USERS)
def test_each_page_opens_only_for_those_who_may_see_or_work_the_case(client, site, user):
    client.force_login(site["users"][user])

    statuses = {name: client.get(url).status_code for name, url in _pages(site).items()}

    assert statuses == EXPECTED[user]


def _review(decision="authorise", comment=""):
    return {"submission_key": str(uuid.uuid4()), "decision": decision, "comment": comment}


def test_the_manager_sees_the_review_and_the_worker_does_not(client, site):
    url = _pages(site)["decision"]
    client.force_login(site["users"]["worker"])
    as_worker = client.get(url).content.decode()
    client.force_login(site["users"]["manager"])
    as_manager = client.get(url).content.decode()

    assert ("Authorise the decision" in as_worker, "Authorise the decision" in as_manager) == (
        False,
        True,
    )
    assert "Waiting for a manager" in as_worker


def test_a_worker_cannot_post_a_review(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["decision"], _review())

    assert response.status_code == 403
    assert ProtectiveDecision.objects.get().status == "proposed"


def test_the_manager_authorises_from_the_page(client, site):
    client.force_login(site["users"]["manager"])

    response = client.post(_pages(site)["decision"], _review(comment="Agreed."))

    assert response.status_code == 302
    assert response["Location"] == _pages(site)["decision"]
    site["enquiry"].refresh_from_db()
    assert (site["enquiry"].outcome, site["enquiry"].completed_on) == (
        "not_substantiated",
        date(2027, 2, 5),
    )


def test_a_late_second_manager_is_told_who_answered_it_not_a_500(client, site, head_of_service):
    client.force_login(site["users"]["manager"])
    page = _pages(site)["decision"]
    client.get(page)  # both managers opened the review before either sent it
    services.authorise_protective_decision(decision=site["decision"], by=head_of_service)

    response = client.post(page, _review(), follow=True)

    assert response.status_code == 200
    assert "This decision has already been authorised by Ada Grey." in response.content.decode()
    assert ProtectiveDecision.objects.get().reviewed_by == head_of_service


def test_a_return_without_a_comment_is_refused_next_to_the_comment(client, site):
    client.force_login(site["users"]["manager"])

    response = client.post(_pages(site)["decision"], _review(decision="return"))

    assert response.status_code == 200
    assert response.context["form"].errors["comment"] == ["Enter what the worker must do next"]


def test_the_proposer_manager_is_told_another_manager_must_authorise(client, site, manager):
    held = services.record_strategy_discussion(
        referral=site["enquiry"].referral,
        details=services.StrategyDetails(
            held_at=site["enquiry"].strategy_discussion.held_at,
            kind="discussion",
            information_shared="Nothing new.",
            harm_alleged=False,
            start_section_47=False,
            decision_reason="No reasonable cause to suspect significant harm.",
        ),
        attendees=[services.Attendee("police", "DC Hart", "Detective constable")],
        by=manager,
    )
    client.force_login(manager)
    url = reverse("protection:decision", args=[services.waiting_decision(discussion=held).pk])

    response = client.post(url, _review())

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "You proposed this decision: another manager must authorise it."
    ]


def test_the_enquiry_page_shows_the_outcome_waiting_and_offers_no_second_outcome(client, site):
    client.force_login(site["users"]["worker"])

    html = client.get(reverse("protection:enquiry", args=[site["enquiry"].pk])).content.decode()

    assert "Waiting for a manager" in html
    assert "Complete the enquiry" not in html
    assert "Record the initial conference" not in html


def test_the_list_shows_the_waiting_decision_with_a_link(client, site):
    client.force_login(site["users"]["manager"])

    html = client.get(_pages(site)["decisions"]).content.decode()

    assert "1 decision waiting" in html
    assert _pages(site)["decision"] in html
    assert "Concerns not substantiated" in html


def _more_waiting(worker, team, n):
    for _ in range(n):
        child = PersonFactory()
        referral = ReferralFactory(child=child, referred_on=date(2025, 6, 2))
        AllocationFactory(child=child, team=team, worker=worker, referral=referral)
        services.complete_enquiry(
            enquiry=enquiry(referral, worker, date(2027, 2, 1)),
            completed_on=date(2027, 2, 5),
            outcome="no_conference",
            reason="Safety plan agreed.",
            by=worker,
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_list_runs_the_same_queries_at_any_size(client, site, cp_team):
    client.force_login(site["users"]["manager"])
    small = _queries(client, _pages(site)["decisions"])
    _more_waiting(site["users"]["worker"], cp_team, 4)

    large = _queries(client, _pages(site)["decisions"])

    assert small == large


def _plan_end_form(**changes):
    form = {
        "submission_key": str(uuid.uuid4()),
        "ended_on_day": "3",
        "ended_on_month": "2",
        "ended_on_year": "2027",
        "end_reason": "looked_after",
        "reason": "Interim care order; placed with foster carers.",
    }
    form.update(changes)
    return form


def test_a_worker_proposes_ending_the_plan_and_it_waits(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["plan-end"], _plan_end_form())

    waiting = ProtectiveDecision.objects.get(decision_kind="plan_end")
    assert response.status_code == 302
    assert response["Location"] == reverse("protection:decision", args=[waiting.pk])
    assert ProtectionPlan.objects.get(pk=site["plan"].pk).ended_on is None


def test_a_plan_ending_for_no_longer_at_risk_is_not_offered(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["plan-end"], _plan_end_form(end_reason="no_longer_at_risk"))

    assert response.status_code == 200
    assert "end_reason" in response.context["form"].errors
    assert ProtectiveDecision.objects.filter(decision_kind="plan_end").exists() is False
