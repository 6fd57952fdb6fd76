"""Children in need plans, their reviews, and statutory visits to children on any plan."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core.models import BaseModel


class CINPlan(BaseModel):
    """A child in need plan (CIN census CINPlanDates): outcomes, actions, a contingency, reviews."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_plans")
    referral = models.ForeignKey(
        "casework.Referral", on_delete=models.PROTECT, related_name="cin_plans"
    )
    started_on = models.DateField(help_text="CIN census CINPlanStartDate.")
    outcomes = models.TextField("What the plan is for: outcomes for the child")
    child_views = models.TextField("The child's views")
    contingency = models.TextField("Contingency plan: what happens if the plan does not work")
    after_protection_plan = models.ForeignKey(
        "protection.ProtectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="step_down_plans",
        help_text="The child protection plan this plan stepped down from.",
    )
    keep_open_until = models.DateField(
        null=True,
        blank=True,
        help_text="After a step-down: closing before this day needs a head of service.",
    )
    ended_on = models.DateField(null=True, blank=True, help_text="CIN census CINPlanEndDate.")
    end_reason = models.TextField(blank=True)
    early_end_authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "child in need plan"
        indexes = [models.Index(fields=["child", "-started_on"], name="cin_plan_child_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="cin_plan_one_open_per_child",
            ),
            models.CheckConstraint(
                name="cin_plan_ends_after_it_starts",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
            ),
            models.CheckConstraint(name="cin_plan_has_contingency", condition=~Q(contingency="")),
            models.CheckConstraint(
                name="cin_plan_end_reason_iff_ended",
                condition=Q(ended_on__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False) & ~Q(end_reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need plan for {self.child} from {self.started_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class PlanAction(BaseModel):
    """A SMART action on a child in need plan: what, who, by when, and how it is going."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        NOT_DONE = "not_done", "Not done"

    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField("What", max_length=300)
    who = models.CharField("Who", max_length=150)
    due_on = models.DateField("By when")
    status = models.CharField(max_length=16, choices=Status, default=Status.NOT_STARTED)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(name="plan_action_has_text", condition=~Q(action="")),
            models.CheckConstraint(name="plan_action_has_who", condition=~Q(who="")),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.who}, by {self.due_on})"


class PlanReview(BaseModel):
    """A review of a child in need plan: the progress made and the next review date."""

    plan = models.ForeignKey(CINPlan, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField()
    progress = models.TextField()
    child_views = models.TextField("The child's views", blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="plan_review_next_after_this",
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gt=F("held_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"Review on {self.held_on:%-d %B %Y}"


class Visit(BaseModel):
    """A statutory visit to a child on a plan, and the record of what was seen and done."""

    class Kind(models.TextChoices):
        HOME = "home", "Home visit"
        SCHOOL = "school", "School or nursery"
        OFFICE = "office", "Office"
        OTHER = "other", "Somewhere else"

    class PlanType(models.TextChoices):
        CHILD_PROTECTION = "cp", "Child protection plan"
        CHILD_IN_NEED = "cin", "Child in need plan"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="visits")
    referral = models.ForeignKey(
        "casework.Referral", on_delete=models.PROTECT, related_name="visits"
    )
    plan_type = models.CharField(max_length=4, choices=PlanType)
    protection_plan = models.ForeignKey(
        "protection.ProtectionPlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    cin_plan = models.ForeignKey(
        CINPlan, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    visited_on = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind)
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField()
    not_seen_alone_reason = models.TextField("Why the child was not seen alone", blank=True)
    bedroom_seen = models.BooleanField(null=True, blank=True, help_text="Home visits only.")
    purpose = models.TextField()
    record = models.TextField("What happened: observations and the child's views")
    outcome = models.TextField("Outcome and next steps")
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-visited_on", "-pk"]
        indexes = [models.Index(fields=["child", "-visited_on"], name="visit_child_newest")]
        constraints = [
            models.CheckConstraint(
                name="visit_seen_alone_only_if_seen",
                condition=Q(seen_alone=False) | Q(child_seen=True),
            ),
            # A child not seen alone is a practice gap the record must explain (Working Together
            # 2023: see the child alone); a child seen alone needs no reason.
            models.CheckConstraint(
                name="visit_reason_iff_not_seen_alone",
                condition=Q(seen_alone=True, not_seen_alone_reason="")
                | (Q(seen_alone=False) & ~Q(not_seen_alone_reason="")),
            ),
            models.CheckConstraint(
                name="visit_belongs_to_its_plan",
                condition=Q(plan_type="cp", protection_plan__isnull=False, cin_plan__isnull=True)
                | Q(plan_type="cin", cin_plan__isnull=False, protection_plan__isnull=True),
            ),
            models.CheckConstraint(
                name="visit_bedroom_only_at_home",
                condition=Q(bedroom_seen__isnull=True) | Q(kind="home"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.child} on {self.visited_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("plans:visit", args=[self.pk])
