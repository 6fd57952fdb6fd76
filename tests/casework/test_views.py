"""Casework pages: who may open each one, bad input next to its field, double submits, and the same
number of queries at any number of rows."""

import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.casework.models import Allocation, Closure, DirectionAction, TeamTransfer
from opencsc.casework.services import (
    STANDARD_ACTIONS,
    Resolution,
    allocate,
    allocate_referral,
    open_pathway_due_item,
    request_transfer,
)
from opencsc.record.closure import propose_closure
from opencsc.timescales import rules
from tests.casework.factories import (
    AssessmentFactory,
    CINPlanFactory,
    Section47EnquiryFactory,
    StrategyDiscussionFactory,
    VisitFactory,
)
from tests.casework.helpers import accept_data, handover_data
from tests.factories import (
    MashManagerFactory,
    MashPractitionerFactory,
    PartnerAgencyUserFactory,
    PersonFactory,
    ReferralFactory,
    UserFactory,
)


def _key() -> str:
    return str(uuid.uuid4())


def _date(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(day.day),
        f"{prefix}_month": str(day.month),
        f"{prefix}_year": str(day.year),
    }


@pytest.fixture
def users(worker, manager, cp_manager, cp_worker, head_of_service):
    return {
        "worker": worker,
        "manager": manager,
        "cp_manager": cp_manager,
        "cp_worker": cp_worker,
        "mash": MashPractitionerFactory(),
        "mash_manager": MashManagerFactory(),
        "head_of_service": head_of_service,
        "performance": UserFactory(role=Role.PERFORMANCE_ANALYST),
        "partner": PartnerAgencyUserFactory(),
        "admin": UserFactory(role=Role.ADMINISTRATOR),
    }


@pytest.fixture
def held(referral, manager, worker, assessment_team):
    """The referral allocated with direction to the assessment team and Nia Worker."""
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


@pytest.fixture
def site(held, referral, worker, cp_team):
    """The held episode, a transfer to the child protection team waiting, a closure proposed, and
    a second referral no team holds."""
    transfer = request_transfer(referral=held, to_team=cp_team, reason="CIN plan", by=worker)
    closure = propose_closure(
        referral=held,
        closed_on=date(2026, 6, 1),
        reason="RC7",
        summary="Needs met",
        open_items_note="",
        by=worker,
    )
    waiting = ReferralFactory(child=PersonFactory(), referred_on=date(2026, 5, 20))
    action = DirectionAction.objects.get(allocation__referral=held)
    return {
        "episode": held,
        "transfer": transfer,
        "closure": closure,
        "waiting": waiting,
        "action": action,
    }


def _url(site, page):
    args = {
        "record:episode": [site["episode"].pk],
        "casework:allocate": [site["waiting"].pk],
        "casework:transfer-new": [site["episode"].pk],
        "casework:transfer": [site["transfer"].pk],
        "record:close": [site["episode"].pk],
        "record:closure": [site["closure"].pk],
        "casework:action-done": [site["action"].pk],
        "casework:action-change": [site["action"].pk],
    }.get(page, [])
    return reverse(page, args=args)


MATRIX = {
    "record:episode": {
        "worker": 200,
        "manager": 200,
        "cp_manager": 200,
        "cp_worker": 404,
        "mash": 404,
        "head_of_service": 200,
        "performance": 200,
        "partner": 404,
        "admin": 404,
    },
    "casework:to-allocate": {
        "worker": 403,
        "manager": 200,
        "cp_manager": 200,
        "mash": 403,
        "mash_manager": 200,
        "head_of_service": 200,
        "performance": 403,
        "partner": 403,
        "admin": 403,
    },
    "casework:allocate": {
        "worker": 404,
        "manager": 200,
        "cp_manager": 200,
        "mash": 403,
        "head_of_service": 200,
        "performance": 403,
        "partner": 404,
        "admin": 404,
    },
    "casework:transfer-new": {
        "worker": 200,
        "manager": 200,
        "cp_manager": 403,
        "cp_worker": 404,
        "mash": 404,
        "head_of_service": 200,
        "performance": 403,
        "partner": 404,
    },
    "casework:transfers": {
        "worker": 403,
        "manager": 200,
        "cp_manager": 200,
        "head_of_service": 200,
        "performance": 403,
        "partner": 403,
    },
    "casework:transfer": {
        "worker": 200,
        "manager": 200,
        "cp_manager": 200,
        "cp_worker": 404,
        "mash": 404,
        "partner": 404,
    },
    "record:close": {
        "worker": 200,
        "manager": 200,
        "cp_manager": 403,
        "cp_worker": 404,
        "head_of_service": 200,
        "performance": 403,
        "partner": 404,
    },
    "record:closures": {
        "worker": 403,
        "manager": 200,
        "cp_manager": 200,
        "head_of_service": 200,
        "performance": 403,
        "partner": 403,
    },
    "record:closure": {
        "worker": 200,
        "manager": 200,
        "cp_manager": 200,
        "cp_worker": 404,
        "head_of_service": 200,
        "performance": 200,
        "partner": 404,
    },
    "casework:action-done": {
        "worker": 200,
        "manager": 200,
        "cp_manager": 200,
        "cp_worker": 404,
        "mash": 404,
        "head_of_service": 200,
        "performance": 200,
        "partner": 404,
        "admin": 404,
    },
    "casework:action-change": {
        "worker": 403,
        "manager": 200,
        "cp_manager": 403,
        "cp_worker": 404,
        "mash": 404,
        "head_of_service": 200,
        "performance": 403,
        "partner": 404,
        "admin": 404,
    },
}
CASES = [(page, role, status) for page, row in MATRIX.items() for role, status in row.items()]


