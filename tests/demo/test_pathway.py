"""The demo's statutory pathway (small, seed 7): every kind of record, and the CIN census record
invariants holding on the built data.

The `_check_*` functions return what breaks a rule (empty when it holds), so that they can also be
run by hand on an `la` build (too slow for the suite):
`PYTHONPATH=. opencsc shell -c "from tests.demo.test_pathway import report; report()"`.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Q
from django.utils import timezone

from opencsc.accounts.models import Team
from opencsc.assessments.models import Assessment, AssessmentFactor, FamilyAssessment
from opencsc.casework.models import Allocation, Closure, DirectionAction, Referral, TeamTransfer
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Disability
from opencsc.plans.models import CINPlan, PlanAction, PlanReview, Visit
from opencsc.protection.models import (
    Conference,
    CoreGroupMeeting,
    ProtectionPlan,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.record import census
from opencsc.timescales import calendar, rules
from opencsc.timescales.models import DueItem

NEVER = date.max


def _by_child(rows):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.child_id].append(row)
    return grouped


def _check_protection_plans_do_not_overlap() -> list[int]:
    broken = []
    plans = ProtectionPlan.objects.order_by("child", "started_on")
    for child, own in _by_child(plans).items():
        for earlier, later in pairwise(own):
            if earlier.ended_on is None or earlier.ended_on >= later.started_on:
                broken.append(child)
    return broken


def _check_plans_never_open_together() -> list[int]:
    """A child in need plan is never open on a day a child protection plan is (4001)."""
    protection = _by_child(ProtectionPlan.objects.all())
    broken = []
    for cin_plan in CINPlan.objects.all():
        for plan in protection.get(cin_plan.child_id, []):
            if cin_plan.started_on <= (plan.ended_on or NEVER) and plan.started_on <= (
                cin_plan.ended_on or NEVER
            ):
                broken.append(cin_plan.child_id)
    return broken


def _check_plans_start_on_their_conference() -> list[int]:
    initial = {
        conference.plan_id: conference.held_on
        for conference in Conference.objects.filter(kind=Conference.Kind.INITIAL).exclude(plan=None)
    }
    return [
        plan.pk for plan in ProtectionPlan.objects.all() if initial.get(plan.pk) != plan.started_on
    ]


def _check_conferences_on_working_days() -> list[int]:
    return [
        conference.pk
        for conference in Conference.objects.all()
        if not calendar.is_working_day(conference.held_on)
    ]


def _check_reviews_in_time() -> list[int]:
    """The first review within 3 months of the plan, each later one within 6 of the last."""
    broken = []
    reviews = defaultdict(list)
    for review in Conference.objects.filter(kind=Conference.Kind.REVIEW).order_by("held_on"):
        reviews[review.plan_id].append(review.held_on)
    for plan in ProtectionPlan.objects.all():
        held = reviews[plan.pk]
        rule, previous = rules.FIRST_RCPC, plan.started_on
        for day in held:
            if not previous < day <= rule.due_on(previous):
                broken.append(plan.pk)
            rule, previous = rules.LATER_RCPC, day
        if plan.ended_on is not None and held[-1:] != [plan.ended_on]:
            broken.append(plan.pk)
    return broken


def _check_closed_episodes_concluded() -> list[int]:
    """Every assessment authorised and every enquiry concluded by a conference or none needed."""
    closed = Referral.objects.filter(status=Referral.Status.CLOSED)
    open_assessments = Assessment.objects.filter(referral__in=closed).exclude(
        status=Assessment.Status.AUTHORISED
    )
    enquiries = Section47Enquiry.objects.filter(referral__in=closed).select_related("conference")
    unconcluded = [
        enquiry.referral_id
        for enquiry in enquiries
        if enquiry.completed_on is None
        or (enquiry.outcome == "conference" and not hasattr(enquiry, "conference"))
    ]
    return [*open_assessments.values_list("referral", flat=True), *unconcluded]


def _check_nothing_after_closure() -> list[tuple[str, int]]:
    closed: dict[int, date | None] = dict(
        Referral.objects.filter(status=Referral.Status.CLOSED).values_list("pk", "closed_on")
    )
    dated: list[tuple[str, Iterable[tuple[Any, ...]]]] = [
        ("assessment", Assessment.objects.values_list("referral", "started_on", "authorised_on")),
        ("strategy", StrategyDiscussion.objects.values_list("referral", "held_at__date")),
        ("enquiry", Section47Enquiry.objects.values_list("referral", "started_on", "completed_on")),
        ("conference", Conference.objects.values_list("referral", "held_on")),
        ("plan", ProtectionPlan.objects.values_list("referral", "started_on", "ended_on")),
        ("cin plan", CINPlan.objects.values_list("referral", "started_on", "ended_on")),
        ("visit", Visit.objects.values_list("referral", "visited_on")),
        (
            "transfer",
            TeamTransfer.objects.values_list("referral", "proposed_at__date", "reviewed_at__date"),
        ),
        ("core group", CoreGroupMeeting.objects.values_list("plan__referral", "held_on")),
    ]
    broken = []
    for name, rows in dated:
        for referral, *days in rows:
            end = closed.get(referral)
            if end is not None and any(day is not None and day > end for day in days):
                broken.append((name, referral))
    return broken


def _check_closed_episodes_keep_the_census_rules() -> list[tuple[int, str]]:
    """The census rules on every closed episode (record.census): nothing after the closure, no
    further action and RC8/RC9 closures holding what they should, the closure authorised."""
    return [
        (referral.pk, problem)
        for referral in Referral.objects.filter(status=Referral.Status.CLOSED).select_related(
            "child"
        )
        for problem in census.closed_episode_problems(referral)
    ]


def _check_open_plans_have_visits_due_for_their_worker() -> list[int]:
    plan_type = ContentType.objects.get_for_model(ProtectionPlan)
    items = {
        item.record_id: item
        for item in DueItem.objects.filter(
            rule=rules.CP_VISIT.code, record_type=plan_type, closed_at=None
        )
    }
    holders = {
        allocation.child_id: allocation for allocation in Allocation.objects.filter(ended_on=None)
    }
    broken = []
    for plan in ProtectionPlan.objects.filter(ended_on=None):
        item, holder = items.get(plan.pk), holders.get(plan.child_id)
        if (
            item is None
            or holder is None
            or (item.owner_id, item.team_id) != (holder.worker_id, holder.team_id)
        ):
            broken.append(plan.pk)
    return broken


def _check_visits_within_their_plans() -> list[int]:
    plans: dict[int | None, ProtectionPlan] = {
        plan.pk: plan for plan in ProtectionPlan.objects.all()
    }
    cin_plans: dict[int | None, CINPlan] = {plan.pk: plan for plan in CINPlan.objects.all()}
    broken = []
    for visit in Visit.objects.all():
        plan = plans.get(visit.protection_plan_id) or cin_plans.get(visit.cin_plan_id)
        assert plan is not None, f"visit {visit.pk} belongs to no plan"
        if not plan.started_on <= visit.visited_on <= (plan.ended_on or NEVER):
            broken.append(visit.pk)
        if visit.child_id != plan.child_id:
            broken.append(visit.pk)
    return broken


def _check_factors_and_disabilities() -> list[int]:
    """Factors only on authorised assessments, 21 alone; no disability besides NONE (8790)."""
    broken = list(
        AssessmentFactor.objects.exclude(assessment__status=Assessment.Status.AUTHORISED)
        .values_list("assessment", flat=True)
        .distinct()
    )
    with_none = AssessmentFactor.objects.filter(code="21").values_list("assessment", flat=True)
    broken += list(
        AssessmentFactor.objects.filter(assessment__in=list(with_none))
        .exclude(code="21")
        .values_list("assessment", flat=True)
    )
    no_disability = Disability.objects.filter(code=Disability.NONE).values_list("person", flat=True)
    broken += list(
        Disability.objects.filter(person__in=list(no_disability))
        .exclude(code=Disability.NONE)
        .values_list("person", flat=True)
    )
    return broken


def _check_strategy_discussions() -> list[int]:
    """The police take part in every strategy discussion; a medical is decided on when
    physical or sexual harm is alleged."""
    with_police = set(
        StrategyAttendee.objects.filter(agency=StrategyAttendee.Agency.POLICE).values_list(
            "discussion", flat=True
        )
    )
    broken = [
        discussion.pk
        for discussion in StrategyDiscussion.objects.all()
        if discussion.pk not in with_police
        or (discussion.harm_alleged and not discussion.medical_decision)
    ]
    return broken


def _check_step_downs() -> list[int]:
    """A stepped-down plan's child in need plan starts the day after and stays open 3 months."""
    broken = []
    for cin_plan in CINPlan.objects.exclude(after_protection_plan=None).select_related(
        "after_protection_plan"
    ):
        plan = cin_plan.after_protection_plan
        assert plan is not None
        assert plan.ended_on is not None
        if cin_plan.started_on != plan.ended_on + timedelta(days=1):
            broken.append(cin_plan.pk)
        if cin_plan.keep_open_until != rules.CIN_PLAN_AFTER_CP_PLAN.due_on(cin_plan.started_on):
            broken.append(cin_plan.pk)
    return broken


