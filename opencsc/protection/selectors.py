"""Reads for child protection: a strategy discussion, an enquiry and a plan's page, each with a
fixed number of queries whatever the record holds."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, Model, OuterRef, QuerySet, Subquery
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Agency, User
from opencsc.casework.models import Allocation, Referral
from opencsc.core.rows import first_rows_and_count
from opencsc.plans.models import CINPlan, Visit
from opencsc.protection.models import (
    ActionProgress,
    Conference,
    CoreGroupMeeting,
    CoreGroupMember,
    MedicalNotHeld,
    ProtectionMedical,
    ProtectionPlan,
    ProtectionPlanAction,
    ProtectiveDecision,
    Section47Enquiry,
    StrategyAttendee,
    StrategyDiscussion,
)
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.selectors import with_status

RECENT_ROWS = 10


def open_items_for(record: Model, *, today: date) -> QuerySet[DueItem]:
    """A record's open due items, soonest first, each tagged due or overdue."""
    items = DueItem.objects.filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk, closed_at=None
    ).select_related("owner", "team")
    return with_status(items, today=today).order_by("due_on", "pk")


def long_plan_from(plan: ProtectionPlan) -> date:
    """The day a plan becomes a long plan (two years or more: DfE children in need statistics)."""
    return rules.LONG_PLAN.due_on(plan.started_on)


def is_long_plan(plan: ProtectionPlan, *, today: date) -> bool:
    """Whether the plan has lasted (or lasted) two years or more."""
    return long_plan_from(plan) <= (plan.ended_on or today)


@dataclass(frozen=True)
class CarriedDisclosure:
    """A child's disclosure of physical or sexual abuse, as the contact recorded it."""

    label: str
    details: str
    contact_reference: str


def disclosure_for(referral: Referral) -> CarriedDisclosure | None:
    """The physical or sexual abuse the child disclosed on the contact that led to the referral,
    which the strategy discussion starts from; None when there is none."""
    contact = referral.contact
    if contact is None or not contact.disclosed_physical_or_sexual_abuse:
        return None
    return CarriedDisclosure(
        label=contact.get_disclosure_display(),
        details=contact.disclosure_details,
        contact_reference=contact.reference,
    )


@dataclass
class MedicalState:
    """Where the child protection medical a discussion decided was needed stands."""

    medical: ProtectionMedical | None
    not_held: list[MedicalNotHeld]
    due_item: DueItem | None

    @property
    def authorised_not_held(self) -> MedicalNotHeld | None:
        return next(
            (a for a in self.not_held if a.status == MedicalNotHeld.Status.AUTHORISED), None
        )

    @property
    def waiting_not_held(self) -> MedicalNotHeld | None:
        return next((a for a in self.not_held if a.status == MedicalNotHeld.Status.PROPOSED), None)

    @property
    def is_settled(self) -> bool:
        """Recorded, or its reason for not being held authorised: nothing more to do."""
        return self.medical is not None or self.authorised_not_held is not None


@dataclass
class StrategyPage:
    discussion: StrategyDiscussion
    attendees: list[StrategyAttendee]
    enquiry: Section47Enquiry | None
    medical: MedicalState | None = None


def medical_state(discussion: StrategyDiscussion, *, today: date) -> MedicalState | None:
    """The medical a discussion decided was needed, the reasons given for not holding it (newest
    first) and its open due item; None when no medical was decided needed. The same three reads
    whatever the decision, so the strategy discussion's page runs the same queries for each."""
    state = MedicalState(
        medical=ProtectionMedical.objects.filter(discussion=discussion)
        .select_related("recorded_by")
        .first(),
        not_held=list(
            MedicalNotHeld.objects.filter(discussion=discussion)
            .select_related("proposed_by", "reviewed_by")
            .order_by("-proposed_at", "-pk")
        ),
        due_item=open_items_for(discussion, today=today)
        .filter(rule=rules.PROTECTION_MEDICAL.code)
        .first(),
    )
    return state if discussion.medical_decision == StrategyDiscussion.Medical.NEEDED else None


def strategy_page(discussion: StrategyDiscussion, *, today: date | None = None) -> StrategyPage:
    """A strategy discussion with who took part, the enquiry it started and, when it decided a
    medical was needed, where the medical stands."""
    discussion = StrategyDiscussion.objects.select_related(
        "child", "referral__contact", "recorded_by"
    ).get(pk=discussion.pk)
    return StrategyPage(
        discussion=discussion,
        attendees=list(discussion.attendees.order_by("pk")),
        enquiry=Section47Enquiry.objects.filter(strategy_discussion=discussion).first(),
        medical=medical_state(discussion, today=today or timezone.localdate()),
    )


@dataclass
class EnquiryPage:
    enquiry: Section47Enquiry
    conference: Conference | None
    due_items: list[DueItem] = field(default_factory=list)


def enquiry_page(enquiry: Section47Enquiry, *, today: date) -> EnquiryPage:
    """A section 47 enquiry with its strategy discussion, the initial conference and the ICPC
    clock."""
    enquiry = Section47Enquiry.objects.select_related(
        "child", "referral", "strategy_discussion", "seen_by", "recorded_by"
    ).get(pk=enquiry.pk)
    conference = (
        Conference.objects.filter(enquiry=enquiry).select_related("plan", "recorded_by").first()
    )
    return EnquiryPage(
        enquiry=enquiry,
        conference=conference,
        due_items=list(open_items_for(enquiry, today=today)),
    )


