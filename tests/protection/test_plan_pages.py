"""The pages that write a child protection plan's content and record its meetings: refused next
to the field, saved from the form, shown on the plan page and the child's record, and the same
number of queries for a plan of 2 actions or 40."""

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.protection import services
from opencsc.protection.models import Conference, ProtectionPlanAction
from tests.protection import test_views
from tests.protection.test_views import CONFERENCE_RECORD, _pages

site = test_views.site  # the same child on a plan, and one user of each kind

PLAN_FORM = {
    "outcomes": "Amara is safe from physical harm at home and goes to school every day.",
    "what_must_change": "Dad stops using physical punishment; mum protects Amara.",
    "contingency": "If a new injury is seen, a strategy discussion is held that working day.",
    "child_views": "Amara wants dad to stop shouting.",
    "parents_views": "Mum agrees; dad disagrees that he hits Amara.",
    "action_1": "Dad attends the Caring Dads programme every Thursday",
    "who_1": "Caring Dads facilitator",
    "due_on_1_day": "1",
    "due_on_1_month": "3",
    "due_on_1_year": "2027",
    "member_name_1": "Kim Lee",
    "member_agency_1": "education",
    "member_role_1": "Designated safeguarding lead",
}


def _plan_form(site, **changes):
    worker = site["users"]["worker"]
    return (
        PLAN_FORM | {"submission_key": str(uuid.uuid4()), "lead_social_worker": worker.pk} | changes
    )


def test_a_plan_is_written_from_its_page_and_shown_on_the_plan_and_the_record(client, site):
    client.force_login(site["users"]["worker"])

    saved = client.post(_pages(site)["plan-write"], _plan_form(site))
    page = client.get(_pages(site)["plan"]).content.decode()
    record = client.get(reverse("record:work", args=[site["plan"].child_id])).content.decode()

    assert saved["Location"] == _pages(site)["plan"]
    assert "Dad attends the Caring Dads programme every Thursday" in page
    assert "Kim Lee, Designated safeguarding lead (Education)" in page
    assert "Outcomes: Amara is safe from physical harm" in record


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"action_1": "Monitor"}, "action_1", "standard phrase"),
        ({"action_1": "Support"}, "action_1", "standard phrase"),
        ({"contingency": "Re-refer"}, "contingency", "standard phrase"),
        ({"contingency": "Strategy"}, "contingency", "too short"),
        ({"who_1": ""}, "who_1", "choose a partner agency, or name a person or role"),
        ({"outcomes": ""}, "outcomes", "Enter the outcomes"),
    ],
)
def test_a_vague_or_missing_part_is_refused_next_to_its_field(client, site, changes, field, words):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["plan-write"], _plan_form(site, **changes))

    assert words in response.context["form"].errors[field][0]
    assert 'href="#id_' + field in response.content.decode()
    assert not ProtectionPlanAction.objects.exists()


def test_an_existing_action_cannot_be_cleared_from_the_plan(client, site):
    client.force_login(site["users"]["worker"])
    client.post(_pages(site)["plan-write"], _plan_form(site))

    response = client.post(
        _pages(site)["plan-write"],
        _plan_form(
            site, action_1="", who_1="", due_on_1_day="", due_on_1_month="", due_on_1_year=""
        ),
    )

    assert "stays on the plan" in response.context["form"].errors["action_1"][0]


