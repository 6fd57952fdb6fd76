"""Who holds a child's case."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core import approvals
from opencsc.core.approvals import Approval, ApprovalWords, approval_constraints
from opencsc.core.codes import cin_choices
from opencsc.core.models import BaseModel


class Allocation(BaseModel):
    """A child's case held by a team and, once named, a worker. One open allocation per child."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral = models.ForeignKey(
        "casework.Referral",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
        help_text="The episode this allocation works; empty for cases held before episodes.",
    )
    direction = models.TextField(
        blank=True,
        help_text="The manager's direction for this child: what the work is for and why now.",
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["team", "ended_on"], name="allocation_team_open"),
            models.Index(fields=["worker", "ended_on"], name="allocation_worker_open"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="allocation_one_open_per_child",
            ),
            models.CheckConstraint(
                name="allocation_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} allocated to {self.team}"


class Referral(BaseModel):
    """A referral: a request for statutory help that opens a child's episode of need (CINdetails).

    open ──> closed          (closure is recorded by the pathway; one open referral per child)
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    TRANSITIONS = {Status.OPEN: {Status.CLOSED}, Status.CLOSED: set()}

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    contact = models.ForeignKey(
        "frontdoor.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    decision = models.ForeignKey(
        "frontdoor.ContactDecision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    referred_on = models.DateField(help_text="CIN census ReferralDate: the day it was received.")
    referral_source = models.CharField(max_length=4, choices=cin_choices("referral_source"))
    primary_need = models.CharField(max_length=4, choices=cin_choices("primary_need"))
    is_re_referral = models.BooleanField(
        default=False, help_text="Within 12 months of the child's previous referral."
    )
    previous_referral = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=4,
        choices=cin_choices("reason_for_closure"),
        blank=True,
        help_text="CIN census ReasonForClosure: set exactly when the episode is closed.",
    )
    is_nfa = models.BooleanField(
        "No further action",
        default=False,
        help_text="CIN census ReferralNFA: closed with no further action, before any assessment.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["child", "-referred_on"], name="referral_child_newest"),
            models.Index(fields=["referred_on"], name="referral_referred_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(status="open"), name="referral_one_open_per_child"
            ),
            models.CheckConstraint(
                name="referral_closed_on_iff_closed",
                condition=Q(status="closed", closed_on__isnull=False)
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
            ),
            models.CheckConstraint(
                name="referral_closure_reason_iff_closed",
                condition=Q(status="closed") & ~Q(closure_reason="")
                | ~Q(status="closed") & Q(closure_reason=""),
            ),
            models.CheckConstraint(
                name="referral_closes_after_it_opens",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("referred_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.child} on {self.referred_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("record:episode", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Transfer(BaseModel):
    """A child's case moving between early help and children's social care, either way.

    Step-downs (social care to early help) and step-ups (early help to social care) are both
    recorded, so a council can count each direction.
    """

    class Kind(models.TextChoices):
        STEP_DOWN = "step_down", "Step-down to early help"
        STEP_UP = "step_up", "Step-up from early help to social care"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="transfers")
    kind = models.CharField(max_length=16, choices=Kind)
    from_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="transfers_in"
    )
    transferred_on = models.DateField()
    reason = models.TextField()
    contact = models.ForeignKey(
        "frontdoor.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfers",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["kind", "transferred_on"], name="transfer_kind_on"),
            # The early help page's list, newest first, and each direction's (issue 15).
            models.Index(fields=["-transferred_on", "-id"], name="transfer_newest"),
            models.Index(fields=["kind", "-transferred_on", "-id"], name="transfer_kind_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                name="transfer_between_two_teams", condition=~Q(from_team=F("to_team"))
            ),
            models.CheckConstraint(name="transfer_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.child} on {self.transferred_on}"


class DirectionAction(BaseModel):
    """One specific action a manager directed on a child's case: what, who, by when.

    open ──> done         (who, when and what was done)
      ├────> withdrawn    (who and why: by a manager, or when the case closed)
      └────> open         (reassigned to another worker, with the reason in the access log)

    The direction follows the child: when the case moves (reallocation, transfer) the manager
    taking it reassigns, completes or withdraws each open action, and a reassigned action moves to
    the new allocation (`casework.services.directions`). Each open action has an open DueItem of
    `rules.DIRECTED_ACTION`, owned by its assignee."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="directed_actions"
    )
    due_on = models.DateField()
    directed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The manager who directed it (empty for actions directed before this was kept).",
    )
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField(blank=True, help_text="What was done.")
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True, help_text="Why it is no longer needed.")

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(
                fields=["assignee", "due_on"],
                condition=Q(done_on__isnull=True, withdrawn_on__isnull=True),
                name="direction_action_open",
            ),
        ]
        constraints = [
            models.CheckConstraint(name="direction_action_has_text", condition=~Q(action="")),
            models.CheckConstraint(
                name="direction_action_done_or_withdrawn",
                condition=Q(done_on__isnull=True) | Q(withdrawn_on__isnull=True),
            ),
            models.CheckConstraint(
                name="direction_action_done_fields_together",
                condition=Q(done_on__isnull=True, done_by__isnull=True, done_note="")
                | (Q(done_on__isnull=False, done_by__isnull=False) & ~Q(done_note="")),
            ),
            models.CheckConstraint(
                name="direction_action_withdrawn_fields_together",
                condition=Q(
                    withdrawn_on__isnull=True, withdrawn_by__isnull=True, withdrawn_reason=""
                )
                | (
                    Q(withdrawn_on__isnull=False, withdrawn_by__isnull=False)
                    & ~Q(withdrawn_reason="")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.assignee}, by {self.due_on})"

    def get_absolute_url(self) -> str:
        return reverse("casework:action-done", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.done_on is None and self.withdrawn_on is None


class TeamTransfer(BaseModel, Approval):
    """A child's case moving between two social care teams, e.g. assessment to child protection.

    proposed (requested) ──> authorised (accepted)
        └──────────────────> returned (declined, with the manager's reason)
    """

    class Status(models.TextChoices):
        PROPOSED = approvals.PROPOSED, "Requested"
        AUTHORISED = approvals.AUTHORISED, "Accepted"
        RETURNED = approvals.RETURNED, "Declined"

    TRANSITIONS = approvals.ANSWERED_ONCE
    WORDS = ApprovalWords(noun="transfer", proposed="requested", authorise="answer")

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="team_transfers"
    )
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="team_transfers")
    from_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    to_team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    assessment_completed_on = models.DateField(
        null=True, blank=True, help_text="When the assessment before the transfer was authorised."
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.PROPOSED)
    working_days_waited = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Working days from the assessment's authorisation (or request) to acceptance.",
    )

    class Meta:
        indexes = [models.Index(fields=["to_team", "status"], name="team_transfer_to_status")]
        constraints = [
            models.CheckConstraint(
                name="team_transfer_between_two_teams", condition=~Q(from_team=F("to_team"))
            ),
            models.CheckConstraint(name="team_transfer_has_reason", condition=~Q(reason="")),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(status="proposed"),
                name="team_transfer_one_pending_per_child",
            ),
            *approval_constraints("team_transfer"),
        ]

    def __str__(self) -> str:
        return f"Transfer of {self.child} from {self.from_team} to {self.to_team}"

    def get_absolute_url(self) -> str:
        return reverse("casework:transfer", args=[self.pk])


