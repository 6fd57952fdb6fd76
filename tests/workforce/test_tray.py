"""The worker's tray and the manager's team tray (issue 12, part 6).

Why: actions a manager directed never appeared on the worker's list and never alerted when
overdue; a decision returned by the manager showed only as "Open"; nothing told a worker a case
was just allocated to them."""

import uuid
from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opencsc.assessments.services import return_assessment
from opencsc.audit.models import AccessLog
from opencsc.casework import services as casework
from opencsc.casework.models import DirectionAction
from opencsc.frontdoor.services import propose_decision, record_contact, return_decision
from opencsc.permissions import Action
from opencsc.record.closure import return_closure
from opencsc.timescales import rules
from opencsc.timescales import services as timescales
from opencsc.timescales.models import DueItem
from opencsc.workforce import selectors, services, tray
from tests.casework.factories import (
    AssessmentFactory,
    ClosureFactory,
    Section47EnquiryFactory,
    TeamTransferFactory,
)
from tests.factories import (
    AllocationFactory,
    ContactDecisionFactory,
    MashManagerFactory,
    MashPractitionerFactory,
    PersonFactory,
    ReferralFactory,
)
from tests.frontdoor.helpers import contact_details, decision_details, rated


def directed_action(*, worker, manager, team, due_on, text="Convene the strategy discussion today"):
    """A directed action and its due item, opened the way the direction part does: on the day,
    with the date the manager set agreed by the manager."""
    allocation = AllocationFactory(team=team, worker=worker, allocated_by=manager)
    action = DirectionAction.objects.create(
        allocation=allocation, action=text, assignee=worker, due_on=due_on
    )
    item = timescales.open_due_item(
        rules.DIRECTED_ACTION,
        child=allocation.child,
        record=action,
        start=min(due_on, timezone.localdate()),
        owner=worker,
        team=team,
        summary="Action a manager directed",
    )
    return timescales.agree_due_date(item=item, due_on=due_on, by=manager), action


def notice(rule, *, owner, team, child=None):
    child = child or PersonFactory()
    return timescales.open_due_item(
        rule, child=child, record=child, start=timezone.localdate(), owner=owner, team=team
    )


def _lines(user, rule=None):
    today = timezone.localdate()
    lines = tray.tray_lines(user, list(tray.worker_tray(user, today=today)), today=today)
    return [line for line in lines if rule is None or line.item.rule == rule.code]


# The worker's tray


def test_an_overdue_directed_action_is_first_on_the_workers_tray_with_what_and_who_from(
    clock, worker, manager, assessment_team
):
    notice(rules.NEW_ALLOCATION, owner=worker, team=assessment_team)
    item, action = directed_action(
        worker=worker, manager=manager, team=assessment_team, due_on=date(2026, 5, 28)
    )

    lines = _lines(worker)

    first = lines[0]
    assert first.item == item
    assert first.section == tray.OVERDUE
    assert first.what == "Convene the strategy discussion today"
    assert first.from_whom == manager
    assert first.url == reverse("casework:action-done", args=[action.pk])
    assert first.working_days_overdue == 2  # Friday 29 May and Monday 1 June
    assert lines[1].section == "Cases newly allocated to you"


def test_an_overdue_directed_action_alerts_the_team_manager(
    clock, worker, manager, assessment_team
):
    item, _ = directed_action(
        worker=worker, manager=manager, team=assessment_team, due_on=date(2026, 5, 29)
    )

    alerts = list(selectors.manager_alerts(manager, today=timezone.localdate()))

    assert alerts == [item]
    assert selectors.as_alerts(alerts, today=timezone.localdate())[0].rule.title == (
        "Directed action overdue"
    )


def test_a_directed_action_not_yet_due_does_not_alert(clock, worker, manager, assessment_team):
    directed_action(worker=worker, manager=manager, team=assessment_team, due_on=date(2026, 6, 1))

    assert list(selectors.manager_alerts(manager, today=timezone.localdate())) == []