def _check_repeat_plans_counted() -> list[int]:
    broken = []
    for own in _by_child(ProtectionPlan.objects.order_by("child", "started_on")).values():
        broken += [plan.pk for index, plan in enumerate(own) if plan.previous_plans != index]
    return broken


CHECKS: list[Callable[[], list[Any]]] = [
    _check_protection_plans_do_not_overlap,
    _check_plans_never_open_together,
    _check_plans_start_on_their_conference,
    _check_conferences_on_working_days,
    _check_reviews_in_time,
    _check_closed_episodes_concluded,
    _check_nothing_after_closure,
    _check_closed_episodes_keep_the_census_rules,
    _check_open_plans_have_visits_due_for_their_worker,
    _check_visits_within_their_plans,
    _check_factors_and_disabilities,
    _check_strategy_discussions,
    _check_step_downs,
    _check_repeat_plans_counted,
]


# What `la` aims at (shared/domain/rates.yaml: the `la` block, and `england` for the shares).
LA_TARGETS = {
    "assessments in the year": 4_300,
    "assessments within 45 working days": 0.857,
    "section 47 enquiries in the year": 1_400,
    "initial conferences in the year": 390,
    "initial conferences within 15 working days": 0.814,
    "protection plans started in the year": 310,
    "repeat plan share": 0.245,
    "open protection plans": 270,
}