@pytest.mark.parametrize(("page", "role", "status"), CASES)
def test_who_may_open_each_page(client, site, users, page, role, status):
    client.force_login(users[role])

    assert client.get(_url(site, page)).status_code == status


def test_only_the_receiving_manager_sees_the_answer_form(client, site, users):
    url = _url(site, "casework:transfer")
    client.force_login(users["manager"])
    from_team = client.get(url).content.decode()
    client.force_login(users["cp_manager"])
    to_team = client.get(url).content.decode()

    assert "Will your team take the case?" not in from_team
    assert "Will your team take the case?" in to_team
    client.force_login(users["manager"])
    assert client.post(url, {"submission_key": _key(), "decision": "authorise"}).status_code == 403


def test_only_a_manager_other_than_the_proposer_may_authorise_a_closure(client, site, users):
    url = _url(site, "record:closure")
    client.force_login(users["worker"])

    assert "Your decision" not in client.get(url).content.decode()
    assert client.post(url, {"submission_key": _key(), "decision": "authorise"}).status_code == 403


def test_allocating_from_the_page_saves_direction_and_actions(client, users, site, assessment_team):
    client.force_login(users["manager"])
    data = {
        "submission_key": _key(),
        "team": assessment_team.pk,
        "worker": users["worker"].pk,
        "direction": "Focus on the baby's weight and the home conditions.",
        "action_1": "Weigh the baby with the health visitor",
        "assignee_1": users["worker"].pk,
        **_date("due_on_1", date(2026, 6, 4)),
        "standard_actions": [STANDARD_ACTIONS[0], STANDARD_ACTIONS[2]],
        "standard_assignee": users["worker"].pk,
        **_date("standard_due_on", date(2026, 6, 10)),
    }

    response = client.post(_url(site, "casework:allocate"), data)

    assert response.status_code == 302
    allocation = Allocation.objects.get(referral=site["waiting"])
    assert list(allocation.actions.values_list("action", flat=True)) == [
        "Weigh the baby with the health visitor",
        STANDARD_ACTIONS[0],
        STANDARD_ACTIONS[2],
    ]