def test_the_tray_shows_each_kind_under_its_own_heading(clock, worker, assessment_team):
    for rule in (rules.NOTE_TO_READ, rules.CONTACT_ON_HELD_CHILD, rules.WARNING_REVIEW):
        notice(rule, owner=worker, team=assessment_team)
    child = PersonFactory()
    timescales.open_due_item(
        rules.CIN_VISIT, child=child, record=child, start=date(2026, 6, 1), owner=worker
    )

    sections = [line.section for line in _lines(worker)]

    assert sections == [
        "New contacts on children you hold",
        "Case notes to read",
        "Warnings to review",
        "Other deadlines you own",
    ]


def test_allocating_a_case_tells_the_worker(clock, worker, head_of_service, assessment_team):
    child = PersonFactory()

    allocation = casework.allocate(
        child=child,
        team=assessment_team,
        worker=worker,
        started_on=date(2026, 6, 1),
        by=head_of_service,
    )

    item = DueItem.objects.get(rule=rules.NEW_ALLOCATION.code, closed_at=None)
    assert (item.owner, item.team, item.child, item.record_id) == (
        worker,
        assessment_team,
        child,
        allocation.pk,
    )
    line = _lines(worker)[0]
    assert line.from_whom == head_of_service
    assert line.is_notice
    assert line.url == reverse("record:child", args=[child.pk])


def test_reallocating_a_case_ends_the_first_workers_notice(
    clock, worker, head_of_service, assessment_team, second_manager
):
    child = PersonFactory()
    casework.allocate(
        child=child,
        team=assessment_team,
        worker=worker,
        started_on=date(2026, 6, 1),
        by=head_of_service,
    )

    casework.allocate(
        child=child,
        team=assessment_team,
        worker=second_manager,
        started_on=date(2026, 6, 1),
        by=head_of_service,
    )

    open_items = DueItem.objects.filter(rule=rules.NEW_ALLOCATION.code, closed_at=None)
    assert [item.owner for item in open_items] == [second_manager]


def test_allocating_to_a_team_alone_tells_no_worker(clock, head_of_service, assessment_team):
    casework.allocate(
        child=PersonFactory(),
        team=assessment_team,
        worker=None,
        started_on=date(2026, 6, 1),
        by=head_of_service,
    )

    assert not DueItem.objects.filter(rule=rules.NEW_ALLOCATION.code).exists()


# Returned to the worker


@pytest.fixture
def proposed_decision(db, clock):
    practitioner = MashPractitionerFactory()
    contact = record_contact(
        details=contact_details(children=[PersonFactory(first_name="Lily")]), by=practitioner
    )
    rated(contact, practitioner)
    return propose_decision(contact=contact, details=decision_details(), by=practitioner)


def test_a_returned_decision_waits_in_the_proposers_tray_with_the_managers_comment(
    proposed_decision,
):
    mash_manager = MashManagerFactory()
    proposer = proposed_decision.proposed_by

    return_decision(decision=proposed_decision, comment="Ring the school first.", by=mash_manager)

    [line] = _lines(proposer, rules.RETURNED_TO_WORKER)
    assert line.section == "Returned to you by a manager"
    assert line.comment == "Ring the school first."
    assert line.from_whom == mash_manager
    assert line.url == reverse("frontdoor:contact-detail", args=[proposed_decision.contact_id])
    assert line.item.summary == "Threshold decision returned for more work"


def test_proposing_again_takes_the_returned_decision_off_the_tray(proposed_decision):
    proposer = proposed_decision.proposed_by
    return_decision(
        decision=proposed_decision, comment="Ring the school first.", by=MashManagerFactory()
    )

    propose_decision(contact=proposed_decision.contact, details=decision_details(), by=proposer)

    assert _lines(proposer, rules.RETURNED_TO_WORKER) == []
    closed = DueItem.objects.get(rule=rules.RETURNED_TO_WORKER.code)
    assert closed.close_note == "A decision was proposed again"


