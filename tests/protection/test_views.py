"""Child protection pages: who may open each one, bad input shown next to its field, double
submits, and the same number of queries on a plan's page at any size."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.plans import services as plans
from opencsc.protection import services
from opencsc.protection.models import StrategyDiscussion
from tests.factories import PartnerAgencyUserFactory, UserFactory
from tests.protection.fixtures import conclude, end_plan, enquiry, plan, visit_details

USERS = ["worker", "manager", "other_team", "head_of_service", "quality", "partner"]


@pytest.fixture
def site(referral, worker, manager, other_worker, head_of_service):
    """A child on a plan (from an enquiry concluded by its conference), a second enquiry still
    open, and one user of each kind."""
    made = plan(referral, worker, conference_on=date(2026, 12, 17))
    open_enquiry = enquiry(referral, worker, date(2027, 2, 1))
    return {
        "referral": referral,
        "plan": made,
        "enquiry": open_enquiry,
        "discussion": open_enquiry.strategy_discussion,
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
        "strategy-new": reverse("protection:strategy-new", args=[site["referral"].pk]),
        "strategy": reverse("protection:strategy", args=[site["discussion"].pk]),
        "enquiry": reverse("protection:enquiry", args=[site["enquiry"].pk]),
        "enquiry-complete": reverse("protection:enquiry-complete", args=[site["enquiry"].pk]),
        "conference-new": reverse("protection:conference-new", args=[site["enquiry"].pk]),
        "plan": reverse("protection:plan", args=[site["plan"].pk]),
        "review-new": reverse("protection:review-new", args=[site["plan"].pk]),
        "core-group-new": reverse("protection:core-group-new", args=[site["plan"].pk]),
        "plan-write": reverse("protection:plan-write", args=[site["plan"].pk]),
    }


RECORD_PAGES = {"strategy", "enquiry", "plan"}
EXPECTED = {
    # The holding team and heads of service work the case; readers read; others see nothing.
    "worker": lambda page: 200,
    "manager": lambda page: 200,
    "head_of_service": lambda page: 200,
    "quality": lambda page: 200 if page in RECORD_PAGES else 403,
    "other_team": lambda page: 404,
    "partner": lambda page: 404,
}


@pytest.mark.parametrize("user", USERS)
def test_each_page_opens_only_for_those_who_may_see_or_work_the_case(client, site, user):
    client.force_login(site["users"][user])

    statuses = {name: client.get(url).status_code for name, url in _pages(site).items()}

    assert statuses == {name: EXPECTED[user](name) for name in _pages(site)}


def test_the_strategy_form_shows_six_attendee_rows(client, site):
    client.force_login(site["users"]["worker"])

    response = client.get(_pages(site)["strategy-new"])

    html = response.content.decode()
    assert [f'name="name_{row}"' in html for row in range(1, 8)] == [True] * 6 + [False]


def _strategy_form(**changes):
    form = {
        "submission_key": str(uuid.uuid4()),
        "kind": "meeting",
        "held_on_day": "15",
        "held_on_month": "2",
        "held_on_year": "2027",
        "held_time": "14:30",
        "agency_1": "police",
        "name_1": "DC Sam Hart",
        "role_1": "Detective constable",
        "agency_2": "health",
        "name_2": "Dr Lee",
        "role_2": "Paediatrician",
        "information_shared": "Bruising seen at school.",
        "harm_alleged": "no",
        "start_section_47": "no",
        "decision_reason": "The bruising has an explanation that fits.",
    }
    form.update(changes)
    return form


def test_a_strategy_discussion_is_saved_from_the_form(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["strategy-new"], _strategy_form())

    saved = StrategyDiscussion.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("protection:strategy", args=[saved.pk])
    assert (saved.kind, saved.held_at.hour, saved.attendees.count()) == ("meeting", 14, 2)


def test_a_discussion_without_the_police_is_refused_next_to_the_first_attendee(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["strategy-new"], _strategy_form(agency_1="social_care"))

    assert response.status_code == 200
    assert response.context["form"].errors["agency_1"] == [
        "The police must take part in a strategy discussion: add the officer"
    ]
    assert 'href="#id_agency_1"' in response.content.decode()
    assert StrategyDiscussion.objects.count() == 2


def test_harm_alleged_without_a_medical_decision_is_refused_next_to_each_field(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["strategy-new"], _strategy_form(harm_alleged="yes"))

    errors = response.context["form"].errors
    assert set(errors) == {"medical_considered", "medical_decision", "medical_reason"}
    assert "govuk-error-summary" in response.content.decode()


def test_a_half_filled_attendee_row_is_refused_next_to_the_missing_parts(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["strategy-new"], _strategy_form(name_3="Ms Bell"))

    errors = response.context["form"].errors
    assert errors["agency_3"] == ["Select the agency of person 3"]
    assert errors["role_3"] == ["Enter the role of person 3"]


def test_a_discussion_in_the_future_is_refused_next_to_the_date(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(
        _pages(site)["strategy-new"], _strategy_form(held_on_day="2", held_on_month="6")
    )

    assert response.context["form"].errors["held_on"] == ["Date held must be today or in the past"]


def test_the_same_strategy_form_sent_twice_saves_one_discussion(client, site):
    client.force_login(site["users"]["worker"])
    form = _strategy_form()

    first = client.post(_pages(site)["strategy-new"], form)
    second = client.post(_pages(site)["strategy-new"], form)

    assert StrategyDiscussion.objects.count() == 3
    assert second.status_code == 302
    assert second["Location"] == first["Location"]


# What every conference form records about who took part (tests/protection/test_plan_pages.py).
CONFERENCE_RECORD = {
    "attendee_agency_1": "police",
    "attendee_name_1": "DC Sam Hart",
    "attendee_role_1": "Detective constable",
    "attendee_attended_1": "yes",
    "parents_participation": "attended",
    "child_participation": "views_another_way",
}


def test_a_conference_on_a_sunday_is_refused_next_to_its_date(client, site):
    client.force_login(site["users"]["worker"])
    conclude(
        site["enquiry"],
        site["users"]["worker"],
        site["users"]["manager"],
        outcome="no_conference",
        on=date(2027, 2, 5),
        reason="Safety plan",
    )
    second = enquiry(site["referral"], site["users"]["worker"], date(2027, 3, 1))

    response = client.post(
        reverse("protection:conference-new", args=[second.pk]),
        CONFERENCE_RECORD
        | {
            "submission_key": str(uuid.uuid4()),
            "held_on_day": "7",
            "held_on_month": "3",
            "held_on_year": "2027",
            "chair": "Jo Chair",
            "outcome": "no_plan",
            "summary": "Risks managed.",
        },
    )

    assert response.context["form"].errors["held_on"] == [
        "A child protection conference cannot be held on a Saturday or Sunday"
    ]


def test_completing_an_enquiry_from_the_form_then_holding_no_conference(client, site):
    client.force_login(site["users"]["worker"])
    url = _pages(site)["enquiry-complete"]

    bad = client.post(url, {"submission_key": str(uuid.uuid4()), "outcome": "conference"})
    done = client.post(
        url,
        {
            "submission_key": str(uuid.uuid4()),
            "completed_on_day": "5",
            "completed_on_month": "2",
            "completed_on_year": "2027",
            "outcome": "no_conference",
            "reason": "Safety plan agreed.",
        },
    )

    assert bad.context["form"].errors == {
        "completed_on": ["Enter the date the enquiry completed"],
        "reason": ["Enter the reasons for the outcome"],
    }
    assert done["Location"] == _pages(site)["enquiry"]
    site["enquiry"].refresh_from_db()
    # Waiting for a manager: the enquiry stays open (issue 13).
    assert (site["enquiry"].completed_on, site["enquiry"].outcome) == (None, "")
    assert services.waiting_decision(enquiry=site["enquiry"]).enquiry_outcome == "no_conference"


def test_a_review_ending_in_a_step_down_starts_the_cin_plan_from_the_form(client, site):
    client.force_login(site["users"]["worker"])
    url = _pages(site)["review-new"]
    form = CONFERENCE_RECORD | {
        "submission_key": str(uuid.uuid4()),
        "held_on_day": "17",
        "held_on_month": "3",
        "held_on_year": "2027",
        "chair": "Jo Chair",
        "outcome": "end",
        "end_reason": "stepped_down",
        "summary": "Risks reduced.",
    }

    missing = client.post(url, form)
    form |= {
        "step_down_outcomes": "Safe at home.",
        "step_down_child_views": "Glad.",
        "step_down_contingency": "Strategy discussion if bruising returns.",
        "step_down_action_1": "Family support worker visits twice weekly after school",
        "step_down_who_1": "Family support worker",
        "step_down_due_on_1_day": "30",
        "step_down_due_on_1_month": "4",
        "step_down_due_on_1_year": "2027",
    }
    saved = client.post(url, form)

    assert set(missing.context["form"].errors) == {
        "step_down_outcomes",
        "step_down_child_views",
        "step_down_contingency",
        "step_down_action_1",
    }
    assert saved["Location"] == _pages(site)["plan"]
    step_down = site["plan"].step_down_plans.get()
    assert step_down.started_on == date(2027, 3, 18)


def _grow(site, times, review_on):
    worker = site["users"]["worker"]
    made = site["plan"]
    for week in range(times):
        day = date(2027, 1, 4 + week)
        services.record_core_group(
            plan=made, held_on=day, attendees="Core group", progress="Steady", by=worker
        )
        plans.record_visit(referral=site["referral"], **visit_details(day), by=worker)
    services.hold_review_conference(
        plan=made,
        held_on=review_on,
        chair="Jo Chair",
        outcome="continue",
        category="NEG",
        summary="Continues",
        by=worker,
    )


def test_a_plans_page_runs_the_same_queries_however_much_it_holds(client, site):
    client.force_login(site["users"]["worker"])
    url = _pages(site)["plan"]
    client.get(url)
    _grow(site, 1, date(2027, 2, 1))
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(site, 12, date(2027, 2, 2))

    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert len(large) == len(small)
    assert "The latest 10 of 13 visits" in response.content.decode()
    assert response.context["page"].visit_count == 13


def test_recording_who_saw_the_child_from_the_enquiry_page(client, site):
    client.force_login(site["users"]["worker"])
    url = _pages(site)["enquiry"]

    response = client.post(
        url,
        {
            "submission_key": str(uuid.uuid4()),
            "seen_by": site["users"]["manager"].pk,
            "seen_on_day": "2",
            "seen_on_month": "2",
            "seen_on_year": "2027",
        },
    )

    assert response["Location"] == url
    site["enquiry"].refresh_from_db()
    assert (site["enquiry"].seen_by, site["enquiry"].seen_on) == (
        site["users"]["manager"],
        date(2027, 2, 2),
    )


def test_a_reader_cannot_post_to_the_enquiry_page(client, site):
    client.force_login(site["users"]["quality"])

    response = client.post(_pages(site)["enquiry"], {"submission_key": str(uuid.uuid4())})

    assert response.status_code == 403


def test_an_ended_plan_sends_its_review_and_core_group_pages_back_to_the_plan(client, site):
    end_plan(site["plan"], site["users"]["worker"], date(2027, 3, 17))
    client.force_login(site["users"]["worker"])

    for name in ("review-new", "core-group-new"):
        response = client.get(_pages(site)[name])
        assert (response.status_code, response["Location"]) == (302, _pages(site)["plan"])


def test_an_enquiry_with_its_conference_sends_the_conference_page_back(client, site):
    client.force_login(site["users"]["worker"])
    first = site["plan"].conferences.get().enquiry

    response = client.get(reverse("protection:conference-new", args=[first.pk]))

    assert response["Location"] == reverse("protection:enquiry", args=[first.pk])