def test_a_case_allocated_while_the_form_was_open_is_refused_next_to_the_form(
    client, users, site, assessment_team
):
    """The form carries the allocation it was opened on; another manager allocated meanwhile, so
    nothing is saved, the page says who did, and the form shown again carries the new state."""
    client.force_login(users["manager"])
    url = _url(site, "casework:allocate")
    opened = client.get(url).content.decode()
    assert '<input type="hidden" name="replacing" id="id_replacing" value="">' in opened
    data = {
        "submission_key": _key(),
        "replacing": "",
        "team": assessment_team.pk,
        "worker": users["worker"].pk,
        "direction": "Focus on the baby's weight and the home conditions.",
        "action_1": "Weigh the baby with the health visitor",
        "assignee_1": users["worker"].pk,
        **_date("due_on_1", date(2026, 6, 4)),
    }
    other = allocate_referral(
        referral=site["waiting"],
        team=assessment_team,
        worker=None,
        direction="Another manager's direction.",
        actions=[("See the baby today", users["manager"], date(2026, 6, 2))],
        replacing=None,
        by=users["head_of_service"],
    )

    response = client.post(url, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert (
        f"This case was allocated to {assessment_team} by {users['head_of_service']} at 10:00 "
        "while you were deciding: nothing was saved."
    ) in page
    assert f'name="replacing" id="id_replacing" value="{other.pk}"' in page
    assert list(Allocation.objects.filter(child=site["waiting"].child)) == [other]

    data["submission_key"], data["replacing"] = _key(), str(other.pk)
    assert "See the baby today" in page  # the open action the manager now decides
    data.update(handover_data([site["waiting"].child_id], reassign_to=str(users["worker"].pk)))
    data.update({key: "reassign" for key in data if key.startswith("resolve_")})
    assert client.post(url, data).status_code == 302
    assert (
        Allocation.objects.get(child=site["waiting"].child, ended_on=None).worker
        == (users["worker"])
    )


@pytest.mark.parametrize("replacing", ["abc", "-1", "0", "9" * 40])
def test_a_tampered_allocation_state_is_a_form_error(
    client, users, site, assessment_team, replacing
):
    client.force_login(users["manager"])
    data = {
        "submission_key": _key(),
        "replacing": replacing,
        "team": assessment_team.pk,
        "direction": "Assess.",
        "action_1": "Weigh the baby with the health visitor",
        "assignee_1": users["worker"].pk,
        **_date("due_on_1", date(2026, 6, 4)),
    }

    response = client.post(_url(site, "casework:allocate"), data)

    assert response.status_code == 200
    assert "open the allocation page again" in response.content.decode()
    assert not Allocation.objects.filter(child=site["waiting"].child).exists()


def test_a_generic_checklist_alone_shows_the_error_next_to_the_first_action(
    client, users, site, assessment_team
):
    client.force_login(users["manager"])
    data = {
        "submission_key": _key(),
        "team": assessment_team.pk,
        "direction": "Assess.",
        "standard_actions": list(STANDARD_ACTIONS),
        "standard_assignee": users["worker"].pk,
        **_date("standard_due_on", date(2026, 6, 10)),
    }

    response = client.post(_url(site, "casework:allocate"), data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_action_1-error"' in page
    assert "a generic checklist alone cannot be saved" in page
    assert not Allocation.objects.filter(referral=site["waiting"]).exists()


def test_a_standard_task_typed_as_the_only_action_is_refused_by_the_service(
    client, users, site, assessment_team
):
    client.force_login(users["manager"])
    data = {
        "submission_key": _key(),
        "team": assessment_team.pk,
        "direction": "Assess.",
        "action_1": STANDARD_ACTIONS[2],
        "assignee_1": users["worker"].pk,
        **_date("due_on_1", date(2026, 6, 4)),
    }

    page = client.post(_url(site, "casework:allocate"), data).content.decode()

    assert 'id="id_action_1-error"' in page
    assert not Allocation.objects.filter(referral=site["waiting"]).exists()


def test_an_incomplete_action_row_says_what_is_missing(client, users, site, assessment_team):
    client.force_login(users["manager"])
    data = {
        "submission_key": _key(),
        "team": assessment_team.pk,
        "direction": "",
        "action_1": "Visit",
        **_date("due_on_1", date(2026, 2, 28)),
        "due_on_1_day": "31",
    }

    page = client.post(_url(site, "casework:allocate"), data).content.decode()

    assert "Enter your direction for this child" in page
    assert "Select who does action 1" in page
    assert "Action 1: by when must be a real date" in page


def test_a_double_submitted_allocation_is_saved_once(client, users, site, assessment_team):
    client.force_login(users["manager"])
    data = {
        "submission_key": _key(),
        "team": assessment_team.pk,
        "direction": "See the child.",
        "action_1": "Visit at home",
        "assignee_1": users["worker"].pk,
        **_date("due_on_1", date(2026, 6, 4)),
    }
    url = _url(site, "casework:allocate")

    client.post(url, data)
    second = client.post(url, data, follow=True)

    assert "already sent" in second.content.decode()
    assert Allocation.objects.filter(referral=site["waiting"]).count() == 1
    assert DirectionAction.objects.filter(allocation__referral=site["waiting"]).count() == 1


def test_recording_an_action_done_on_its_page(client, users, held):
    client.force_login(users["worker"])
    action = DirectionAction.objects.get()
    url = reverse("casework:action-done", args=[action.pk])

    shown = client.get(url)
    response = client.post(
        url,
        {
            "submission_key": _key(),
            "done_note": "Seen at home",
            **_date("done_on", date(2026, 6, 1)),
        },
    )

    assert "Visit Amara at home" in shown.content.decode()
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.done_on, action.done_by, action.done_note) == (
        date(2026, 6, 1),
        users["worker"],
        "Seen at home",
    )


def test_recording_an_action_done_needs_what_was_done_next_to_the_field(client, users, held):
    client.force_login(users["worker"])
    action = DirectionAction.objects.get()

    response = client.post(
        reverse("casework:action-done", args=[action.pk]),
        {"submission_key": _key(), "done_note": " ", **_date("done_on", date(2026, 6, 1))},
    )

    assert response.status_code == 200
    assert 'id="id_done_note-error"' in response.content.decode()
    assert DirectionAction.objects.get().done_on is None


def test_someone_who_cannot_see_the_child_cannot_mark_an_action_done(client, users, held):
    client.force_login(users["cp_worker"])
    action = DirectionAction.objects.get()

    response = client.post(
        reverse("casework:action-done", args=[action.pk]),
        {"submission_key": _key(), "done_note": "Seen", **_date("done_on", date(2026, 6, 1))},
    )

    assert response.status_code == 404
    assert DirectionAction.objects.get().done_on is None


def test_requesting_and_accepting_a_transfer_from_the_pages(client, users, held, cp_team, clock):
    client.force_login(users["worker"])
    response = client.post(
        reverse("casework:transfer-new", args=[held.pk]),
        {"submission_key": _key(), "to_team": cp_team.pk, "reason": "Needs a CIN plan"},
    )
    transfer = TeamTransfer.objects.get()
    assert response["Location"] == reverse("casework:transfer", args=[transfer.pk])
    client.force_login(users["cp_manager"])

    answered = client.post(
        reverse("casework:transfer", args=[transfer.pk]),
        {
            "submission_key": _key(),
            **accept_data(transfer, by=users["cp_manager"]),
            "worker": users["cp_worker"].pk,
        },
    )

    assert answered.status_code == 302
    assert Allocation.objects.get(child=held.child, ended_on=None).worker == users["cp_worker"]


def test_declining_without_a_reason_shows_the_error(client, users, site):
    client.force_login(users["cp_manager"])

    response = client.post(
        _url(site, "casework:transfer"), {"submission_key": _key(), "decision": "return"}
    )

    assert 'id="id_comment-error"' in response.content.decode()
    assert TeamTransfer.objects.get().status == "proposed"


def test_proposing_closure_with_open_deadlines_needs_an_explanation(client, users, held):
    open_pathway_due_item(rules.ASSESSMENT, child=held.child, record=held, start=held.referred_on)
    client.force_login(users["worker"])
    data = {
        "submission_key": _key(),
        **_date("closed_on", date(2026, 6, 1)),
        "reason": "RC7",
        "summary": "Family moved to Leeds",
    }

    response = client.post(reverse("record:close", args=[held.pk]), data)

    assert 'id="id_open_items_note-error"' in response.content.decode()
    assert not Closure.objects.exists()


def test_a_double_submitted_closure_proposal_is_saved_once(client, users, held):
    client.force_login(users["worker"])
    data = {
        "submission_key": _key(),
        **_date("closed_on", date(2026, 6, 1)),
        "reason": "RC7",
        "summary": "Family moved to Leeds",
    }
    url = reverse("record:close", args=[held.pk])

    client.post(url, data)
    client.post(url, data)

    assert Closure.objects.count() == 1


def test_authorising_the_closure_from_the_page_closes_the_episode(client, users, site):
    client.force_login(users["manager"])

    response = client.post(
        _url(site, "record:closure"), {"submission_key": _key(), "decision": "authorise"}
    )

    assert response["Location"] == reverse("record:closures")
    site["episode"].refresh_from_db()
    assert site["episode"].status == "closed"
    client.force_login(users["head_of_service"])
    page = client.get(_url(site, "record:episode")).content.decode()
    assert "Closed" in page
    assert "Propose closing the episode" not in page


def test_returning_a_closure_needs_a_comment(client, users, site):
    client.force_login(users["manager"])

    response = client.post(
        _url(site, "record:closure"), {"submission_key": _key(), "decision": "return"}
    )

    assert 'id="id_comment-error"' in response.content.decode()
    assert Closure.objects.get().status == "proposed"


def test_the_episode_page_offers_the_steps_each_user_may_take(client, users, site):
    client.force_login(users["worker"])
    worker_page = client.get(_url(site, "record:episode")).content.decode()
    client.force_login(users["cp_manager"])
    receiving_page = client.get(_url(site, "record:episode")).content.decode()

    assert reverse("assessments:start", args=[site["episode"].pk]) in worker_page
    assert reverse("protection:strategy-new", args=[site["episode"].pk]) in worker_page
    assert reverse("plans:new", args=[site["episode"].pk]) in worker_page
    assert (
        reverse("casework:transfer", args=[site["transfer"].pk])
        not in worker_page.split("Next steps")[1].split("</aside>")[0]
    )
    assert "Answer the transfer to Child protection team 1" in receiving_page
    assert reverse("assessments:start", args=[site["episode"].pk]) not in receiving_page


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _more_episode(referral, worker, n):
    """Add `n` of each kind of record the episode page shows."""
    for i in range(n):
        AssessmentFactory(referral=referral, authorised=True, worker=worker)
        Section47EnquiryFactory(
            strategy_discussion=StrategyDiscussionFactory(referral=referral), completed=True
        )
        plan = CINPlanFactory(
            referral=referral,
            started_on=date(2026, 5, 2) + timedelta(days=i),
            ended_on=date(2026, 5, 2) + timedelta(days=i),
            end_reason="Done",
        )
        VisitFactory(cin_plan=plan, visited_on=plan.started_on)
        DirectionAction.objects.create(
            allocation=Allocation.objects.get(referral=referral, ended_on=None),
            action=f"Action {i}",
            assignee=worker,
            due_on=date(2026, 6, 5),
        )
        open_pathway_due_item(
            rules.CIN_VISIT, child=referral.child, record=plan, start=plan.started_on
        )


@pytest.mark.parametrize("viewer", ["worker", "manager", "head_of_service", "performance"])
def test_the_episode_page_runs_the_same_queries_at_two_sizes(client, users, site, viewer):
    client.force_login(users[viewer])
    url = _url(site, "record:episode")
    _more_episode(site["episode"], users["worker"], 1)
    small = _queries(client, url)

    _more_episode(site["episode"], users["worker"], 12)

    assert _queries(client, url) == small


@pytest.mark.parametrize(
    ("page", "viewer"),
    [
        ("casework:to-allocate", "manager"),
        ("casework:to-allocate", "head_of_service"),
        ("casework:transfers", "cp_manager"),
        ("record:closures", "manager"),
    ],
)
def test_each_list_runs_the_same_queries_at_two_sizes(
    client, users, site, page, viewer, manager, worker, assessment_team, cp_team
):
    client.force_login(users[viewer])
    small = _queries(client, _url(site, page))

    for _ in range(8):
        referral = ReferralFactory(child=PersonFactory(), referred_on=date(2026, 5, 4))
        allocate(
            child=referral.child,
            team=assessment_team,
            worker=worker,
            started_on=date(2026, 5, 4),
            by=manager,
            referral=referral,
        )
        request_transfer(referral=referral, to_team=cp_team, reason="CIN plan", by=worker)
        propose_closure(
            referral=referral,
            closed_on=date(2026, 6, 1),
            reason="RC7",
            summary="Done",
            open_items_note="",
            by=worker,
        )
        ReferralFactory(child=PersonFactory(), referred_on=date(2026, 5, 5))

    assert _queries(client, _url(site, page)) == small


def test_the_episode_shows_an_action_withdrawn_on_reallocation_with_its_reason(
    client, held, manager, worker, assessment_team
):
    current = Allocation.objects.get(child=held.child, ended_on=None)
    allocate_referral(
        referral=held,
        team=assessment_team,
        worker=None,
        direction="The team holds the case while Nia is away.",
        actions=[("See Amara at school", manager, date(2026, 6, 4))],
        replacing=current.pk,
        resolutions={
            action.pk: Resolution("withdraw", None, "Seen at school instead")
            for action in current.actions.all()
        },
        by=manager,
    )
    client.force_login(manager)

    page = client.get(reverse("record:episode", args=[held.pk])).content.decode()

    assert "Withdrawn on 1 Jun 2026: Seen at school instead" in page
    assert page.count("Record as done<span") == 1