def test_a_proposer_withdrawing_their_own_decision_has_nothing_waiting(db, clock):
    mash_manager = MashManagerFactory()
    contact = record_contact(details=contact_details(children=[PersonFactory()]), by=mash_manager)
    rated(contact, mash_manager)
    decision = propose_decision(contact=contact, details=decision_details(), by=mash_manager)

    return_decision(decision=decision, comment="Withdrawn: wrong contact.", by=mash_manager)

    assert not DueItem.objects.filter(rule=rules.RETURNED_TO_WORKER.code).exists()


def test_a_returned_assessment_waits_in_the_workers_tray(clock, worker, manager, assessment_team):
    assessment = AssessmentFactory(proposed=True, worker=worker)
    AllocationFactory(child=assessment.child, team=assessment_team, worker=worker)

    return_assessment(assessment=assessment, comment="Add the father's views.", by=manager)

    [line] = _lines(worker)
    assert (line.comment, line.from_whom) == ("Add the father's views.", manager)
    assert line.url == reverse("assessments:detail", args=[assessment.pk])


def test_a_returned_closure_waits_in_the_workers_tray(clock, worker, manager, assessment_team):
    referral = ReferralFactory(referred_on=date(2026, 5, 1))
    AllocationFactory(child=referral.child, team=assessment_team, worker=worker)
    closure = ClosureFactory(referral=referral, proposed_by=worker)

    return_closure(closure=closure, comment="The visit is not recorded yet.", by=manager)

    [line] = _lines(worker)
    assert line.comment == "The visit is not recorded yet."
    assert line.url == reverse("record:close", args=[referral.pk])


def test_a_restricted_childs_returned_comment_is_kept_from_a_worker_not_named(
    clock, worker, manager, assessment_team
):
    assessment = AssessmentFactory(proposed=True, worker=worker)
    AllocationFactory(child=assessment.child, team=assessment_team, worker=worker)
    return_assessment(assessment=assessment, comment="Speak to Mr Restricted.", by=manager)
    assessment.child.is_restricted = True
    assessment.child.save()

    [line] = _lines(worker)

    assert line.comment == ""


# Mark as read


def test_the_owner_marks_a_notice_read_and_it_is_audited(clock, worker, assessment_team):
    item = notice(rules.NEW_ALLOCATION, owner=worker, team=assessment_team)

    services.mark_as_read(due_item=item, by=worker)

    item.refresh_from_db()
    assert (item.closed_by, item.close_note) == (worker, "Read: Case newly allocated to you")
    log = AccessLog.objects.get(action=Action.MARK_AS_READ)
    assert (log.user, log.child) == (worker, item.child)


def test_only_the_owner_may_mark_a_notice_read(clock, worker, manager, assessment_team):
    item = notice(rules.NOTE_TO_READ, owner=worker, team=assessment_team)

    with pytest.raises(PermissionDenied):
        services.mark_as_read(due_item=item, by=manager)


def test_work_to_do_cannot_be_marked_read(clock, worker, manager, assessment_team):
    item, _ = directed_action(
        worker=worker, manager=manager, team=assessment_team, due_on=date(2026, 6, 3)
    )

    with pytest.raises(ValidationError, match="not a notice"):
        services.mark_as_read(due_item=item, by=worker)


def test_a_notice_is_marked_read_once(clock, worker, assessment_team):
    item = notice(rules.CONTACT_ON_HELD_CHILD, owner=worker, team=assessment_team)
    services.mark_as_read(due_item=item, by=worker)

    with pytest.raises(ValidationError, match="already marked as read"):
        services.mark_as_read(due_item=item, by=worker)


def _read(client, pk, key=None):
    return client.post(
        reverse("workforce:mark-read", args=[pk]), {"submission_key": key or str(uuid.uuid4())}
    )