def figures() -> dict[str, float]:
    """The pathway's figures, read back from the database as the build's summary counts them."""
    start = timezone.localdate() - timedelta(days=364)
    authorised = Assessment.objects.filter(authorised_on__gte=start)
    conferences = Conference.objects.filter(kind=Conference.Kind.INITIAL, held_on__gte=start)
    started = ProtectionPlan.objects.filter(started_on__gte=start)
    return {
        "assessments in the year": authorised.count(),
        "assessments within 45 working days": round(
            authorised.filter(authorised_on__lte=F("due_on")).count() / max(1, authorised.count()),
            3,
        ),
        "section 47 enquiries in the year": Section47Enquiry.objects.filter(
            started_on__gte=start
        ).count(),
        "initial conferences in the year": conferences.count(),
        "initial conferences within 15 working days": round(
            conferences.filter(held_on__lte=F("enquiry__conference_due_on")).count()
            / max(1, conferences.count()),
            3,
        ),
        "protection plans started in the year": started.count(),
        "repeat plan share": round(
            started.filter(previous_plans__gt=0).count() / max(1, started.count()), 3
        ),
        "open protection plans": ProtectionPlan.objects.filter(ended_on=None).count(),
        "open child in need plans": CINPlan.objects.filter(ended_on=None).count(),
    }


def report() -> None:
    """Print the pathway's figures against the `la` targets, then run every check and print what
    breaks (by hand, on an `la` build)."""
    for name, value in figures().items():
        print(f"{name:<55} {value:>8}   target {LA_TARGETS.get(name, '-')}")
    for check in CHECKS:
        broken = check()
        print(f"{check.__name__[7:]:<55} {'ok' if not broken else broken[:10]}")