def test_a_core_group_records_attendance_and_progress_from_the_form(client, site):
    client.force_login(site["users"]["worker"])
    client.post(_pages(site)["plan-write"], _plan_form(site))
    action = ProtectionPlanAction.objects.get()
    member = site["plan"].core_group_members.get()
    form = {
        "submission_key": str(uuid.uuid4()),
        "held_on_day": "30",
        "held_on_month": "12",
        "held_on_year": "2026",
        "progress": "Two sessions attended.",
    }

    refused = client.post(_pages(site)["core-group-new"], form)
    saved = client.post(
        _pages(site)["core-group-new"],
        form
        | {
            "submission_key": str(uuid.uuid4()),
            f"present_{member.pk}": "yes",
            f"status_{action.pk}": "in_progress",
            f"note_{action.pk}": "Two of twelve sessions",
        },
    )
    review = client.get(_pages(site)["review-new"]).content.decode()

    assert {f"present_{member.pk}", f"status_{action.pk}"} <= set(refused.context["form"].errors)
    assert saved["Location"] == _pages(site)["plan"]
    assert "Two of twelve sessions" in review  # the review conference sees the progress


def test_a_conference_form_records_participation_reports_and_dissent(client, site):
    client.force_login(site["users"]["worker"])
    services.complete_enquiry(
        enquiry=site["enquiry"],
        completed_on=date(2027, 2, 5),
        outcome="conference",
        reason="Concerns substantiated",
        by=site["users"]["worker"],
    )
    form = {
        "submission_key": str(uuid.uuid4()),
        "held_on_day": "8",
        "held_on_month": "2",
        "held_on_year": "2027",
        "chair": "Jo Chair",
        "outcome": "no_plan",
        "summary": "Risks managed by the existing plan.",
    }

    refused = client.post(_pages(site)["conference-new"], form | {"report_agency_1": "health"})
    saved = client.post(
        _pages(site)["conference-new"],
        form
        | CONFERENCE_RECORD
        | {
            "report_agency_1": "education",
            "report_received_1": "yes",
            "report_shared_1": "no",
            "dissented_by": "Dr Bello (GP)",
            "dissent_reason": "Wanted a plan.",
        },
    )

    assert {
        "parents_participation",
        "child_participation",
        "attendee_agency_1",
        "report_received_1",
    } <= set(refused.context["form"].errors)
    assert saved.status_code == 302
    conference = Conference.objects.get(enquiry=site["enquiry"])
    assert conference.dissented_by == "Dr Bello (GP)"
    assert conference.reports.get().shared_with_parents is False


def _actions(site, count):
    worker = site["users"]["worker"]
    rows = [
        services.PlanActionRow(
            f"Dad attends Caring Dads session {n} at the family centre",
            "Caring Dads facilitator",
            date(2027, 3, 1) + timedelta(days=n),
        )
        for n in range(count)
    ]
    services.write_protection_plan(
        plan=site["plan"],
        content=services.PlanContent(
            **{k: PLAN_FORM[k] for k in ("outcomes", "what_must_change", "contingency")},
            child_views="Wants to stay at school.",
            parents_views="Agree.",
            lead_social_worker=worker,
        ),
        actions=[
            services.PlanActionRow(r.action, r.who, r.due_on, pk=a.pk)
            for r, a in zip(rows, site["plan"].actions.order_by("due_on", "pk"), strict=False)
        ]
        + rows[site["plan"].actions.count() :],
        members=[services.MemberRow(f"Member {n}", "health", "Nurse") for n in range(count // 2)],
        by=worker,
    )
    actions = list(site["plan"].actions.all())
    members = list(site["plan"].core_group_members.filter(left_on=None))
    services.record_core_group(
        plan=site["plan"],
        held_on=date(2027, 1, 4) + timedelta(days=count),
        attendees="",
        progress="Steady",
        by=worker,
        record=services.CoreGroupRecord(
            present={m.pk: True for m in members},
            progress={a.pk: services.Progress("in_progress", "Going well") for a in actions},
        ),
    )


@pytest.mark.parametrize("page", ["plan", "review-new", "core-group-new", "plan-write"])
def test_a_plan_of_40_actions_runs_the_same_queries_as_one_of_2(client, site, page):
    client.force_login(site["users"]["worker"])
    url = _pages(site)[page]
    _actions(site, 2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _actions(site, 40)

    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert len(large) == len(small)
    assert response.status_code == 200
    assert ProtectionPlanAction.objects.count() == 40