def test_mark_as_read_from_the_tray_page(clock, client, worker, assessment_team):
    item = notice(rules.NEW_ALLOCATION, owner=worker, team=assessment_team)
    client.force_login(worker)

    response = _read(client, item.pk)

    assert response.status_code == 302
    assert response.url == reverse("workforce:tray")
    assert DueItem.objects.get(pk=item.pk).closed_at is not None


def test_a_double_submit_marks_read_once(clock, client, worker, assessment_team):
    item = notice(rules.NEW_ALLOCATION, owner=worker, team=assessment_team)
    client.force_login(worker)
    key = str(uuid.uuid4())

    first, second = _read(client, item.pk, key), _read(client, item.pk, key)

    assert (first.status_code, second.status_code) == (302, 302)
    assert AccessLog.objects.filter(action=Action.MARK_AS_READ).count() == 1


def test_someone_elses_notice_answers_404(clock, client, worker, manager, assessment_team):
    item = notice(rules.NEW_ALLOCATION, owner=manager, team=assessment_team)
    client.force_login(worker)

    assert _read(client, item.pk).status_code == 404
    assert DueItem.objects.get(pk=item.pk).closed_at is None


@pytest.mark.parametrize(
    "data",
    [{}, {"submission_key": "not-a-uuid"}, {"submission_key": "x" * 5000}],
    ids=["nothing", "bad key", "long key"],
)
def test_hostile_input_on_mark_as_read_is_refused_without_an_error(
    clock, client, worker, assessment_team, data
):
    item = notice(rules.NEW_ALLOCATION, owner=worker, team=assessment_team)
    client.force_login(worker)

    response = client.post(reverse("workforce:mark-read", args=[item.pk]), data)

    assert response.status_code == 302
    assert DueItem.objects.get(pk=item.pk).closed_at is None


def test_mark_as_read_answers_only_a_post(clock, client, worker, assessment_team):
    item = notice(rules.NEW_ALLOCATION, owner=worker, team=assessment_team)
    client.force_login(worker)

    assert client.get(reverse("workforce:mark-read", args=[item.pk])).status_code == 405


# The navigation and the home page


def test_the_navigation_and_home_page_count_the_tray(clock, client, worker, assessment_team):
    notice(rules.NEW_ALLOCATION, owner=worker, team=assessment_team)
    notice(rules.NOTE_TO_READ, owner=worker, team=assessment_team)
    client.force_login(worker)

    response = client.get(reverse("record:home"))

    labels = [item["label"] for item in response.context["navigation"]]
    assert "Your tray (2)" in labels
    assert response.context["tray_count"] == 2


# The team tray


def _team_rows(user):
    return list(tray.team_tray(user, today=timezone.localdate()))


def test_the_team_tray_puts_red_and_section_47_first_then_the_longest_waiting(
    clock, worker, manager, assessment_team, cp_team
):
    calm = AssessmentFactory(proposed=True, worker=worker)
    AllocationFactory(child=calm.child, team=assessment_team, worker=worker)
    older = AssessmentFactory(
        proposed=True, worker=worker, proposed_at=datetime(2026, 5, 11, 10, 0, tzinfo=UTC)
    )
    AllocationFactory(child=older.child, team=assessment_team, worker=worker)
    risky = AssessmentFactory(proposed=True, worker=worker)
    AllocationFactory(child=risky.child, team=assessment_team, worker=worker)
    Section47EnquiryFactory(child=risky.child, strategy_discussion__referral=risky.referral)
    item, _ = directed_action(
        worker=worker, manager=manager, team=assessment_team, due_on=date(2026, 5, 27)
    )
    transfer = TeamTransferFactory(to_team=assessment_team)

    rows = [(row["kind"], row["obj_id"]) for row in _team_rows(manager)]

    assert rows == [
        ("assessment", risky.pk),
        ("assessment", older.pk),
        ("assessment", calm.pk),
        ("transfer", transfer.pk),
        ("directed_action", item.pk),
    ]