def test_the_small_build_holds_every_kind_of_pathway_record(demo):
    kinds = [
        FamilyAssessment,
        Assessment,
        AssessmentFactor,
        StrategyDiscussion,
        StrategyAttendee,
        Section47Enquiry,
        ProtectionPlan,
        CoreGroupMeeting,
        CINPlan,
        PlanAction,
        PlanReview,
        Visit,
        TeamTransfer,
        Closure,
        DirectionAction,
        Disability,
    ]

    empty = [model.__name__ for model in kinds if not model.objects.exists()]

    assert empty == []
    assert Conference.objects.filter(kind=Conference.Kind.INITIAL, outcome="plan").exists()
    assert Conference.objects.filter(kind=Conference.Kind.REVIEW).exists()
    assert ProtectionPlan.objects.filter(ended_on=None).exists()
    assert ProtectionPlan.objects.exclude(ended_on=None).exists()
    assert CINPlan.objects.exclude(after_protection_plan=None).exists()
    assert Visit.objects.filter(plan_type=Visit.PlanType.CHILD_PROTECTION).exists()
    assert Visit.objects.filter(plan_type=Visit.PlanType.CHILD_IN_NEED).exists()
    assert TeamTransfer.objects.filter(status=TeamTransfer.Status.AUTHORISED).exists()
    assert TeamTransfer.objects.filter(status=TeamTransfer.Status.PROPOSED).exists()
    assert Assessment.objects.exclude(status=Assessment.Status.AUTHORISED).exists()
    assert Section47Enquiry.objects.exclude(outcome="").exists()


def test_siblings_assessed_together_share_a_family_assessment(demo):
    shared = FamilyAssessment.objects.annotate(children=Count("assessments")).filter(children__gt=1)

    assert shared.exists()
    for family in shared[:20]:
        dates = set(family.assessments.values_list("referral__referred_on", "started_on"))
        assert len(dates) == 1


def test_most_children_are_seen_alone_a_few_with_a_reason(demo):
    authorised = Assessment.objects.filter(status=Assessment.Status.AUTHORISED)

    alone = authorised.exclude(seen_alone_on=None).count()
    with_reason = authorised.filter(seen_alone_on=None).exclude(not_seen_alone_reason="").count()

    assert alone > authorised.count() / 2
    assert with_reason > 0
    assert alone + with_reason >= authorised.count() - 5
    assert not authorised.filter(seen_on=None, seen_alone_on__isnull=False).exists()


def test_every_open_plan_has_its_due_items(demo):
    plan_type = ContentType.objects.get_for_model(ProtectionPlan)
    cin_type = ContentType.objects.get_for_model(CINPlan)
    items = DueItem.objects.filter(closed_at=None)

    for plan in ProtectionPlan.objects.filter(ended_on=None):
        rules_open = set(
            items.filter(record_type=plan_type, record_id=plan.pk).values_list("rule", flat=True)
        )
        assert rules.CP_VISIT.code in rules_open
        assert rules_open & {rules.CORE_GROUP.code, rules.FIRST_CORE_GROUP.code}
        assert rules_open & {rules.FIRST_RCPC.code, rules.LATER_RCPC.code}
    for cin_plan in CINPlan.objects.filter(ended_on=None):
        rules_open = set(
            items.filter(record_type=cin_type, record_id=cin_plan.pk).values_list("rule", flat=True)
        )
        assert rules_open == {rules.CIN_VISIT.code, rules.CIN_PLAN_REVIEW.code}


def test_no_placeholder_visit_or_review_items_on_allocations(demo):
    allocation_type = ContentType.objects.get_for_model(Allocation)
    pathway_rules = [
        rules.CP_VISIT.code,
        rules.CORE_GROUP.code,
        rules.CIN_VISIT.code,
        rules.CIN_PLAN_REVIEW.code,
    ]

    placeholders = DueItem.objects.filter(record_type=allocation_type, rule__in=pathway_rules)

    assert not placeholders.exists()


