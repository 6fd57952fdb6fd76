"""Managers sign off the protective decisions (issue 13, part 4).

Why: a worker alone could record "no section 47" or complete a section 47 as "not substantiated",
which closed the initial conference clock (Enfield: "cases that should have led to section 47
enquiries but had not done so"). Now each of these, and a plan ending outside a review
conference, waits for a manager in the one approval shape."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.permissions import Action, can
from opencsc.protection import selectors, services
from opencsc.protection.models import ProtectionPlan, ProtectiveDecision, Section47Enquiry
from opencsc.record import census
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.workforce import tray
from tests.factories import TeamFactory, UserFactory
from tests.protection.fixtures import conclude, discussion, end_plan, enquiry, plan


@pytest.fixture
def second_manager(cp_team):
    return UserFactory(role=Role.TEAM_MANAGER, team=cp_team, first_name="Lee", last_name="Park")


@pytest.fixture
def other_manager(db):
    return UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory(name="Assessment east"))


def _propose_outcome(started, by, outcome="not_substantiated", on=date(2026, 12, 18)):
    services.complete_enquiry(
        enquiry=started, completed_on=on, outcome=outcome, reason="Injury explained", by=by
    )
    return services.waiting_decision(enquiry=started)


def _icpc(started) -> DueItem:
    return DueItem.objects.get(rule=rules.ICPC.code, record_id=started.pk)


def _returned_items(owner):
    return DueItem.objects.filter(owner=owner, rule=rules.RETURNED_TO_WORKER.code, closed_at=None)


# The "Why": a worker alone no longer closes the clock


def test_a_workers_not_substantiated_waits_for_a_manager_and_the_icpc_clock_runs(referral, worker):
    started = enquiry(referral, worker)

    waiting = _propose_outcome(started, worker)

    started.refresh_from_db()
    assert (started.completed_on, started.outcome, started.conference_not_required) == (
        None,
        "",
        False,
    )
    assert _icpc(started).closed_at is None
    assert (waiting.decision_kind, waiting.status, waiting.proposed_by) == (
        "enquiry_outcome",
        "proposed",
        worker,
    )
    assert (waiting.enquiry_outcome, waiting.decided_on) == (
        "not_substantiated",
        date(2026, 12, 18),
    )


def test_a_workers_no_section_47_waits_for_a_manager(referral, worker):
    held = discussion(referral, worker, start_section_47=False)

    waiting = services.waiting_decision(discussion=held)

    assert (waiting.decision_kind, waiting.status, waiting.proposed_by, waiting.reason) == (
        "no_section_47",
        "proposed",
        worker,
        "Reasonable cause to suspect significant harm.",
    )
    assert waiting.decided_on == date(2026, 12, 14)


def test_a_discussion_that_starts_a_section_47_needs_no_sign_off(referral, worker):
    held = discussion(referral, worker)

    assert ProtectiveDecision.objects.filter(strategy_discussion=held).exists() is False


def test_a_conference_outcome_needs_no_sign_off_and_keeps_the_clock(referral, worker):
    started = enquiry(referral, worker)

    services.complete_enquiry(
        enquiry=started,
        completed_on=date(2026, 12, 18),
        outcome="conference",
        reason="Substantiated",
        by=worker,
    )

    started.refresh_from_db()
    assert (started.outcome, ProtectiveDecision.objects.count()) == ("conference", 0)
    assert _icpc(started).closed_at is None


# Authorising


def test_authorising_the_outcome_ends_the_enquiry_and_closes_the_clock(referral, worker, manager):
    started = enquiry(referral, worker)
    waiting = _propose_outcome(started, worker, outcome="no_conference")

    done = services.authorise_protective_decision(
        decision=waiting, by=manager, comment="Agreed: safety plan in place."
    )

    started.refresh_from_db()
    assert (done.status, done.reviewed_by, done.manager_comment) == (
        "authorised",
        manager,
        "Agreed: safety plan in place.",
    )
    assert (started.completed_on, started.outcome, started.outcome_reason) == (
        date(2026, 12, 18),
        "no_conference",
        "Injury explained",
    )
    assert started.conference_not_required is True
    assert _icpc(started).closed_by == manager
    assert ChronologyEntry.objects.filter(
        child=referral.child,
        summary="Section 47 enquiry completed: Concerns substantiated, no conference needed",
    ).exists()
    assert AccessLog.objects.filter(
        action=Action.AUTHORISE_PROTECTIVE_DECISION, record_id=done.pk
    ).exists()


def test_authorising_no_section_47_leaves_the_discussion_as_recorded(referral, worker, manager):
    held = discussion(referral, worker, start_section_47=False)

    done = services.authorise_protective_decision(
        decision=services.waiting_decision(discussion=held), by=manager
    )

    assert (done.status, done.reviewed_by) == ("authorised", manager)
    assert Section47Enquiry.objects.exists() is False


def test_a_decision_is_answered_once(referral, worker, manager, second_manager):
    waiting = _propose_outcome(enquiry(referral, worker), worker)
    services.authorise_protective_decision(decision=waiting, by=manager)

    with pytest.raises(ValidationError, match="already been authorised by Kit Moss"):
        services.return_protective_decision(decision=waiting, comment="No", by=second_manager)


# Returning


def test_a_returned_outcome_reopens_the_work_in_the_workers_tray(referral, worker, manager):
    started = enquiry(referral, worker)
    waiting = _propose_outcome(started, worker)

    services.return_protective_decision(
        decision=waiting, comment="See the father before concluding.", by=manager
    )

    [item] = _returned_items(worker)
    lines = tray.tray_lines(worker, [item], today=timezone.localdate())
    assert (lines[0].comment, lines[0].from_whom) == ("See the father before concluding.", manager)
    assert lines[0].section == "Returned to you by a manager"
    assert lines[0].url == waiting.get_absolute_url()
    assert item.summary == "Section 47 outcome returned"
    started.refresh_from_db()
    assert (started.completed_on, _icpc(started).closed_at) == (None, None)


def test_returning_needs_a_comment(referral, worker, manager):
    waiting = _propose_outcome(enquiry(referral, worker), worker)

    with pytest.raises(ValidationError) as excinfo:
        services.return_protective_decision(decision=waiting, comment=" ", by=manager)

    assert excinfo.value.message_dict == {"comment": ["Enter what the worker must do next"]}


def test_proposing_again_keeps_the_returned_decision_and_clears_the_tray(referral, worker, manager):
    started = enquiry(referral, worker)
    first = _propose_outcome(started, worker)
    services.return_protective_decision(decision=first, comment="See the father.", by=manager)

    second = _propose_outcome(started, worker, on=date(2026, 12, 21))

    assert list(ProtectiveDecision.objects.order_by("pk").values_list("status", "decided_on")) == [
        ("returned", date(2026, 12, 18)),
        ("proposed", date(2026, 12, 21)),
    ]
    assert second.pk != first.pk
    assert _returned_items(worker).exists() is False


def test_holding_the_conference_answers_a_returned_outcome(referral, worker, manager):
    started = enquiry(referral, worker)
    waiting = _propose_outcome(started, worker)
    services.return_protective_decision(decision=waiting, comment="Needs a conference.", by=manager)

    services.hold_initial_conference(
        enquiry=started,
        held_on=date(2026, 12, 22),
        chair="Jo Chair",
        outcome="no_plan",
        category="",
        summary="Risks managed by the family.",
        by=worker,
    )

    assert _returned_items(worker).exists() is False


def test_a_later_strategy_discussion_answers_a_returned_no_section_47(referral, worker, manager):
    held = discussion(referral, worker, start_section_47=False)
    services.return_protective_decision(
        decision=services.waiting_decision(discussion=held),
        comment="Reconvene with health.",
        by=manager,
    )
    assert _returned_items(worker).count() == 1

    discussion(referral, worker, date(2026, 12, 15))

    assert _returned_items(worker).exists() is False


# While an outcome waits


def test_no_second_outcome_while_one_waits(referral, worker):
    started = enquiry(referral, worker)
    _propose_outcome(started, worker)

    with pytest.raises(ValidationError, match="waits for a manager"):
        _propose_outcome(started, worker, outcome="conference")

    assert ProtectiveDecision.objects.count() == 1


def test_no_conference_while_an_outcome_of_no_conference_waits(referral, worker):
    started = enquiry(referral, worker)
    _propose_outcome(started, worker)

    with pytest.raises(ValidationError, match="waits for a manager"):
        services.hold_initial_conference(
            enquiry=started,
            held_on=date(2026, 12, 22),
            chair="Jo Chair",
            outcome="no_plan",
            category="",
            summary="Risks managed.",
            by=worker,
        )


def test_the_episode_cannot_close_while_an_outcome_waits(referral, worker, manager):
    started = enquiry(referral, worker)
    _propose_outcome(started, worker)

    waiting = census.closure_problems(referral, closed_on=date(2027, 1, 4), reason="RC7")
    conclude_problems = [m for ms in waiting.values() for m in ms if "has not concluded" in m]

    assert conclude_problems != []


# The census: an unauthorised proposal is not yet the outcome


def test_icpc_not_required_only_once_authorised(referral, worker, manager):
    started = enquiry(referral, worker)
    waiting = _propose_outcome(started, worker)
    started.refresh_from_db()
    before = started.conference_not_required

    services.authorise_protective_decision(decision=waiting, by=manager)

    started.refresh_from_db()
    assert (before, started.conference_not_required) == (False, True)
    assert census.census_records(referral) == {"section 47 enquiry"}


# The four eyes and the permission table


def test_the_proposer_cannot_authorise_their_own_decision(referral, manager, second_manager):
    held = discussion(referral, manager, start_section_47=False)
    waiting = services.waiting_decision(discussion=held)

    with pytest.raises(PermissionDenied) as excinfo:
        services.authorise_protective_decision(decision=waiting, by=manager)

    assert str(excinfo.value) == "You proposed this decision: another manager must authorise it."
    assert services.authorise_protective_decision(decision=waiting, by=second_manager).status == (
        "authorised"
    )


def test_the_proposer_may_withdraw_their_own_decision(referral, manager):
    held = discussion(referral, manager, start_section_47=False)

    withdrawn = services.return_protective_decision(
        decision=services.waiting_decision(discussion=held),
        comment="Withdrawn: recorded on the wrong child.",
        by=manager,
    )

    assert withdrawn.status == "returned"
    assert _returned_items(manager).exists() is False


@pytest.mark.parametrize(
    ("who", "authorise", "give_back"),
    [
        ("worker", False, False),
        ("proposer_manager", False, True),
        ("manager", True, True),
        ("head_of_service", True, True),
        ("other_manager", False, False),
        ("other_worker", False, False),
        ("quality", False, False),
    ],
)
def test_who_may_authorise_and_return_a_protective_decision(
    referral,
    worker,
    manager,
    second_manager,
    head_of_service,
    other_manager,
    other_worker,
    who,
    authorise,
    give_back,
):
    users = {
        "worker": worker,
        "proposer_manager": second_manager,
        "manager": manager,
        "head_of_service": head_of_service,
        "other_manager": other_manager,
        "other_worker": other_worker,
        "quality": UserFactory(role=Role.QUALITY_ASSURANCE),
    }
    waiting = services.waiting_decision(
        discussion=discussion(referral, second_manager, start_section_47=False)
    )
    user = users[who]

    assert can(user, Action.AUTHORISE_PROTECTIVE_DECISION, waiting) is authorise
    assert can(user, Action.RETURN_PROTECTIVE_DECISION, waiting) is give_back


def test_a_worker_cannot_authorise(referral, worker):
    waiting = _propose_outcome(enquiry(referral, worker), worker)

    with pytest.raises(PermissionDenied):
        services.authorise_protective_decision(decision=waiting, by=worker)

    assert ProtectiveDecision.objects.get().status == "proposed"


def test_the_database_refuses_a_decision_authorised_by_its_proposer(referral, worker):
    waiting = _propose_outcome(enquiry(referral, worker), worker)
    waiting.status = "authorised"
    waiting.reviewed_by = worker
    waiting.reviewed_at = timezone.now()

    with pytest.raises(IntegrityError), transaction.atomic():
        waiting.save()


def test_the_database_keeps_one_waiting_decision_per_enquiry(referral, worker):
    started = enquiry(referral, worker)
    waiting = _propose_outcome(started, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProtectiveDecision.objects.create(
            child=waiting.child,
            referral=referral,
            decision_kind="enquiry_outcome",
            enquiry=started,
            decided_on=date(2026, 12, 18),
            enquiry_outcome="no_conference",
            reason="Again",
            proposed_by=worker,
            proposed_at=timezone.now(),
        )


def test_the_database_refuses_an_enquiry_outcome_that_needs_a_conference(referral, worker):
    started = enquiry(referral, worker)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProtectiveDecision.objects.create(
            child=referral.child,
            referral=referral,
            decision_kind="enquiry_outcome",
            enquiry=started,
            decided_on=date(2026, 12, 18),
            enquiry_outcome="conference",
            reason="Substantiated",
            proposed_by=worker,
            proposed_at=timezone.now(),
        )


# Ending a plan outside a review conference


def _plan(referral, worker) -> ProtectionPlan:
    return plan(referral, worker, conference_on=date(2026, 12, 17))


def test_a_plan_ending_outside_a_review_waits_and_the_plan_stays_open(referral, worker):
    made = _plan(referral, worker)

    waiting = services.propose_plan_end(
        plan=made,
        ended_on=date(2027, 2, 1),
        end_reason="looked_after",
        reason="Interim care order granted; placed with foster carers.",
        by=worker,
    )

    made.refresh_from_db()
    assert (made.ended_on, waiting.status, waiting.decision_kind) == (None, "proposed", "plan_end")
    assert DueItem.objects.filter(record_id=made.pk, rule="cp_visit", closed_at=None).exists()


def test_authorising_a_plan_ending_ends_the_plan_and_its_deadlines(referral, worker, manager):
    made = _plan(referral, worker)
    waiting = services.propose_plan_end(
        plan=made,
        ended_on=date(2027, 2, 1),
        end_reason="moved",
        reason="Moved to Kent; transfer-in conference booked there.",
        by=worker,
    )

    services.authorise_protective_decision(decision=waiting, by=manager)

    made.refresh_from_db()
    assert (made.ended_on, made.end_reason) == (date(2027, 2, 1), "moved")
    assert (
        DueItem.objects.filter(
            record_id=made.pk, rule__in=["cp_visit", "first_rcpc", "first_core_group"]
        )
        .filter(closed_at=None)
        .exists()
        is False
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"end_reason": "no_longer_at_risk"},
            "end_reason",
            "Select why the plan is ending: only a review conference ends a plan because the "
            "child is no longer at risk",
        ),
        (
            {"ended_on": date(2026, 12, 17)},
            "ended_on",
            "The plan must end after the day it started (17 December 2026)",
        ),
        (
            {"reason": "  "},
            "reason",
            "Enter why the plan is ending without a review conference",
        ),
    ],
)
def test_a_plan_ending_is_refused_next_to_its_field(referral, worker, changes, field, message):
    made = _plan(referral, worker)
    values = {"ended_on": date(2027, 2, 1), "end_reason": "adult", "reason": "Turned 18."}
    values.update(changes)

    with pytest.raises(ValidationError) as excinfo:
        services.propose_plan_end(plan=made, by=worker, **values)

    assert excinfo.value.message_dict[field] == [message]


def test_a_review_conference_ending_the_plan_withdraws_a_waiting_ending(referral, worker, manager):
    made = _plan(referral, worker)
    waiting = services.propose_plan_end(
        plan=made, ended_on=date(2027, 2, 1), end_reason="moved", reason="Moving.", by=worker
    )

    end_plan(made, worker, on=date(2027, 1, 20))

    waiting.refresh_from_db()
    assert (waiting.status, waiting.reviewed_by, waiting.manager_comment) == (
        "returned",
        worker,
        "Withdrawn: the review conference on 20 January 2027 ended the plan",
    )
    assert waiting not in selectors.protective_decisions_to_authorise(user=manager, team_ids=None)
    assert not _returned_items(worker).exists()


def test_a_review_conference_continuing_the_plan_leaves_the_ending_waiting(referral, worker):
    made = _plan(referral, worker)
    waiting = services.propose_plan_end(
        plan=made, ended_on=date(2027, 2, 1), end_reason="moved", reason="Moving.", by=worker
    )

    services.hold_review_conference(
        plan=made,
        held_on=date(2027, 1, 20),
        chair="Jo Chair",
        outcome="continue",
        summary="Some progress.",
        by=worker,
    )

    waiting.refresh_from_db()
    assert waiting.status == "proposed"


def test_one_plan_ending_waits_at_a_time(referral, worker):
    made = _plan(referral, worker)
    services.propose_plan_end(
        plan=made, ended_on=date(2027, 2, 1), end_reason="adult", reason="Turned 18.", by=worker
    )

    with pytest.raises(ValidationError, match="waits for a manager"):
        services.propose_plan_end(
            plan=made, ended_on=date(2027, 2, 2), end_reason="moved", reason="Moved.", by=worker
        )


def test_another_teams_worker_cannot_propose_a_plan_ending(referral, worker, other_worker):
    made = _plan(referral, worker)

    with pytest.raises(PermissionDenied):
        services.propose_plan_end(
            plan=made,
            ended_on=date(2027, 2, 1),
            end_reason="adult",
            reason="Turned 18.",
            by=other_worker,
        )


# The manager's team tray


def test_each_waiting_decision_is_on_the_managers_team_tray_first(
    referral, worker, manager, other_manager
):
    started = enquiry(referral, worker)
    waiting = _propose_outcome(started, worker)
    today = timezone.localdate()

    rows = list(tray.team_tray(manager, today=today))
    lines = tray.team_tray_lines(rows, today=today)

    assert [(row["kind"], row["obj_id"]) for row in rows] == [("protective_decision", waiting.pk)]
    assert (lines[0].label, lines[0].is_high_risk, lines[0].person) == (
        "Child protection decision to authorise",
        True,
        worker,
    )
    assert lines[0].url == waiting.get_absolute_url()
    assert list(tray.team_tray(other_manager, today=today)) == []


def test_a_managers_own_proposal_is_not_on_their_team_tray(referral, manager):
    discussion(referral, manager, start_section_47=False)

    assert list(tray.team_tray(manager, today=timezone.localdate())) == []


def test_an_answered_decision_leaves_the_team_tray(referral, worker, manager):
    waiting = _propose_outcome(enquiry(referral, worker), worker)

    services.authorise_protective_decision(decision=waiting, by=manager)

    assert list(tray.team_tray(manager, today=timezone.localdate())) == []


def test_decisions_are_never_overwritten(referral, worker, manager):
    started = enquiry(referral, worker)
    conclude(started, worker, manager)
    decision = ProtectiveDecision.objects.get()

    with pytest.raises(ValidationError, match="already been authorised"):
        services.authorise_protective_decision(decision=decision, by=manager)

    assert Section47Enquiry.objects.get().outcome == "not_substantiated"
