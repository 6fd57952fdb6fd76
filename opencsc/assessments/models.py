"""Child and family assessments: one per child, siblings sharing what is shared."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core import approvals
from opencsc.core.approvals import ApprovalWords, DraftedApproval, approval_constraints
from opencsc.core.codes import cin_choices
from opencsc.core.models import BaseModel


class Outcome(models.TextChoices):
    """What an assessment concluded for the child."""

    NO_FURTHER_ACTION = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help"
    CIN_PLAN = "cin_plan", "Child in need plan"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    LOOKED_AFTER = "looked_after", "Looked after"


class FamilyAssessment(BaseModel):
    """What siblings assessed together share: the family's history and the parents' capacity."""

    family_history = models.TextField(blank=True)
    parenting_capacity = models.TextField("Parents' capacity", blank=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Family assessment {self.pk}"


class Assessment(BaseModel, DraftedApproval):
    """One child's child and family assessment in an episode (CIN census Assessments).

    in_progress ──> proposed ──> authorised
                      │    ^
                      v    │ (sent again)
                    returned            (with the manager's comments; the worker carries on)
    """

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        PROPOSED = approvals.PROPOSED, "Awaiting authorisation"
        AUTHORISED = approvals.AUTHORISED, "Authorised"
        # The worker carries on with a returned assessment: it reads "In progress" as before.
        RETURNED = approvals.RETURNED, "In progress"

    TRANSITIONS = {
        Status.IN_PROGRESS: {Status.PROPOSED},
        Status.PROPOSED: {Status.RETURNED, Status.AUTHORISED},
        Status.RETURNED: {Status.PROPOSED},
        Status.AUTHORISED: set(),
    }
    EDITABLE = (Status.IN_PROGRESS, Status.RETURNED)
    WORDS = ApprovalWords(noun="assessment", proposed="sent")

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    referral = models.ForeignKey(
        "casework.Referral", on_delete=models.PROTECT, related_name="assessments"
    )
    family = models.ForeignKey(
        FamilyAssessment, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.IN_PROGRESS)
    started_on = models.DateField(help_text="CIN census AssessmentActualStartDate.")
    due_on = models.DateField(
        help_text="45 working days from the referral (a copy of its due item)."
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    seen_on = models.DateField("Date the child was seen", null=True, blank=True)
    seen_alone_on = models.DateField("Date the child was seen alone", null=True, blank=True)
    not_seen_alone_reason = models.TextField("Why the child was not seen alone", blank=True)
    child_views = models.TextField("The child's views and wishes", blank=True)
    lived_experience = models.TextField("The child's lived experience", blank=True)
    risk_analysis = models.TextField("Analysis of risk", blank=True)
    protective_factors = models.TextField("Protective factors", blank=True)
    outcome = models.CharField(max_length=32, choices=Outcome, blank=True)
    outcome_reason = models.TextField("Why this outcome", blank=True)
    authorised_on = models.DateField(
        null=True, blank=True, help_text="CIN census AssessmentAuthorisationDate."
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(fields=["child", "-started_on"], name="assessment_child_newest"),
            models.Index(fields=["status", "due_on"], name="assessment_status_due"),
            models.Index(fields=["authorised_on"], name="assessment_authorised_on"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "child"],
                condition=~Q(status="authorised"),
                name="assessment_one_open_per_episode",
            ),
            models.CheckConstraint(
                name="assessment_authorised_on_iff_authorised",
                condition=Q(status="authorised", authorised_on__isnull=False)
                | (~Q(status="authorised") & Q(authorised_on__isnull=True)),
            ),
            models.CheckConstraint(
                name="assessment_authorised_after_start",
                condition=Q(authorised_on__isnull=True) | Q(authorised_on__gte=F("started_on")),
            ),
            models.CheckConstraint(
                name="assessment_seen_after_start",
                condition=Q(seen_on__isnull=True) | Q(seen_on__gte=F("started_on")),
            ),
            models.CheckConstraint(
                name="assessment_authorised_has_outcome",
                condition=~Q(status="authorised") | ~Q(outcome=""),
            ),
            *approval_constraints(
                "assessment",
                unreviewed=("in_progress", approvals.PROPOSED),
                drafts=("in_progress",),
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment of {self.child} started {self.started_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("assessments:detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        """In progress, or returned to the worker for more work."""
        return self.status in self.EDITABLE

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.AUTHORISED

    @property
    def seen_alone_unexplained(self) -> bool:
        """Completed without the child seen alone and with no reason why: a manager alert."""
        return self.seen_alone_on is None and not self.not_seen_alone_reason.strip()


def factor_label(code: str, official: str) -> str:
    """A short label from the code list's wording: what tells the code from its neighbours (1A, 1B
    and 1C differ after the colon; 16A to 19C before it)."""
    if code == "9A":
        return "Unaccompanied asylum-seeking child (UASC)"
    head, colon, tail = official.partition(":")
    if not colon:
        head, _, tail = official.partition(" - ")
    head, tail = head.strip(), tail.strip()
    if tail.lower().startswith("concerns about"):
        return tail[0].upper() + tail[1:]
    if code.startswith("8"):
        return f"{head}: {tail.rsplit(' - ', 1)[-1]}"
    return head


class AssessmentFactor(BaseModel):
    """A factor identified at assessment (CIN census AssessmentFactors); 21 means none."""

    NONE = "21"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=4, choices=cin_choices("assessment_factors"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="assessment_factor_once"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()

    @property
    def label(self) -> str:
        """The factor in short words with its census code, e.g. "Young carer (7A)"."""
        return f"{factor_label(self.code, self.get_code_display())} ({self.code})"