def plan_actions(plan: ProtectionPlan) -> list[ProtectionPlanAction]:
    """The plan's actions, each with its agency and the latest core group's progress on it
    (`latest_status`, `latest_note`, `latest_on`: None before any core group), in one query."""
    latest = ActionProgress.objects.filter(action=OuterRef("pk")).order_by(
        "-meeting__held_on", "-pk"
    )
    return list(
        ProtectionPlanAction.objects.filter(plan=plan)
        .select_related("agency")
        .annotate(
            latest_status=Subquery(latest.values("status")[:1]),
            latest_note=Subquery(latest.values("note")[:1]),
            latest_on=Subquery(latest.values("meeting__held_on")[:1]),
        )
        .order_by("due_on", "pk")
    )


def core_group_members(plan: ProtectionPlan) -> list[CoreGroupMember]:
    """The plan's current core group, in the order they joined."""
    return list(CoreGroupMember.objects.filter(plan=plan, left_on=None).order_by("pk"))


@dataclass
class ProtectionPlanPage:
    """Everything a child protection plan's page shows, with its flags."""

    plan: ProtectionPlan
    actions: list[ProtectionPlanAction]
    members: list[CoreGroupMember]
    conferences: list[Conference]
    core_groups: list[CoreGroupMeeting]
    core_group_count: int
    visits: list[Visit]
    visit_count: int
    due_items: list[DueItem]
    step_down_plans: list[CINPlan]
    is_long: bool
    long_from: date

    @property
    def is_repeat(self) -> bool:
        return self.plan.is_repeat


# What the plan's page shows of its relations: read with the plan by the read gate.
PROTECTION_PLAN_PAGE_RELATED = ("child", "referral", "lead_social_worker")


def protection_plan_page(plan: ProtectionPlan, *, today: date) -> ProtectionPlanPage:
    """A child protection plan (read with `PROTECTION_PLAN_PAGE_RELATED`): its conferences, the
    latest core groups and visits with how many there are in all, the next deadlines, the plan it
    stepped down to, and the repeat and long-plan flags."""
    core_groups, core_group_count = first_rows_and_count(
        CoreGroupMeeting.objects.filter(plan=plan)
        .select_related("recorded_by")
        .order_by("-held_on", "-pk"),
        RECENT_ROWS,
    )
    visits, visit_count = first_rows_and_count(
        Visit.objects.filter(protection_plan=plan)
        .select_related("visited_by")
        .order_by("-visited_on", "-pk"),
        RECENT_ROWS,
    )
    return ProtectionPlanPage(
        plan=plan,
        actions=plan_actions(plan),
        members=core_group_members(plan),
        conferences=list(
            Conference.objects.filter(plan=plan)
            .select_related("recorded_by")
            .prefetch_related("attendees", "reports")
            .order_by("held_on", "pk")
        ),
        core_groups=core_groups,
        core_group_count=core_group_count,
        visits=visits,
        visit_count=visit_count,
        due_items=list(open_items_for(plan, today=today)),
        step_down_plans=list(CINPlan.objects.filter(after_protection_plan=plan).order_by("pk")),
        is_long=is_long_plan(plan, today=today),
        long_from=long_plan_from(plan),
    )


def partner_agencies() -> list[Agency]:
    """The partner agencies a plan's action may name, by name."""
    return list(Agency.objects.order_by("name"))


@dataclass
class PlanProgress:
    """What a core group or review conference sees of a plan: its actions with their latest
    progress, and its current core group."""

    actions: list[ProtectionPlanAction]
    members: list[CoreGroupMember]


def plan_progress(plan: ProtectionPlan) -> PlanProgress:
    return PlanProgress(actions=plan_actions(plan), members=core_group_members(plan))


# The protective decisions managers sign off (issue 13, part 4)


def protective_decisions_to_authorise(
    *, user: User, team_ids: list[int] | None
) -> QuerySet[ProtectiveDecision]:
    """Protective decisions waiting for a manager, about children the given teams hold (None:
    every team), never the user's own proposals (another manager authorises those), oldest
    first."""
    decisions = (
        ProtectiveDecision.objects.filter(status=ProtectiveDecision.Status.PROPOSED)
        .exclude(proposed_by=user)
        # As the team tray: a restricted child only when the record names the manager.
        .filter(permissions.open_to_team_managers(user))
    )
    if team_ids is not None:
        held = Allocation.objects.filter(
            child_id=OuterRef("child_id"), ended_on=None, team_id__in=team_ids
        )
        decisions = decisions.filter(Exists(held))
    return decisions.select_related("child", "proposed_by").order_by("proposed_at", "pk")


def decisions_about(
    *,
    discussion: StrategyDiscussion | None = None,
    enquiry: Section47Enquiry | None = None,
    plan: ProtectionPlan | None = None,
) -> list[ProtectiveDecision]:
    """Every protective decision proposed about this record, newest first (returned ones kept)."""
    return list(
        ProtectiveDecision.objects.filter(
            strategy_discussion=discussion, enquiry=enquiry, plan=plan
        )
        .select_related("proposed_by", "reviewed_by")
        .order_by("-proposed_at", "-pk")
    )


def protective_decision_page(decision: ProtectiveDecision) -> ProtectiveDecision:
    """A protective decision with its record, proposer and reviewer."""
    return ProtectiveDecision.objects.select_related(
        "child",
        "referral",
        "strategy_discussion",
        "enquiry",
        "plan",
        "proposed_by",
        "reviewed_by",
    ).get(pk=decision.pk)
