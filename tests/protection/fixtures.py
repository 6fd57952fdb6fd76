"""Fixtures and builders for the child protection and plans tests: a child protection team holding
a child's open episode, its staff, a frozen clock, and the pathway's records built through the
services."""

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from unittest.mock import patch
from zoneinfo import ZoneInfo

import pytest

from opencsc.accounts.models import Role, Team, User
from opencsc.casework.models import Referral
from opencsc.people.models import Person
from opencsc.plans import services as plans
from opencsc.protection import services as protection
from opencsc.protection.models import ProtectionPlan, Section47Enquiry, StrategyDiscussion
from tests.factories import (
    AllocationFactory,
    PersonFactory,
    ReferralFactory,
    TeamFactory,
    UserFactory,
)

LONDON = ZoneInfo("Europe/London")
POLICE = protection.Attendee("police", "DC Sam Hart", "Detective constable")
SOCIAL_CARE = protection.Attendee("social_care", "Ola Reed", "Social worker")


def london(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


class Clock:
    """The frozen `timezone.now`: set `now` to move it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Iterator[Clock]:
    """Freeze the clock at 10:00 on Tuesday 1 June 2027 (London)."""
    frozen = Clock(london(2027, 6, 1))
    with patch("django.utils.timezone.now", new=frozen):
        yield frozen


@pytest.fixture
def cp_team(db) -> Team:
    return TeamFactory(name="Child protection north", kind=Team.Kind.CHILD_PROTECTION)


@pytest.fixture
def worker(cp_team) -> User:
    return UserFactory(role=Role.SOCIAL_WORKER, team=cp_team, first_name="Ola", last_name="Reed")


@pytest.fixture
def manager(cp_team) -> User:
    return UserFactory(role=Role.TEAM_MANAGER, team=cp_team, first_name="Kit", last_name="Moss")


@pytest.fixture
def head_of_service(db) -> User:
    return UserFactory(role=Role.HEAD_OF_SERVICE, first_name="Ada", last_name="Grey")


@pytest.fixture
def other_worker(db) -> User:
    other = TeamFactory(name="Child protection south", kind=Team.Kind.CHILD_PROTECTION)
    return UserFactory(role=Role.SOCIAL_WORKER, team=other)


@pytest.fixture
def child(db) -> Person:
    return PersonFactory(first_name="Amara", last_name="Okafor")


@pytest.fixture
def referral(clock, child, cp_team, worker) -> Referral:
    """The child's open episode, referred on Monday 2 June 2025, held by the child protection
    team with `worker` allocated."""
    referral = ReferralFactory(child=child, referred_on=date(2025, 6, 2))
    AllocationFactory(
        child=child, team=cp_team, worker=worker, started_on=date(2025, 6, 2), referral=referral
    )
    return referral


def strategy_details(**changes: Any) -> protection.StrategyDetails:
    """A strategy discussion at 10:00 on Monday 14 December 2026 that starts a section 47."""
    values: dict[str, Any] = {
        "held_at": london(2026, 12, 14),
        "kind": "discussion",
        "information_shared": "School saw bruising to the upper arm; police hold a 2024 report.",
        "harm_alleged": False,
        "start_section_47": True,
        "decision_reason": "Reasonable cause to suspect significant harm.",
    }
    values.update(changes)
    return protection.StrategyDetails(**values)


def discussion(
    referral: Referral, by: User, on: date = date(2026, 12, 14), **changes: Any
) -> StrategyDiscussion:
    details = strategy_details(held_at=london(on.year, on.month, on.day), **changes)
    return protection.record_strategy_discussion(
        referral=referral, details=details, attendees=[POLICE, SOCIAL_CARE], by=by
    )


def enquiry(referral: Referral, by: User, on: date = date(2026, 12, 14)) -> Section47Enquiry:
    """A section 47 enquiry started by a strategy discussion on `on`."""
    return discussion(referral, by, on).enquiry


def plan(
    referral: Referral,
    by: User,
    *,
    discussed_on: date = date(2026, 12, 14),
    conference_on: date = date(2026, 12, 17),
    category: str = "PHY",
) -> ProtectionPlan:
    """A child protection plan from an initial conference on `conference_on`."""
    conference = protection.hold_initial_conference(
        enquiry=enquiry(referral, by, discussed_on),
        held_on=conference_on,
        chair="Jo Chair",
        outcome="plan",
        category=category,
        summary="Risk of physical harm from a parent.",
        by=by,
    )
    assert conference.plan is not None
    return conference.plan


def end_plan(
    plan: ProtectionPlan, by: User, on: date, reason: str = "no_longer_at_risk"
) -> ProtectionPlan:
    protection.hold_review_conference(
        plan=plan,
        held_on=on,
        chair="Jo Chair",
        outcome="end",
        end_reason=reason,
        summary="Risks reduced.",
        by=by,
    )
    plan.refresh_from_db()
    return plan


ACTIONS = [
    plans.PlannedAction(
        "Mum attends the Triple P parenting course weekly",
        "Family support worker",
        date(2027, 9, 1),
    )
]


def cin_details(started_on: date = date(2026, 11, 2), **changes: Any) -> plans.CINPlanDetails:
    values: dict[str, Any] = {
        "started_on": started_on,
        "outcomes": "Amara attends school every day and is fed well.",
        "child_views": "Amara wants her mum to have help.",
        "contingency": "A strategy discussion if school sees new bruising.",
    }
    values.update(changes)
    return plans.CINPlanDetails(**values)


def cin_plan(referral: Referral, by: User, started_on: date = date(2026, 11, 2)):
    return plans.start_cin_plan(
        referral=referral, details=cin_details(started_on), actions=ACTIONS, by=by
    )


def visit_details(visited_on: date, **changes: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "visited_on": visited_on,
        "kind": "home",
        "child_seen": True,
        "seen_alone": True,
        "bedroom_seen": True,
        "purpose": "Statutory visit",
        "record": "Amara showed me her room and talked about school.",
        "outcome": "No new concerns.",
    }
    values.update(changes)
    return values


def conclude(
    started: Section47Enquiry,
    by: User,
    manager: User,
    *,
    outcome: str = "not_substantiated",
    on: date = date(2026, 12, 18),
    reason: str = "Explained injury",
) -> Section47Enquiry:
    """End an enquiry with no conference: the worker proposes the outcome, a manager authorises
    it (issue 13: the clock closes only then)."""
    protection.complete_enquiry(
        enquiry=started, completed_on=on, outcome=outcome, reason=reason, by=by
    )
    waiting = protection.waiting_decision(enquiry=started)
    assert waiting is not None
    protection.authorise_protective_decision(decision=waiting, by=manager)
    started.refresh_from_db()
    return started
