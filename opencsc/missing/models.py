"""Missing episodes: one period a child was missing (or away without authorisation), from when
they went until they were found or returned (Statutory guidance on children who run away or go
missing from home or care, 2014). Any child, known to social care or not: the police may name a
child the MASH has not yet matched to a record.

    reported ──(child found or returned)──> returned

An episode is never deleted; the return and the MASH's decision are each written once, by their
service, and every change is kept in the episode's history (django-simple-history).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core.models import BaseModel
from opencsc.missing.codes import (
    AbsenceKind,
    FollowUp,
    HarmDisclosed,
    InterviewMethod,
    MissingFrom,
    OfferOutcome,
    PoliceRisk,
)


class MissingEpisode(BaseModel):
    """A child missing or away from home, a care placement or school, as the police or staff
    reported it; then where and when they were found, and the police's safe and well check."""

    child = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missing_episodes",
        help_text="Empty until the MASH matches the child the police named to a record.",
    )
    given_name = models.CharField(max_length=200, blank=True, help_text="As the police gave it.")
    given_date_of_birth = models.DateField(null=True, blank=True)
    given_address = models.CharField(max_length=300, blank=True)

    reported_at = models.DateTimeField(help_text="When the child was reported missing.")
    reported_by = models.CharField(
        "Who reported the child missing", max_length=200, help_text="For example: mother, carer."
    )
    police_reference = models.CharField(max_length=50, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The partner agency that recorded it (the police), if not staff.",
    )
    absence = models.CharField(max_length=16, choices=AbsenceKind, default=AbsenceKind.MISSING)
    police_risk = models.CharField("Police risk grading", max_length=8, choices=PoliceRisk)
    missing_from = models.CharField(max_length=16, choices=MissingFrom)
    missing_from_details = models.CharField(max_length=300, blank=True)
    missing_since = models.DateTimeField(help_text="When the child was last seen.")
    circumstances = models.TextField(blank=True)

    returned_at = models.DateTimeField("Found or returned at", null=True, blank=True)
    found_where = models.CharField(max_length=300, blank=True)
    return_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safe_and_well_at = models.DateTimeField(
        "Police safe and well check held at", null=True, blank=True
    )
    safe_and_well_by = models.CharField(max_length=200, blank=True)
    safe_and_well_notes = models.TextField(blank=True)

    held_by_team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team holding the child's case when the episode was recorded or matched.",
    )
    follow_up = models.CharField(max_length=16, choices=FollowUp, blank=True)
    follow_up_reason = models.TextField(blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follow_up_at = models.DateTimeField(null=True, blank=True)

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-missing_since", "-pk"]
        indexes = [
            models.Index(fields=["child", "-missing_since"], name="missing_child_newest"),
            models.Index(fields=["agency", "-reported_at"], name="missing_agency_newest"),
            models.Index(
                fields=["-reported_at"],
                condition=Q(follow_up="", held_by_team__isnull=True),
                name="missing_for_the_mash",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="missing_record_or_name",
                condition=Q(child__isnull=False) | ~Q(given_name=""),
            ),
            models.CheckConstraint(
                name="missing_reported_after_missing",
                condition=Q(reported_at__gte=F("missing_since")),
            ),
            models.CheckConstraint(
                name="missing_returned_after_missing",
                condition=Q(returned_at__isnull=True) | Q(returned_at__gt=F("missing_since")),
            ),
            models.CheckConstraint(
                name="missing_return_shape",
                condition=Q(returned_at__isnull=True, found_where="", return_recorded_by=None)
                | (
                    Q(returned_at__isnull=False, return_recorded_by__isnull=False)
                    & ~Q(found_where="")
                ),
            ),
            models.CheckConstraint(
                name="missing_safe_and_well_after_return",
                condition=Q(safe_and_well_at__isnull=True, safe_and_well_by="")
                | (
                    Q(returned_at__isnull=False, safe_and_well_at__gte=F("returned_at"))
                    & ~Q(safe_and_well_by="")
                ),
            ),
            models.CheckConstraint(
                name="missing_follow_up_shape",
                condition=Q(follow_up="", follow_up_by=None, follow_up_at=None)
                | (
                    ~Q(follow_up="")
                    & Q(follow_up_by__isnull=False, follow_up_at__isnull=False)
                    & ~Q(follow_up_reason="")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Missing episode {self.reference}"

    @property
    def reference(self) -> str:
        return f"MI{self.pk:07d}"

    def get_absolute_url(self) -> str:
        return reverse("missing:episode", args=[self.pk])

    @property
    def is_returned(self) -> bool:
        return self.returned_at is not None


class MissingNotice(BaseModel):
    """The holding team told of a missing episode in OpenCSC: the allocated worker and each of the
    team's managers, each with a same-day tray notice (rule MISSING_POLICE_NOTIFICATION) until
    they mark it read."""

    episode = models.ForeignKey(MissingEpisode, on_delete=models.PROTECT, related_name="notices")
    told = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    told_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["episode", "told"], name="missingnotice_once")
        ]

    def __str__(self) -> str:
        return f"{self.episode} told to user {self.told_id}"

    def get_absolute_url(self) -> str:
        return reverse("missing:episode", args=[self.episode_id])


class InterviewAttempt(BaseModel):
    """One offer of the return home interview, or one attempt to reach the child: when, how, the
    child's answer (accepted, declined, could not be reached) and notes. Kept, never changed: a
    child who declines may be offered it again (docs/missing.md)."""

    episode = models.ForeignKey(
        MissingEpisode, on_delete=models.PROTECT, related_name="interview_attempts"
    )
    attempted_at = models.DateTimeField("Offered or attempted at")
    method = models.CharField(max_length=16, choices=InterviewMethod)
    outcome = models.CharField(max_length=16, choices=OfferOutcome)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["attempted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                name="interview_attempt_method", condition=Q(method__in=InterviewMethod.values)
            ),
            models.CheckConstraint(
                name="interview_attempt_outcome", condition=Q(outcome__in=OfferOutcome.values)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.episode}"

    def get_absolute_url(self) -> str:
        return reverse("missing:interview", args=[self.episode_id])


class ReturnInterview(BaseModel):
    """The return home interview held: when, how and by whom (independent of the child's care),
    what the child said (why they went, where, with whom, push and pull factors), whether they
    disclosed harm (then the contact at the front door it started), and the exploitation
    indicators heard. One per episode."""

    episode = models.OneToOneField(
        MissingEpisode, on_delete=models.PROTECT, related_name="return_interview"
    )
    held_at = models.DateTimeField()
    method = models.CharField("How it was held", max_length=16, choices=InterviewMethod)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    why_went = models.TextField("Why the child went")
    where_went = models.TextField("Where the child went", blank=True)
    with_whom = models.TextField("Who the child was with", blank=True)
    push_factors = models.TextField(blank=True, help_text="What pushed the child to go.")
    pull_factors = models.TextField(blank=True, help_text="What drew the child away.")
    harm_disclosed = models.CharField(max_length=32, choices=HarmDisclosed, blank=True)
    harm_details = models.TextField(blank=True)
    indicators = models.JSONField(
        default=list, blank=True, help_text="Codes from missing.codes.ExploitationIndicator."
    )
    contact_reference = models.CharField(
        max_length=20, blank=True, help_text="The front door contact a disclosure started."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="return_interview_method", condition=Q(method__in=InterviewMethod.values)
            ),
            models.CheckConstraint(name="return_interview_why", condition=~Q(why_went="")),
            models.CheckConstraint(
                name="return_interview_harm_shape",
                condition=Q(harm_disclosed="", harm_details="")
                | (Q(harm_disclosed__in=HarmDisclosed.values) & ~Q(harm_details="")),
            ),
        ]

    def __str__(self) -> str:
        return f"Return home interview on {self.episode}"

    def get_absolute_url(self) -> str:
        return reverse("missing:interview", args=[self.episode_id])


class InterviewAction(BaseModel):
    """An action the interview agreed: what, who owns it (a member of staff), by when."""

    interview = models.ForeignKey(ReturnInterview, on_delete=models.PROTECT, related_name="actions")
    action = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(name="interview_action_named", condition=~Q(action="")),
        ]

    def __str__(self) -> str:
        return self.action

    def get_absolute_url(self) -> str:
        return reverse("missing:interview", args=[self.interview.episode_id])
