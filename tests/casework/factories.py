"""Factories for the pathway records an episode holds, for casework's and workforce's tests."""

from datetime import UTC, date, datetime

import factory
from factory.django import DjangoModelFactory

from opencsc.assessments.models import Assessment, FamilyAssessment
from opencsc.casework.models import Closure, TeamTransfer
from opencsc.plans.models import CINPlan, Visit
from opencsc.protection.models import (
    Conference,
    ProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from tests.factories import ReferralFactory, TeamFactory, UserFactory


class FamilyAssessmentFactory(DjangoModelFactory[FamilyAssessment]):
    class Meta:
        model = FamilyAssessment


class AssessmentFactory(DjangoModelFactory[Assessment]):
    """An assessment in progress; `proposed` once sent to a manager, `authorised` once a manager
    has agreed its outcome."""

    class Meta:
        model = Assessment

    class Params:
        proposed = factory.Trait(
            status=Assessment.Status.PROPOSED,
            proposed_by=factory.SelfAttribute("worker"),
            proposed_at=datetime(2026, 5, 19, 10, 0, tzinfo=UTC),
        )
        authorised = factory.Trait(
            status=Assessment.Status.AUTHORISED,
            authorised_on=date(2026, 5, 20),
            outcome="cin_plan",
            proposed_by=factory.SelfAttribute("worker"),
            proposed_at=datetime(2026, 5, 19, 10, 0, tzinfo=UTC),
            reviewed_by=factory.SubFactory(UserFactory, role="team_manager"),
            reviewed_at=datetime(2026, 5, 20, 10, 0, tzinfo=UTC),
        )

    referral = factory.SubFactory(ReferralFactory, referred_on=date(2026, 5, 1))
    child = factory.LazyAttribute(lambda o: o.referral.child)
    family = factory.SubFactory(FamilyAssessmentFactory)
    started_on = date(2026, 5, 4)
    due_on = date(2026, 7, 3)
    worker = factory.SubFactory(UserFactory)


class StrategyDiscussionFactory(DjangoModelFactory[StrategyDiscussion]):
    class Meta:
        model = StrategyDiscussion

    referral = factory.SubFactory(ReferralFactory, referred_on=date(2026, 5, 1))
    child = factory.LazyAttribute(lambda o: o.referral.child)
    held_at = datetime(2026, 5, 5, 10, 0, tzinfo=UTC)
    information_shared = "Police and school shared what they know."
    start_section_47 = True
    decision_reason = "Reasonable cause to suspect significant harm."
    recorded_by = factory.SubFactory(UserFactory)


class Section47EnquiryFactory(DjangoModelFactory[Section47Enquiry]):
    """An open section 47 enquiry; `completed` when it ended with no conference needed."""

    class Meta:
        model = Section47Enquiry

    class Params:
        completed = factory.Trait(
            completed_on=date(2026, 5, 15), outcome=Section47Enquiry.Outcome.NOT_SUBSTANTIATED
        )

    strategy_discussion = factory.SubFactory(StrategyDiscussionFactory)
    referral = factory.LazyAttribute(lambda o: o.strategy_discussion.referral)
    child = factory.LazyAttribute(lambda o: o.strategy_discussion.child)
    started_on = date(2026, 5, 5)
    conference_due_on = date(2026, 5, 27)
    recorded_by = factory.SubFactory(UserFactory)


class ProtectionPlanFactory(DjangoModelFactory[ProtectionPlan]):
    class Meta:
        model = ProtectionPlan

    referral = factory.SubFactory(ReferralFactory, referred_on=date(2026, 5, 1))
    child = factory.LazyAttribute(lambda o: o.referral.child)
    started_on = date(2026, 5, 20)
    initial_category = "NEG"
    latest_category = "NEG"


class ConferenceFactory(DjangoModelFactory[Conference]):
    """The initial conference that ended an enquiry with a plan."""

    class Meta:
        model = Conference

    enquiry = factory.SubFactory(Section47EnquiryFactory)
    referral = factory.LazyAttribute(lambda o: o.enquiry.referral)
    child = factory.LazyAttribute(lambda o: o.enquiry.child)
    kind = Conference.Kind.INITIAL
    held_on = date(2026, 5, 20)
    chair = "Independent chair"
    outcome = Conference.Outcome.PLAN
    category = "NEG"
    summary = "The child is at continuing risk of significant harm."
    recorded_by = factory.SubFactory(UserFactory)


class CINPlanFactory(DjangoModelFactory[CINPlan]):
    class Meta:
        model = CINPlan

    referral = factory.SubFactory(ReferralFactory, referred_on=date(2026, 5, 1))
    child = factory.LazyAttribute(lambda o: o.referral.child)
    started_on = date(2026, 5, 21)
    outcomes = "Regular school attendance; a safe and warm home."
    child_views = "Wants to stay at home with mum."
    contingency = "Strategy discussion if attendance falls below 80%."
    created_by = factory.SubFactory(UserFactory)


class VisitFactory(DjangoModelFactory[Visit]):
    class Meta:
        model = Visit

    cin_plan = factory.SubFactory(CINPlanFactory)
    referral = factory.LazyAttribute(lambda o: o.cin_plan.referral)
    child = factory.LazyAttribute(lambda o: o.cin_plan.child)
    plan_type = Visit.PlanType.CHILD_IN_NEED
    visited_on = date(2026, 5, 26)
    kind = Visit.Kind.HOME
    child_seen = True
    seen_alone = True
    purpose = "Statutory visit."
    record = "Saw the child's bedroom; the child talked about school."
    outcome = "Plan on track."
    visited_by = factory.SubFactory(UserFactory)


class TeamTransferFactory(DjangoModelFactory[TeamTransfer]):
    """A transfer waiting for the receiving team; `accepted` or `declined` once answered."""

    class Meta:
        model = TeamTransfer

    class Params:
        accepted = factory.Trait(
            status=TeamTransfer.Status.AUTHORISED,
            reviewed_by=factory.SubFactory(UserFactory, role="team_manager"),
            reviewed_at=datetime(2026, 5, 29, 10, 0, tzinfo=UTC),
        )
        declined = factory.Trait(
            status=TeamTransfer.Status.RETURNED,
            reviewed_by=factory.SubFactory(UserFactory, role="team_manager"),
            reviewed_at=datetime(2026, 5, 29, 10, 0, tzinfo=UTC),
            manager_comment="Not at the threshold.",
        )

    referral = factory.SubFactory(ReferralFactory, referred_on=date(2026, 5, 1))
    child = factory.LazyAttribute(lambda o: o.referral.child)
    from_team = factory.SubFactory(TeamFactory)
    to_team = factory.SubFactory(TeamFactory, kind="child_protection")
    reason = "Needs long-term work."
    proposed_at = datetime(2026, 5, 25, 10, 0, tzinfo=UTC)
    proposed_by = factory.SubFactory(UserFactory)


class ClosureFactory(DjangoModelFactory):
    """A closure proposed by the worker; `authorised` once a manager has agreed it."""

    class Meta:
        model = Closure

    class Params:
        authorised = factory.Trait(
            status=Closure.Status.AUTHORISED,
            reviewed_by=factory.SubFactory(UserFactory, role="team_manager"),
            reviewed_at=datetime(2026, 5, 29, 12, 0, tzinfo=UTC),
        )

    referral = factory.SubFactory(ReferralFactory, referred_on=date(2026, 5, 1))
    closed_on = date(2026, 5, 29)
    reason = "RC7"
    summary = "The family moved away."
    proposed_by = factory.SubFactory(UserFactory)
    proposed_at = datetime(2026, 5, 29, 10, 0, tzinfo=UTC)
