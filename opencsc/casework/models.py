"""Who holds a child's case."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

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
                name="referral_closes_after_it_opens",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("referred_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Referral of {self.child} on {self.referred_on:%-d %B %Y}"


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
        ]
        constraints = [
            models.CheckConstraint(
                name="transfer_between_two_teams", condition=~Q(from_team=F("to_team"))
            ),
            models.CheckConstraint(name="transfer_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.child} on {self.transferred_on}"