def test_the_team_tray_leaves_out_other_teams_and_the_managers_own_proposals(
    clock, manager, cp_team, cp_worker, assessment_team
):
    elsewhere = AssessmentFactory(proposed=True, worker=cp_worker)
    AllocationFactory(child=elsewhere.child, team=cp_team)
    own = AssessmentFactory(proposed=True, worker=manager)
    AllocationFactory(child=own.child, team=assessment_team)
    TeamTransferFactory(to_team=cp_team)

    assert _team_rows(manager) == []


def test_a_mash_manager_sees_decisions_to_authorise_red_first(db, clock):
    mash_manager = MashManagerFactory()
    amber = ContactDecisionFactory()
    red = ContactDecisionFactory(
        contact__rating="red", proposed_at=datetime(2026, 6, 2, 11, 0, tzinfo=UTC)
    )

    rows = [(row["kind"], row["obj_id"]) for row in _team_rows(mash_manager)]

    assert rows == [("decision", red.pk), ("decision", amber.pk)]


def test_the_team_tray_page_links_each_line_to_where_the_manager_acts(
    clock, client, worker, manager, assessment_team
):
    assessment = AssessmentFactory(proposed=True, worker=worker)
    AllocationFactory(child=assessment.child, team=assessment_team, worker=worker)
    client.force_login(manager)

    response = client.get(reverse("workforce:team-tray"))

    assert response.status_code == 200
    assert reverse("assessments:review", args=[assessment.pk]) in response.content.decode()


# A fixed number of queries whatever the data size


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _fill_worker_tray(worker, manager, team, n):
    for day in range(n):
        directed_action(
            worker=worker, manager=manager, team=team, due_on=date(2026, 5, 4 + day % 20)
        )
        notice(rules.NEW_ALLOCATION, owner=worker, team=team)
        assessment = AssessmentFactory(proposed=True, worker=worker)
        AllocationFactory(child=assessment.child, team=team, worker=worker)
        return_assessment(assessment=assessment, comment="More, please.", by=manager)


def test_the_workers_tray_runs_the_same_queries_at_any_size(
    clock, client, worker, manager, assessment_team
):
    client.force_login(worker)
    _fill_worker_tray(worker, manager, assessment_team, 2)
    small = _queries(client, reverse("workforce:tray"))
    _fill_worker_tray(worker, manager, assessment_team, 15)

    large = _queries(client, reverse("workforce:tray"))

    assert small == large


def _fill_team_tray(worker, manager, team, n):
    for day in range(n):
        directed_action(
            worker=worker, manager=manager, team=team, due_on=date(2026, 5, 4 + day % 20)
        )
        assessment = AssessmentFactory(proposed=True, worker=worker)
        AllocationFactory(child=assessment.child, team=team, worker=worker)
        TeamTransferFactory(to_team=team)
        referral = ReferralFactory(referred_on=date(2026, 5, 1))
        AllocationFactory(child=referral.child, team=team, worker=worker)
        ClosureFactory(referral=referral, proposed_by=worker)


def test_the_team_tray_runs_the_same_queries_at_any_size(
    clock, client, worker, manager, assessment_team
):
    client.force_login(manager)
    _fill_team_tray(worker, manager, assessment_team, 2)
    small = _queries(client, reverse("workforce:team-tray"))
    _fill_team_tray(worker, manager, assessment_team, 15)

    large = _queries(client, reverse("workforce:team-tray"))

    assert small == large


@pytest.mark.parametrize("name", sorted(tray.PAGES_BY_PK))
def test_a_line_links_to_the_page_its_record_names_as_its_own(name):
    from django.apps import apps

    model = apps.get_model(*name.split("."))

    assert reverse(tray.PAGES_BY_PK[name], args=[7]) == model(pk=7).get_absolute_url()
