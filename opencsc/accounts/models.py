"""Staff, their teams and roles, and the partner agencies whose staff use the front door."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core import approvals
from opencsc.core.approvals import Approval, ApprovalWords, approval_constraints
from opencsc.core.models import BaseModel


class Role(models.TextChoices):
    """A member of staff's job role: it decides what they may see and do (opencsc/permissions)."""

    MASH_PRACTITIONER = "mash_practitioner", "MASH practitioner"
    SOCIAL_WORKER = "social_worker", "Social worker"
    ADVANCED_PRACTITIONER = "advanced_practitioner", "Advanced practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    QUALITY_ASSURANCE = "quality_assurance", "Quality assurance officer"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    PARTNER_AGENCY = "partner_agency", "Partner agency user"
    ADMINISTRATOR = "administrator", "Administrator"
    # Searches the index and reviews likely duplicates; opens no child's record.
    BUSINESS_SUPPORT = "business_support", "Business support"
    # Offers and holds return home interviews, independent of the child's care (docs/missing.md):
    # the council's own officer, or a commissioned provider's user (then with its `Agency`). Opens
    # the returned episodes and their interviews only, never a child's record.
    RETURN_INTERVIEW_OFFICER = "return_interview_officer", "Return interview officer"


class Team(BaseModel):
    """A team of the council's children's services."""

    class Kind(models.TextChoices):
        MASH = "mash", "MASH"
        EARLY_HELP = "early_help", "Early help"
        ASSESSMENT = "assessment", "Assessment"
        CHILD_PROTECTION = "child_protection", "Child protection and family support"
        CHILDREN_IN_CARE = "children_in_care", "Children in care"
        CARE_LEAVERS = "care_leavers", "Care leavers"
        DISABLED_CHILDREN = "disabled_children", "Disabled children"
        FOSTERING = "fostering", "Fostering"
        QUALITY_ASSURANCE = "quality_assurance", "Quality assurance"
        PERFORMANCE = "performance", "Performance"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=32, choices=Kind)
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(BaseModel):
    """A partner agency (police, health, a school...) whose staff may be given front-door access."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        EDUCATION = "education", "Education"
        PROBATION = "probation", "Probation"
        HOUSING = "housing", "Housing"
        ADULT_SERVICES = "adult_services", "Adult social care"
        # A provider the council commissions, e.g. for return home interviews.
        COMMISSIONED_PROVIDER = "commissioned_provider", "Commissioned provider"
        OTHER = "other", "Other"

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=32, choices=Kind)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class StaffManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> "User":
        # Longer than a username can be, it names nobody; and SQLite refuses to compare so long a
        # pattern (a 100,000-character username was a 500 at sign-in).
        longest = self.model._meta.get_field("username").max_length or 150
        if username is None or len(username) > longest:
            raise self.model.DoesNotExist
        # Sign-in is case-insensitive: "JSmith" and "jsmith" are the same account.
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person who signs in: a member of staff or a partner agency user."""

    role = models.CharField(max_length=32, choices=Role, default=Role.SOCIAL_WORKER)
    job_title = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    teams: models.ManyToManyField[Team, "Membership"] = models.ManyToManyField(
        Team, through="Membership", through_fields=("user", "team"), related_name="members"
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects: ClassVar[StaffManager] = StaffManager()

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            # A partner agency user always has their agency; a return interview officer may (a
            # commissioned provider's user); no one else has one.
            models.CheckConstraint(
                name="user_agency_iff_partner_agency",
                condition=Q(role="partner_agency", agency__isnull=False)
                | Q(role="return_interview_officer")
                | (~Q(role="partner_agency") & Q(agency__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_role(self, *roles: Any) -> bool:
        """Whether the user's role is one of `roles`."""
        return self.is_active and self.role in roles

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Membership(BaseModel):
    """A member of staff's place in a team."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="memberships")
    added_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_once_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"


class RoleGrant(BaseModel, Approval):
    """A role that reads every child's record (head of service, quality assurance, performance),
    asked for by one administrator for an account and approved by another. Until it is approved
    the account keeps its old role; a new account stays deactivated.

    proposed (waiting for approval) ──> authorised (approved: the account has the role)
        └─────────────────────────────> returned (turned down or withdrawn, with a reason)
    """

    class Status(models.TextChoices):
        PROPOSED = approvals.PROPOSED, "Waiting for approval"
        AUTHORISED = approvals.AUTHORISED, "Approved"
        RETURNED = approvals.RETURNED, "Turned down"

    TRANSITIONS = approvals.ANSWERED_ONCE
    WORDS = ApprovalWords(noun="role change", proposed="asked for", authorise="approve")

    account = models.ForeignKey(User, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(max_length=32, choices=Role)
    # The role the account had when it was asked for; blank for a new account.
    previous_role = models.CharField(max_length=32, choices=Role, blank=True)
    status = models.CharField(max_length=16, choices=Status, default=Status.PROPOSED)

    class Meta:
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(status="proposed"),
                name="role_grant_one_waiting_per_account",
            ),
            models.CheckConstraint(
                name="role_grant_changes_the_role", condition=~Q(role=models.F("previous_role"))
            ),
            *approval_constraints("role_grant"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} for {self.account}"

    def get_absolute_url(self) -> str:
        return reverse("accounts:role-grant", args=[self.pk])

    @property
    def for_new_account(self) -> bool:
        return self.previous_role == ""