class Closure(BaseModel, Approval):
    """A request to close a child's episode, with the CIN census reason, and its authorisation.

    proposed ──> authorised
        └─────> returned
    """

    class Status(models.TextChoices):
        PROPOSED = approvals.PROPOSED, "Awaiting authorisation"
        AUTHORISED = approvals.AUTHORISED, "Authorised"
        RETURNED = approvals.RETURNED, "Returned"

    TRANSITIONS = approvals.ANSWERED_ONCE
    WORDS = ApprovalWords(noun="closure")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="closures")
    closed_on = models.DateField()
    reason = models.CharField(max_length=4, choices=cin_choices("reason_for_closure"))
    summary = models.TextField(help_text="Why the work is ending and what the child's life is now.")
    open_items_note = models.TextField(
        blank=True, help_text="Why the deadlines still open need no more work."
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.PROPOSED)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(status="proposed"),
                name="closure_one_proposed_per_referral",
            ),
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(status="authorised"),
                name="closure_one_authorised_per_referral",
            ),
            models.CheckConstraint(name="closure_has_summary", condition=~Q(summary="")),
            *approval_constraints("closure"),
        ]

    def __str__(self) -> str:
        return f"Closure of {self.referral}"

    def get_absolute_url(self) -> str:
        return reverse("record:closure", args=[self.pk])
