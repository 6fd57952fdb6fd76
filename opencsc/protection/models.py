"""Child protection: strategy discussions, section 47 enquiries, conferences, plans, core groups."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core import approvals
from opencsc.core.approvals import Approval, ApprovalWords, approval_constraints
from opencsc.core.codes import cin_choices
from opencsc.core.models import BaseModel


class StrategyDiscussion(BaseModel):
    """A strategy discussion or meeting about one child, and its decision on an enquiry."""

    class Kind(models.TextChoices):
        DISCUSSION = "discussion", "Strategy discussion"
        MEETING = "meeting", "Strategy meeting"

    class Medical(models.TextChoices):
        NEEDED = "needed", "A child protection medical is needed"
        NOT_NEEDED = "not_needed", "A child protection medical is not needed"

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    referral = models.ForeignKey(
        "casework.Referral", on_delete=models.PROTECT, related_name="strategy_discussions"
    )
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.DISCUSSION)
    held_at = models.DateTimeField()
    information_shared = models.TextField()
    harm_alleged = models.BooleanField(
        "Physical or sexual harm is alleged",
        default=False,
        help_text="Then the child protection medical decision and its reason are required.",
    )
    medical_considered = models.BooleanField(null=True, blank=True)
    medical_decision = models.CharField(max_length=16, choices=Medical, blank=True)
    medical_reason = models.TextField(blank=True)
    start_section_47 = models.BooleanField("Start a section 47 enquiry")
    decision_reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "-held_at"], name="strategy_child_newest")]
        constraints = [
            models.CheckConstraint(
                name="strategy_medical_decided_when_harm_alleged",
                condition=Q(harm_alleged=False)
                | (Q(medical_considered=True) & ~Q(medical_decision="") & ~Q(medical_reason="")),
            ),
            models.CheckConstraint(name="strategy_has_reason", condition=~Q(decision_reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} about {self.child}"

    def get_absolute_url(self) -> str:
        return reverse("protection:strategy", args=[self.pk])


class StrategyAttendee(BaseModel):
    """Who took part in a strategy discussion, for which agency and in what role."""

    class Agency(models.TextChoices):
        SOCIAL_CARE = "social_care", "Children's social care"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        OTHER = "other", "Other"

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="attendees"
    )
    agency = models.CharField(max_length=16, choices=Agency)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role} ({self.get_agency_display()})"


class Section47Enquiry(BaseModel):
    """A section 47 enquiry, started by a strategy discussion (CIN census Section47)."""

    class Outcome(models.TextChoices):
        NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
        NO_CONFERENCE = "no_conference", "Concerns substantiated, no conference needed"
        CONFERENCE = "conference", "Concerns substantiated, conference needed"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="enquiries")
    referral = models.ForeignKey(
        "casework.Referral", on_delete=models.PROTECT, related_name="enquiries"
    )
    strategy_discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiry"
    )
    started_on = models.DateField(help_text="CIN census S47ActualStartDate.")
    conference_due_on = models.DateField(
        help_text="CIN census InitialCPCtarget: 15 working days from the strategy discussion."
    )
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seen_on = models.DateField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=32, choices=Outcome, blank=True)
    outcome_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "section 47 enquiries"
        indexes = [models.Index(fields=["child", "-started_on"], name="enquiry_child_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "child"],
                condition=Q(completed_on__isnull=True),
                name="enquiry_one_open_per_episode",
            ),
            models.CheckConstraint(
                name="enquiry_ends_after_it_starts",
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("started_on")),
            ),
            models.CheckConstraint(
                name="enquiry_seen_after_it_starts",
                condition=Q(seen_on__isnull=True) | Q(seen_on__gte=F("started_on")),
            ),
            models.CheckConstraint(
                name="enquiry_outcome_iff_completed",
                condition=Q(completed_on__isnull=True, outcome="")
                | (Q(completed_on__isnull=False) & ~Q(outcome="")),
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry about {self.child} from {self.started_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("protection:enquiry", args=[self.pk])

    @property
    def conference_not_required(self) -> bool:
        """CIN census ICPCnotRequired: concluded without needing an initial conference."""
        return self.completed_on is not None and self.outcome != self.Outcome.CONFERENCE


class ProtectionPlan(BaseModel):
    """A child protection plan, started by the initial conference that decided it."""

    class EndReason(models.TextChoices):
        STEPPED_DOWN = "stepped_down", "No longer at risk: stepped down to a child in need plan"
        NO_LONGER_AT_RISK = "no_longer_at_risk", "No longer at risk: no further plan"
        LOOKED_AFTER = "looked_after", "Became looked after"
        MOVED = "moved", "Moved to another local authority"
        ADULT = "adult", "Reached 18"
        OTHER = "other", "Other"

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="protection_plans"
    )
    referral = models.ForeignKey(
        "casework.Referral", on_delete=models.PROTECT, related_name="protection_plans"
    )
    started_on = models.DateField(
        help_text="CIN census CPPstartDate: the initial conference's date."
    )
    initial_category = models.CharField(max_length=3, choices=cin_choices("category_of_abuse"))
    latest_category = models.CharField(max_length=3, choices=cin_choices("category_of_abuse"))
    previous_plans = models.PositiveSmallIntegerField(
        default=0, help_text="CIN census NumberOfPreviousCPP."
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=32, choices=EndReason, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["child", "-started_on"], name="cp_plan_child_newest"),
            models.Index(fields=["started_on"], name="cp_plan_started_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="cp_plan_one_open_per_child",
            ),
            models.CheckConstraint(
                name="cp_plan_ends_after_the_day_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
            ),
            models.CheckConstraint(
                name="cp_plan_end_reason_iff_ended",
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan for {self.child} from {self.started_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("protection:plan", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    @property
    def is_repeat(self) -> bool:
        """A second or later plan for the child."""
        return self.previous_plans > 0


class Conference(BaseModel):
    """An initial or review child protection conference."""

    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"

    class Outcome(models.TextChoices):
        PLAN = "plan", "Child protection plan"
        NO_PLAN = "no_plan", "No child protection plan"
        CONTINUE = "continue", "Plan continues"
        END = "end", "Plan ends"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="conferences")
    referral = models.ForeignKey(
        "casework.Referral", on_delete=models.PROTECT, related_name="conferences"
    )
    kind = models.CharField(max_length=16, choices=Kind)
    enquiry = models.OneToOneField(
        Section47Enquiry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conference",
        help_text="For an initial conference: the enquiry that called it.",
    )
    plan = models.ForeignKey(
        ProtectionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conferences",
        help_text="The plan an initial conference made, or the plan a review conference reviewed.",
    )
    held_on = models.DateField()
    chair = models.CharField(max_length=150)
    outcome = models.CharField(max_length=16, choices=Outcome)
    category = models.CharField(
        max_length=3,
        choices=cin_choices("category_of_abuse"),
        blank=True,
        help_text="The category of abuse the conference set for the plan.",
    )
    summary = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]
        indexes = [models.Index(fields=["child", "held_on"], name="conference_child_held")]
        constraints = [
            models.CheckConstraint(
                name="conference_initial_has_enquiry_review_has_plan",
                condition=Q(kind="initial", enquiry__isnull=False)
                | Q(kind="review", plan__isnull=False, enquiry__isnull=True),
            ),
            models.CheckConstraint(
                name="conference_outcome_fits_kind",
                condition=Q(kind="initial", outcome__in=["plan", "no_plan"])
                | Q(kind="review", outcome__in=["continue", "end"]),
            ),
            models.CheckConstraint(
                name="conference_plan_has_category",
                condition=~Q(outcome="plan") | ~Q(category=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child} on {self.held_on:%-d %B %Y}"


class CoreGroupMeeting(BaseModel):
    """A core group meeting of a child protection plan."""

    plan = models.ForeignKey(
        ProtectionPlan, on_delete=models.PROTECT, related_name="core_group_meetings"
    )
    held_on = models.DateField()
    attendees = models.TextField()
    progress = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Core group on {self.held_on:%-d %B %Y}"


class ProtectiveDecision(BaseModel, Approval):
    """A protective decision a worker proposes and a manager authorises or returns (the one
    approval shape, core.approvals): a strategy discussion's decision not to start a section 47
    enquiry, a section 47 enquiry's outcome of concerns not substantiated or no conference
    needed, or a child protection plan ending other than at a review conference. Nothing takes
    effect until it is authorised: the enquiry stays open (and its initial conference clock
    running), the plan stays open. A returned proposal is kept; proposing again is a new row.

    proposed ──> authorised
        └─────> returned     (with the manager's comment; back in the worker's tray)
    """

    class Kind(models.TextChoices):
        NO_SECTION_47 = "no_section_47", "No section 47 enquiry"
        ENQUIRY_OUTCOME = "enquiry_outcome", "Section 47 outcome with no conference"
        PLAN_END = "plan_end", "Child protection plan ending outside a review conference"

    class Status(models.TextChoices):
        PROPOSED = approvals.PROPOSED, "Waiting for a manager"
        AUTHORISED = approvals.AUTHORISED, "Authorised"
        RETURNED = approvals.RETURNED, "Returned"

    # The outcomes of an enquiry that end it without a conference, and so need a manager.
    ENQUIRY_OUTCOMES = (
        Section47Enquiry.Outcome.NOT_SUBSTANTIATED,
        Section47Enquiry.Outcome.NO_CONFERENCE,
    )
    # Why a plan may end without a review conference: the child's circumstances, not a judgement
    # that the risk has gone (only a review conference decides that).
    PLAN_END_REASONS = (
        ProtectionPlan.EndReason.LOOKED_AFTER,
        ProtectionPlan.EndReason.MOVED,
        ProtectionPlan.EndReason.ADULT,
        ProtectionPlan.EndReason.OTHER,
    )

    TRANSITIONS = approvals.ANSWERED_ONCE
    WORDS = ApprovalWords(noun="decision")

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="protective_decisions"
    )
    referral = models.ForeignKey(
        "casework.Referral", on_delete=models.PROTECT, related_name="protective_decisions"
    )
    decision_kind = models.CharField(max_length=16, choices=Kind)
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protective_decisions",
    )
    enquiry = models.ForeignKey(
        Section47Enquiry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protective_decisions",
    )
    plan = models.ForeignKey(
        ProtectionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="protective_decisions",
    )
    decided_on = models.DateField(
        help_text="The day it takes effect: the discussion, the enquiry's end, the plan's end."
    )
    enquiry_outcome = models.CharField(max_length=32, choices=Section47Enquiry.Outcome, blank=True)
    end_reason = models.CharField(max_length=32, choices=ProtectionPlan.EndReason, blank=True)
    reason = models.TextField(help_text="The worker's reasons for the decision.")
    status = models.CharField(max_length=16, choices=Status, default=Status.PROPOSED)

    class Meta:
        indexes = [
            models.Index(
                fields=["status", "proposed_at"],
                condition=Q(status="proposed"),
                name="protective_decision_waiting",
            )
        ]
        constraints = [
            models.CheckConstraint(
                name="protective_decision_names_its_record",
                condition=Q(
                    decision_kind="no_section_47",
                    strategy_discussion__isnull=False,
                    enquiry__isnull=True,
                    plan__isnull=True,
                    enquiry_outcome="",
                    end_reason="",
                )
                | Q(
                    decision_kind="enquiry_outcome",
                    strategy_discussion__isnull=True,
                    enquiry__isnull=False,
                    plan__isnull=True,
                    enquiry_outcome__in=["not_substantiated", "no_conference"],
                    end_reason="",
                )
                | Q(
                    decision_kind="plan_end",
                    strategy_discussion__isnull=True,
                    enquiry__isnull=True,
                    plan__isnull=False,
                    enquiry_outcome="",
                    end_reason__in=["looked_after", "moved", "adult", "other"],
                ),
            ),
            models.CheckConstraint(name="protective_decision_has_reason", condition=~Q(reason="")),
            *(
                models.UniqueConstraint(
                    fields=[field],
                    condition=Q(status=status),
                    name=f"protective_decision_one_{status}_per_{field}",
                )
                for field in ("strategy_discussion", "enquiry", "plan")
                for status in ("proposed", "authorised")
            ),
            *approval_constraints("protective_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_kind_display()} for {self.child}"

    def get_absolute_url(self) -> str:
        return reverse("protection:decision", args=[self.pk])

    @property
    def record(self) -> "StrategyDiscussion | Section47Enquiry | ProtectionPlan":
        """The strategy discussion, enquiry or plan the decision is about."""
        return self.strategy_discussion or self.enquiry or self.plan  # type: ignore[return-value]

    @property
    def what(self) -> str:
        """The decision in words: "Concerns not substantiated", "Became looked after"."""
        if self.decision_kind == self.Kind.ENQUIRY_OUTCOME:
            return self.get_enquiry_outcome_display()
        if self.decision_kind == self.Kind.PLAN_END:
            return f"Plan ends: {self.get_end_reason_display()}"
        return "No section 47 enquiry"
