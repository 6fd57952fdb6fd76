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
    contact_disclosure = models.CharField(
        max_length=32,
        blank=True,
        help_text="The physical or sexual abuse the child disclosed on the contact that led to "
        "the referral (frontdoor Disclosure code), carried to the discussion.",
    )
    harm_alleged_change_reason = models.TextField(
        blank=True,
        help_text="Why harm is not alleged although the contact recorded the child's disclosure.",
    )
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
            # A disclosure carried from the contact: harm alleged, or the reason it is not.
            models.CheckConstraint(
                name="strategy_disclosure_kept_or_reason_given",
                condition=Q(contact_disclosure="")
                | Q(harm_alleged=True)
                | ~Q(harm_alleged_change_reason=""),
            ),
            # After a disclosure the medical is decided, whatever harm is now said to be alleged.
            models.CheckConstraint(
                name="strategy_medical_decided_after_disclosure",
                condition=Q(contact_disclosure="")
                | (Q(medical_considered=True) & ~Q(medical_decision="") & ~Q(medical_reason="")),
            ),
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


class ProtectionMedical(BaseModel):
    """A child protection medical a strategy discussion decided was needed, as held: when, who
    examined the child (name and role, e.g. paediatrician) and what it found."""

    discussion = models.OneToOneField(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="medical"
    )
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="protection_medicals"
    )
    examined_on = models.DateField()
    examined_by_name = models.CharField("Examined by", max_length=150)
    examined_by_role = models.CharField("Their role", max_length=150)
    outcome = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="medical_says_who_and_what",
                condition=~Q(examined_by_name="") & ~Q(examined_by_role="") & ~Q(outcome=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection medical for {self.child} on {self.examined_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("protection:strategy", args=[self.discussion_id])


class MedicalNotHeld(BaseModel, Approval):
    """Why a child protection medical a strategy discussion decided was needed will not be held,
    proposed by the worker and authorised (or returned) by a manager.

    proposed ──> authorised
        └─────> returned
    """

    class Status(models.TextChoices):
        PROPOSED = approvals.PROPOSED, "Awaiting authorisation"
        AUTHORISED = approvals.AUTHORISED, "Authorised"
        RETURNED = approvals.RETURNED, "Returned"

    TRANSITIONS = approvals.ANSWERED_ONCE
    WORDS = ApprovalWords(noun="reason a medical is not held", proposed="gave")

    discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.PROTECT, related_name="medicals_not_held"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    status = models.CharField(max_length=16, choices=Status, default=Status.PROPOSED)

    class Meta:
        verbose_name_plural = "medicals not held"
        constraints = [
            models.UniqueConstraint(
                fields=["discussion"],
                condition=Q(status="proposed"),
                name="medical_not_held_one_proposed",
            ),
            models.UniqueConstraint(
                fields=["discussion"],
                condition=Q(status="authorised"),
                name="medical_not_held_one_authorised",
            ),
            models.CheckConstraint(name="medical_not_held_has_reason", condition=~Q(reason="")),
            *approval_constraints("medical_not_held"),
        ]

    def __str__(self) -> str:
        return f"Reason no child protection medical is held for {self.child}"

    def get_absolute_url(self) -> str:
        return reverse("protection:medical-not-held", args=[self.pk])


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
    # What the plan says (written after the initial conference, revised at core groups and
    # reviews; every version is kept in the history).
    outcomes = models.TextField("Outcomes for the child", blank=True)
    what_must_change = models.TextField("What must change", blank=True)
    contingency = models.TextField("Contingency plan", blank=True)
    child_views = models.TextField("The child's views", blank=True)
    parents_views = models.TextField("The parents' views", blank=True)
    lead_social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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

    @property
    def is_written(self) -> bool:
        """Whether the plan says what it is for and what happens if it does not work."""
        return bool(self.outcomes and self.contingency)


class Participation(models.TextChoices):
    """How a parent or the child took part in a conference."""

    ATTENDED = "attended", "Attended"
    VIEWS_ANOTHER_WAY = "views_another_way", "Gave their views another way"
    DID_NOT_TAKE_PART = "did_not_take_part", "Did not take part"


class ProtectionPlanAction(BaseModel):
    """An action on a child protection plan: what, who (a partner agency, a named person or a
    role) and by when, and how it stands at the latest core group."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"

    plan = models.ForeignKey(ProtectionPlan, on_delete=models.PROTECT, related_name="actions")
    action = models.CharField("What", max_length=300)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The partner agency that does it, if it is one.",
    )
    who = models.CharField("Who", max_length=150, blank=True, help_text="A named person or role.")
    due_on = models.DateField("By when")
    status = models.CharField(max_length=16, choices=Status, default=Status.NOT_STARTED)
    added_at = models.ForeignKey(
        "CoreGroupMeeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="new_actions",
        help_text="The core group meeting that added it, if one did.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(name="cp_plan_action_has_text", condition=~Q(action="")),
            models.CheckConstraint(
                name="cp_plan_action_has_who",
                condition=~Q(who="") | Q(agency__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} (by {self.due_on})"

    @property
    def doer(self) -> str:
        """Who does it, in words: the agency, the person or role, or both."""
        parts = [str(self.agency) if self.agency_id else "", self.who]
        return ": ".join(part for part in parts if part)


class CoreGroupMember(BaseModel):
    """A member of a child protection plan's core group. A member who leaves stays on the record
    (their attendance is kept) with `left_on` set."""

    plan = models.ForeignKey(
        ProtectionPlan, on_delete=models.PROTECT, related_name="core_group_members"
    )
    name = models.CharField(max_length=150)
    agency = models.CharField(max_length=16, choices=StrategyAttendee.Agency)
    role = models.CharField(max_length=150)
    left_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="core_group_member_named", condition=~Q(name="") & ~Q(role="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.role} ({self.get_agency_display()})"


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
    parents_participation = models.CharField(
        "How the parents took part", max_length=24, choices=Participation, blank=True
    )
    child_participation = models.CharField(
        "How the child took part", max_length=24, choices=Participation, blank=True
    )
    dissented_by = models.CharField("Who dissented from the decision", max_length=300, blank=True)
    dissent_reason = models.TextField("Why they dissented", blank=True)
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
            models.CheckConstraint(
                name="conference_dissent_has_reason",
                condition=Q(dissented_by="", dissent_reason="")
                | (~Q(dissented_by="") & ~Q(dissent_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child} on {self.held_on:%-d %B %Y}"


class ConferenceAttendee(BaseModel):
    """Who was invited to a conference for an agency, and whether they came."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    agency = models.CharField(max_length=16, choices=StrategyAttendee.Agency)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150)
    attended = models.BooleanField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name}, {self.role} ({self.get_agency_display()})"


class ConferenceReport(BaseModel):
    """A report an agency was asked for: received, and shared with the parents beforehand."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="reports")
    agency = models.CharField(max_length=16, choices=StrategyAttendee.Agency)
    received = models.BooleanField()
    shared_with_parents = models.BooleanField(
        "Shared with the parents before the meeting", default=False
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                name="conference_report_shared_only_if_received",
                condition=Q(shared_with_parents=False) | Q(received=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Report from {self.get_agency_display()}"


class CoreGroupMeeting(BaseModel):
    """A core group meeting of a child protection plan."""

    plan = models.ForeignKey(
        ProtectionPlan, on_delete=models.PROTECT, related_name="core_group_meetings"
    )
    held_on = models.DateField()
    attendees = models.TextField(
        blank=True, help_text="Anyone else present, or who attended when no members are recorded."
    )
    progress = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"Core group on {self.held_on:%-d %B %Y}"


class CoreGroupAttendance(BaseModel):
    """Whether a core group member was at a meeting."""

    meeting = models.ForeignKey(
        CoreGroupMeeting, on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(CoreGroupMember, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member"], name="core_group_attendance_once"
            ),
        ]


class ActionProgress(BaseModel):
    """How one plan action stood at a core group meeting, with a note."""

    meeting = models.ForeignKey(
        CoreGroupMeeting, on_delete=models.CASCADE, related_name="action_progress"
    )
    action = models.ForeignKey(
        ProtectionPlanAction, on_delete=models.PROTECT, related_name="progress"
    )
    status = models.CharField(max_length=16, choices=ProtectionPlanAction.Status)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "action"], name="action_progress_once"),
        ]


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
