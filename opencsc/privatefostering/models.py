"""Private fostering (Children Act 1989 part IX; Children (Private Arrangements for Fostering)
Regulations 2005): a child under 16 (18 if disabled) cared for for 28 days or more by someone
who is not a parent or close relative, by private arrangement.

    notified ──(visits, checks)──> suitability proposed ──> authorised (or returned) ... ended

An arrangement is opened by a notification and held by a fostering team. Its visits and checks
are rows of their own, written once by their services; the suitability decision is an approval
(core.approvals): each proposal is its own row, never overwritten. Everything keeps its history.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core import approvals
from opencsc.core.approvals import Approval, ApprovalWords
from opencsc.core.models import BaseModel
from opencsc.people.models import Person
from opencsc.privatefostering.codes import CheckKind, CheckResult, EndReason, Notifier, Outcome
from opencsc.timescales import rules


class Arrangement(BaseModel):
    """One private fostering arrangement of one child, from the notification to its end."""

    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="private_fostering"
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The fostering team holding the arrangement.",
    )
    notified_on = models.DateField(
        help_text="When the council was notified: it became aware, and the first year starts."
    )
    notifier = models.CharField("Who notified the council", max_length=16, choices=Notifier)
    notifier_name = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField("Arrangement starts or started on")
    expected_length = models.CharField(max_length=200, blank=True)
    carers_address = models.CharField("The carers' address", max_length=300)
    parents = models.TextField("The parents, and where they live")
    next_visit_due_on = models.DateField(
        null=True, blank=True, help_text="Worked out by the services from the visit rules."
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason, blank=True)
    end_details = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-notified_on", "-pk"]
        indexes = [models.Index(fields=["team", "ended_on"], name="pf_team_open")]
        constraints = [
            models.CheckConstraint(name="pf_notifier", condition=Q(notifier__in=Notifier.values)),
            models.CheckConstraint(name="pf_parents_named", condition=~Q(parents="")),
            models.CheckConstraint(
                name="pf_end_shape",
                condition=Q(ended_on__isnull=True, end_reason="", next_visit_due_on__isnull=False)
                | (
                    Q(ended_on__isnull=False, next_visit_due_on__isnull=True)
                    & Q(end_reason__in=EndReason.values)
                ),
            ),
            models.CheckConstraint(
                name="pf_ended_after_notified", condition=Q(ended_on__gte=F("notified_on"))
            ),
        ]

    def __str__(self) -> str:
        return f"Private fostering arrangement {self.reference}"

    @property
    def reference(self) -> str:
        return f"PF{self.pk:07d}"

    def get_absolute_url(self) -> str:
        return reverse("privatefostering:arrangement", args=[self.pk])

    @property
    def is_proposed(self) -> bool:
        """Whether the council heard of it before it began (a proposed arrangement, reg 4)."""
        return self.starts_on > self.notified_on

    @property
    def notice_due_on(self) -> date:
        """The latest day the notification was due: 6 weeks before the start (PF_NOTIFICATION)."""
        return rules.PF_NOTIFICATION.due_on(self.starts_on)

    @property
    def notice_timeliness(self) -> str:
        """Whether the notification was made in time (PF Regs 2005 reg 3)."""
        if self.notified_on <= self.notice_due_on:
            return "In time: at least 6 weeks before the arrangement began"
        if self.notified_on <= self.starts_on:
            return "Short notice: the arrangement began within 6 weeks, so notice was due at once"
        return "Late: notified after the arrangement had begun"

    @property
    def notified_in_time(self) -> bool:
        return self.notified_on <= self.notice_due_on

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class HouseholdMember(BaseModel):
    """A carer or someone else living in the carers' home: a person-index record or a name.
    Each adult has a DBS check."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="household")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    relationship = models.CharField("Relationship to the child", max_length=100, blank=True)
    is_carer = models.BooleanField(default=False)
    is_adult = models.BooleanField("Aged 18 or over", default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_carer", "pk"]
        constraints = [
            models.CheckConstraint(
                name="pf_member_record_or_name",
                condition=Q(person__isnull=False) | ~Q(name=""),
            ),
            models.CheckConstraint(
                name="pf_carer_is_adult", condition=Q(is_carer=False) | Q(is_adult=True)
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"Person {self.person_id}"

    @property
    def child(self) -> Person:
        return self.arrangement.child

    def get_absolute_url(self) -> str:
        return reverse("privatefostering:arrangement", args=[self.arrangement_id])


class FosteringVisit(BaseModel):
    """A visit to the child in the arrangement, with its written record (PF Regs 2005 regs 4, 7
    and 8): the child seen and spoken to alone, the home, the carer and the household seen."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField()
    due_on = models.DateField(help_text="When this visit was due, as the rules said then.")
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField("Child spoken to alone")
    home_seen = models.BooleanField()
    carer_seen = models.BooleanField()
    household_seen = models.BooleanField()
    record = models.TextField("What the visit found")
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["visited_on", "pk"]
        constraints = [
            models.CheckConstraint(name="pf_visit_recorded", condition=~Q(record="")),
            models.CheckConstraint(
                name="pf_visit_alone_if_seen", condition=Q(seen_alone=False) | Q(child_seen=True)
            ),
        ]

    def __str__(self) -> str:
        return f"Visit on {self.visited_on:%-d %B %Y}"

    @property
    def child(self) -> Person:
        return self.arrangement.child

    @property
    def on_time(self) -> bool:
        return self.visited_on <= self.due_on

    def get_absolute_url(self) -> str:
        return reverse("privatefostering:arrangement", args=[self.arrangement_id])


class SuitabilityCheck(BaseModel):
    """One check of the carers and household (PF Regs 2005 schedule 2), due within
    PF_SUITABILITY_CHECKS of the notification; its result is written once."""

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="checks")
    kind = models.CharField(max_length=16, choices=CheckKind)
    member = models.ForeignKey(
        HouseholdMember,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checks",
        help_text="The adult a DBS check is of.",
    )
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)
    result = models.CharField(max_length=16, choices=CheckResult, blank=True)
    notes = models.TextField(blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(name="pf_check_kind", condition=Q(kind__in=CheckKind.values)),
            models.CheckConstraint(
                name="pf_check_dbs_of_member",
                condition=Q(kind=CheckKind.DBS, member__isnull=False)
                | (~Q(kind=CheckKind.DBS) & Q(member__isnull=True)),
            ),
            models.CheckConstraint(
                name="pf_check_result_shape",
                condition=Q(completed_on__isnull=True, result="", completed_by__isnull=True)
                | Q(
                    completed_on__isnull=False,
                    result__in=CheckResult.values,
                    completed_by__isnull=False,
                ),
            ),
            models.CheckConstraint(
                name="pf_check_concerns_explained",
                condition=~Q(result=CheckResult.CONCERNS) | ~Q(notes=""),
            ),
        ]

    def __str__(self) -> str:
        if self.member_id is not None:
            return f"{self.get_kind_display()}: {self.member}"
        return str(self.get_kind_display())

    @property
    def child(self) -> Person:
        return self.arrangement.child

    def get_absolute_url(self) -> str:
        return reverse("privatefostering:check", args=[self.pk])


class SuitabilityDecision(BaseModel, Approval):
    """The worker's proposal that the arrangement is suitable (with any requirements) or should
    be prohibited (Children Act 1989 ss 67 to 69), authorised or returned by a manager of the
    fostering team, never the proposer. Each proposal is its own row."""

    class Status(models.TextChoices):
        PROPOSED = approvals.PROPOSED, "Waiting for a manager"
        AUTHORISED = approvals.AUTHORISED, "Authorised"
        RETURNED = approvals.RETURNED, "Returned"

    TRANSITIONS = approvals.ANSWERED_ONCE
    WORDS = ApprovalWords(noun="suitability decision")

    arrangement = models.ForeignKey(Arrangement, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(max_length=16, choices=Outcome)
    requirements = models.TextField(blank=True)
    reasons = models.TextField()
    status = models.CharField(max_length=16, choices=Status, default=Status.PROPOSED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["proposed_at", "pk"]
        constraints = [
            *approvals.approval_constraints("pf_decision"),
            models.CheckConstraint(
                name="pf_decision_outcome", condition=Q(outcome__in=Outcome.values)
            ),
            models.CheckConstraint(name="pf_decision_reasons", condition=~Q(reasons="")),
            models.CheckConstraint(
                name="pf_decision_requirements_shape",
                condition=Q(outcome=Outcome.REQUIREMENTS, requirements__gt="")
                | (~Q(outcome=Outcome.REQUIREMENTS) & Q(requirements="")),
            ),
            models.UniqueConstraint(
                fields=["arrangement"],
                condition=Q(status=approvals.PROPOSED),
                name="pf_decision_one_waiting",
            ),
            models.UniqueConstraint(
                fields=["arrangement"],
                condition=Q(status=approvals.AUTHORISED),
                name="pf_decision_one_authorised",
            ),
        ]

    def __str__(self) -> str:
        return f"Suitability decision on {self.arrangement}"

    @property
    def child(self) -> Person:
        return self.arrangement.child

    def get_absolute_url(self) -> str:
        return reverse("privatefostering:decision", args=[self.pk])