def test_open_episode_items_are_owned_by_the_current_holder(demo):
    holders = {
        allocation.child_id: (allocation.worker_id, allocation.team_id)
        for allocation in Allocation.objects.filter(ended_on=None)
    }
    pathway_rules = [
        rules.ASSESSMENT.code,
        rules.ICPC.code,
        rules.CP_VISIT.code,
        rules.CIN_VISIT.code,
        rules.TRANSFER_AFTER_ASSESSMENT.code,
    ]

    items = DueItem.objects.filter(closed_at=None, rule__in=pathway_rules)

    assert items.exists()
    assert [i.pk for i in items if holders.get(i.child_id) != (i.owner_id, i.team_id)] == []


def test_a_child_protection_team_manager_has_overdue_visits_to_see(demo):
    today = timezone.localdate()
    overdue = DueItem.objects.filter(
        rule=rules.CP_VISIT.code,
        closed_at=None,
        due_on__lt=today,
        team__kind=Team.Kind.CHILD_PROTECTION,
    )

    assert overdue.exists()


def test_pending_transfers_wait_for_a_long_term_team(demo):
    pending = TeamTransfer.objects.filter(status=TeamTransfer.Status.PROPOSED)
    items = DueItem.objects.filter(rule=rules.TRANSFER_AFTER_ASSESSMENT.code, closed_at=None)

    assert set(pending.values_list("child", flat=True)) == set(
        items.values_list("child", flat=True)
    )
    for transfer in TeamTransfer.objects.filter(status=TeamTransfer.Status.AUTHORISED):
        assert transfer.working_days_waited == calendar.working_days_between(
            transfer.assessment_completed_on, timezone.localdate(transfer.reviewed_at)
        )
        assert transfer.from_team.kind == Team.Kind.ASSESSMENT


def test_episode_allocations_name_their_referral_and_current_ones_have_direction(demo):
    current = Allocation.objects.filter(
        ended_on=None, team__kind__in=["assessment", "child_protection"]
    )

    assert not current.filter(referral=None).exists()
    assert not current.filter(direction="").exists()
    assert not current.filter(Q(actions=None)).exists()
    for allocation in current.select_related("referral")[:50]:
        assert allocation.referral.child_id == allocation.child_id
        assert allocation.referral.status == Referral.Status.OPEN


def test_each_pathway_event_is_on_the_chronology(demo):
    kinds = set(ChronologyEntry.objects.values_list("kind", flat=True))
    visit_type = ContentType.objects.get_for_model(Visit)

    assert {
        ChronologyEntry.Kind.ASSESSMENT,
        ChronologyEntry.Kind.STRATEGY,
        ChronologyEntry.Kind.SECTION_47,
        ChronologyEntry.Kind.CONFERENCE,
        ChronologyEntry.Kind.PLAN,
        ChronologyEntry.Kind.VISIT,
        ChronologyEntry.Kind.TRANSFER,
        ChronologyEntry.Kind.CLOSURE,
    } <= kinds
    assert ChronologyEntry.objects.filter(record_type=visit_type).count() == Visit.objects.count()


def test_disabled_childrens_teams_hold_disabled_children_on_plans(demo):
    held = Allocation.objects.filter(ended_on=None, team__kind=Team.Kind.DISABLED_CHILDREN)
    children = set(held.exclude(child__date_of_birth=None).values_list("child", flat=True))

    disabled = set(
        Disability.objects.exclude(code=Disability.NONE).values_list("person", flat=True)
    )

    assert children
    assert children <= disabled
    assert not ProtectionPlan.objects.filter(child__in=children, ended_on=None).exists()


def test_the_summary_prints_the_pathway_figures_the_database_holds(demo):
    held = figures()

    assert held["protection plans started in the year"] > 0
    assert f"{held['assessments in the year']:,} assessments in the year" in demo
    assert f"{held['section 47 enquiries in the year']:,} section 47 enquiries" in demo
    assert f"{held['initial conferences in the year']:,} initial conferences" in demo
    assert f"{held['protection plans started in the year']:,} protection plans started" in demo
    assert f"{held['open protection plans']:,} protection plans and" in demo
    assert f"{held['open child in need plans']:,} child in need plans open" in demo


@pytest.mark.parametrize("check", CHECKS, ids=[check.__name__[7:] for check in CHECKS])
def test_the_record_invariants_hold(demo, check):
    assert check() == []
