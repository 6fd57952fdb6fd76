"""Children in need plan and visit pages: who may open each one, bad input next to its field,
double submits, and the same number of queries on a plan's page at any size."""

import uuid
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.permissions import RULES, Action
from opencsc.permissions.actions import Rule
from opencsc.plans import services
from opencsc.plans.models import CINPlan, Visit
from opencsc.plans.services import PlannedAction
from tests.factories import PartnerAgencyUserFactory, UserFactory
from tests.protection.fixtures import cin_plan, visit_details

USERS = ["worker", "manager", "other_team", "head_of_service", "quality", "partner"]


@pytest.fixture
def site(referral, worker, manager, other_worker, head_of_service):
    """A child on a child in need plan with one visit, and one user of each kind."""
    started = cin_plan(referral, worker, date(2026, 11, 2))
    visit = services.record_visit(referral=referral, **visit_details(date(2026, 11, 20)), by=worker)
    return {
        "referral": referral,
        "plan": started,
        "visit": visit,
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
    referral, started = site["referral"].pk, site["plan"].pk
    return {
        "new": reverse("plans:new", args=[referral]),
        "detail": reverse("plans:detail", args=[started]),
        "review-new": reverse("plans:review-new", args=[started]),
        "end": reverse("plans:end", args=[started]),
        "visit-new": reverse("plans:visit-new", args=[referral]),
        "visit": reverse("plans:visit", args=[site["visit"].pk]),
    }


RECORD_PAGES = {"detail", "visit"}
EXPECTED = {
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


@pytest.mark.parametrize(
    ("user", "status"),
    [("manager", 200), ("worker", 200), ("head_of_service", 200), ("partner", 403)],
)
def test_overdue_visits_open_for_staff_who_hold_cases(client, site, user, status):
    client.force_login(site["users"][user])

    assert client.get(reverse("plans:overdue-visits")).status_code == status


def test_a_manager_sees_the_teams_overdue_visits_and_another_team_does_not(client, site):
    url = reverse("plans:overdue-visits")
    client.force_login(site["users"]["manager"])
    mine = client.get(url).content.decode()
    client.force_login(site["users"]["other_team"])
    theirs = client.get(url).content.decode()

    assert "Amara Okafor" in mine
    assert "Amara Okafor" not in theirs


def test_the_plan_form_shows_five_action_rows(client, site):
    client.force_login(site["users"]["worker"])

    html = client.get(_pages(site)["new"]).content.decode()

    assert [f'name="action_{row}"' in html for row in range(1, 7)] == [True] * 5 + [False]


def _plan_form(**changes):
    form = {
        "submission_key": str(uuid.uuid4()),
        "started_on_day": "1",
        "started_on_month": "3",
        "started_on_year": "2027",
        "outcomes": "Amara is safe and in school.",
        "child_views": "Wants help at home.",
        "contingency": "A strategy discussion if concerns grow.",
        "action_1": "Mum attends the Triple P parenting course weekly",
        "who_1": "Family support",
        "due_on_1_day": "1",
        "due_on_1_month": "5",
        "due_on_1_year": "2027",
    }
    form.update(changes)
    return form


def test_a_plan_without_a_contingency_or_actions_is_refused_next_to_the_fields(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(
        _pages(site)["new"],
        _plan_form(
            contingency="",
            action_1="",
            who_1="",
            due_on_1_day="",
            due_on_1_month="",
            due_on_1_year="",
        ),
    )

    errors = response.context["form"].errors
    assert errors["contingency"] == [
        "Enter the contingency plan: what happens if the plan does not work"
    ]
    assert errors["action_1"] == ["Add at least one action: what, who and by when"]
    assert CINPlan.objects.count() == 1


def test_a_second_open_plan_is_refused_next_to_the_start_date(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(_pages(site)["new"], _plan_form())

    assert response.context["form"].errors["started_on"] == [
        "Amara Okafor already has an open child in need plan from 2 November 2026: review it, "
        "or end it first"
    ]


def test_ending_a_plan_then_starting_one_from_the_form(client, site):
    client.force_login(site["users"]["worker"])
    end_form = {
        "submission_key": str(uuid.uuid4()),
        "ended_on_day": "27",
        "ended_on_month": "2",
        "ended_on_year": "2027",
        "reason": "Goals met",
    }

    ended = client.post(_pages(site)["end"], end_form)
    started = client.post(_pages(site)["new"], _plan_form())

    assert ended["Location"] == _pages(site)["detail"]
    new_plan = CINPlan.objects.get(ended_on=None)
    assert started["Location"] == reverse("plans:detail", args=[new_plan.pk])
    assert new_plan.started_on == date(2027, 3, 1)


def test_a_step_down_plan_ended_early_by_a_worker_shows_who_may(client, referral, site):
    started = site["plan"]
    CINPlan.objects.filter(pk=started.pk).update(keep_open_until=date(2027, 8, 1))
    client.force_login(site["users"]["worker"])

    response = client.post(
        _pages(site)["end"],
        {
            "submission_key": str(uuid.uuid4()),
            "ended_on_day": "27",
            "ended_on_month": "2",
            "ended_on_year": "2027",
            "reason": "Going well",
        },
    )

    assert response.context["form"].non_field_errors() == [
        "This plan stepped down from a child protection plan and stays open until 1 August 2027: "
        "only a head of service may end it earlier."
    ]
    assert CINPlan.objects.get().ended_on is None


def _visit_form(**changes):
    form = {
        "submission_key": str(uuid.uuid4()),
        "visited_on_day": "4",
        "visited_on_month": "12",
        "visited_on_year": "2026",
        "kind": "home",
        "child_seen": "yes",
        "seen_alone": "yes",
        "bedroom_seen": "yes",
        "purpose": "Statutory visit",
        "record": "Amara showed me her room.",
        "outcome": "No new concerns.",
    }
    form.update(changes)
    return form


@pytest.mark.parametrize(("who", "offered"), [("worker", True), ("quality", False)])
def test_record_a_visit_is_offered_only_to_who_may_record_visits(client, site, who, offered):
    client.force_login(site["users"][who])

    page = client.get(_pages(site)["detail"]).content.decode()

    assert (_pages(site)["visit-new"] in page) is offered


def test_record_a_visit_follows_its_own_permission(client, site, monkeypatch):
    monkeypatch.setitem(RULES, Action.RECORD_VISIT, Rule(grants=()))
    client.force_login(site["users"]["worker"])

    page = client.get(_pages(site)["detail"]).content.decode()

    assert _pages(site)["visit-new"] not in page
    assert reverse("plans:review-new", args=[site["plan"].pk]) in page


def test_a_visit_with_bad_input_is_refused_next_to_its_fields(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(
        _pages(site)["visit-new"],
        _visit_form(kind="school", child_seen="no", purpose=""),
    )

    errors = response.context["form"].errors
    assert errors["purpose"] == ["Enter the purpose of the visit"]
    response = client.post(_pages(site)["visit-new"], _visit_form(kind="school", child_seen="no"))
    assert response.context["form"].errors == {
        "seen_alone": ["The child cannot be seen alone without being seen"],
        "bedroom_seen": ["The child's bedroom is recorded on home visits only"],
    }
    response = client.post(_pages(site)["visit-new"], _visit_form(seen_alone="no"))
    assert response.context["form"].errors == {
        "not_seen_alone_reason": ["Enter why the child was not seen alone"]
    }
    assert 'href="#id_not_seen_alone_reason"' in response.content.decode()
    assert Visit.objects.count() == 1


def test_a_visit_not_seen_alone_is_saved_with_its_reason_and_shown(client, site):
    client.force_login(site["users"]["worker"])

    response = client.post(
        _pages(site)["visit-new"],
        _visit_form(seen_alone="no", not_seen_alone_reason="Her father stayed in the room."),
    )

    visit = Visit.objects.get(seen_alone=False)
    assert visit.not_seen_alone_reason == "Her father stayed in the room."
    assert response.status_code == 302
    page = client.get(reverse("plans:visit", args=[visit.pk])).content.decode()
    assert "No: Her father stayed in the room." in page


def test_the_same_visit_form_sent_twice_saves_one_visit(client, site):
    client.force_login(site["users"]["worker"])
    form = _visit_form()

    first = client.post(_pages(site)["visit-new"], form)
    second = client.post(_pages(site)["visit-new"], form)

    assert Visit.objects.count() == 2
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_review_from_the_form_updates_the_actions(client, site):
    client.force_login(site["users"]["worker"])
    action = site["plan"].actions.get()

    response = client.post(
        _pages(site)["review-new"],
        {
            "submission_key": str(uuid.uuid4()),
            "held_on_day": "1",
            "held_on_month": "2",
            "held_on_year": "2027",
            "progress": "Better.",
            f"status_{action.pk}": "done",
        },
    )

    assert response["Location"] == _pages(site)["detail"]
    action.refresh_from_db()
    assert action.status == "done"


def _grow(site, times, review_on):
    worker = site["users"]["worker"]
    started = site["plan"]
    for day in range(times):
        services.record_visit(
            referral=site["referral"], **visit_details(date(2026, 12, 1 + day)), by=worker
        )
    services.review_cin_plan(
        plan=started,
        held_on=review_on,
        progress="Steady.",
        child_views="",
        action_statuses={},
        new_actions=[
            PlannedAction("Another weekly check on the school run", "Worker", date(2027, 7, 1))
        ]
        * times,
        next_review_on=None,
        by=worker,
    )


def test_a_plans_page_runs_the_same_queries_however_much_it_holds(client, site):
    client.force_login(site["users"]["worker"])
    url = _pages(site)["detail"]
    client.get(url)
    _grow(site, 1, date(2027, 1, 4))
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(site, 14, date(2027, 1, 5))

    with CaptureQueriesContext(connection) as large:
        response = client.get(url)

    assert len(large) == len(small)
    assert response.context["page"].visit_count == 16
    assert len(response.context["page"].visits) == 10
