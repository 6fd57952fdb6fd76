"""Contacts and the MASH: triage, partner-agency checks, the daily meeting, threshold decisions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core import approvals
from opencsc.core.approvals import Approval, ApprovalWords, approval_constraints
from opencsc.core.codes import cin_choices
from opencsc.core.models import BaseModel
from opencsc.frontdoor.codes import (
    CHECKED_OUTCOMES,
    PHYSICAL_OR_SEXUAL,
    ChecksAtProposal,
    Concern,
    Consent,
    ConsentAnswer,
    ConsentAsked,
    ContactMethod,
    Disclosure,
    OpenChecks,
    Outcome,
    OverrideReason,
    Rating,
    threshold_levels,
)


class Contact(BaseModel):
    """Information about one or more children arriving at the front door.

    open ──> awaiting_authorisation ──> decided
      ^               │
      └───────────────┘   (returned for more work)
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AWAITING_AUTHORISATION = "awaiting_authorisation", "Awaiting authorisation"
        DECIDED = "decided", "Decided"

    TRANSITIONS = {
        Status.OPEN: {Status.AWAITING_AUTHORISATION},
        Status.AWAITING_AUTHORISATION: {Status.OPEN, Status.DECIDED},
        Status.DECIDED: {Status.AWAITING_AUTHORISATION},  # an amendment, as a new version
    }

    received_at = models.DateTimeField()
    method = models.CharField(max_length=32, choices=ContactMethod)
    referral_source = models.CharField(max_length=4, choices=cin_choices("referral_source"))
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_role = models.CharField(max_length=150, blank=True)
    referrer_phone = models.CharField(max_length=50, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_organisation = models.CharField(max_length=150, blank=True)
    referrer_agency = models.ForeignKey(
        "accounts.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        help_text="Set when a partner agency made the contact: its users see it.",
    )
    concerns = models.JSONField(default=list, help_text="Codes from frontdoor.codes.Concern.")
    concern_details = models.TextField()
    disclosure = models.CharField(max_length=32, choices=Disclosure, blank=True, default="")
    disclosure_details = models.TextField(blank=True)
    consent = models.CharField(max_length=16, choices=Consent)
    consent_not_sought_reason = models.TextField(blank=True)
    is_consent_overridden = models.BooleanField(default=False)
    consent_override_rationale = models.TextField(blank=True)
    consent_override_reason = models.CharField(
        max_length=16, choices=OverrideReason, blank=True, db_default=""
    )
    consent_override_authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The manager who authorised the override, signed in as themselves.",
    )
    consent_override_authorised_at = models.DateTimeField(null=True, blank=True)
    consent_override_typed_name = models.CharField(
        max_length=150,
        blank=True,
        help_text="Before issue 13 the authoriser's name was typed: kept, and reported as typed.",
    )
    stepped_up_from = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The early help team a step-up came from.",
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="contacts", help_text="The MASH."
    )
    status = models.CharField(max_length=32, choices=Status, default=Status.OPEN)
    rating = models.CharField(max_length=8, choices=Rating, blank=True)
    rating_order = models.PositiveSmallIntegerField(
        default=0, help_text="0 not yet rated, 1 red, 2 amber, 3 green: the queue's sort key."
    )
    decision_due_on = models.DateField(null=True, blank=True)
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mash_contacts",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(
                fields=["rating_order", "decision_due_on", "id"],
                condition=~Q(status="decided"),
                name="contact_queue",
            ),
            models.Index(
                fields=["practitioner", "rating_order", "decision_due_on"],
                condition=~Q(status="decided"),
                name="contact_practitioner_queue",
            ),
            models.Index(fields=["referrer_agency", "-received_at"], name="contact_agency"),
            models.Index(fields=["-received_at"], name="contact_received"),
        ]
        constraints = [
            models.CheckConstraint(
                name="contact_consent_not_sought_has_reason",
                condition=~Q(consent="not_sought") | ~Q(consent_not_sought_reason=""),
            ),
            models.CheckConstraint(
                name="contact_consent_override_explained",
                condition=Q(is_consent_overridden=False)
                | (
                    Q(consent__in=["refused", "not_sought"])
                    & ~Q(consent_override_rationale="")
                    & (
                        Q(
                            consent_override_authorised_by__isnull=False,
                            consent_override_authorised_at__isnull=False,
                        )
                        | ~Q(consent_override_typed_name="")
                    )
                ),
            ),
            models.CheckConstraint(
                name="contact_disclosure_has_details",
                condition=Q(disclosure="") | ~Q(disclosure_details=""),
            ),
            models.CheckConstraint(
                name="contact_decided_on_iff_decided",
                condition=Q(status="decided", decided_on__isnull=False)
                | (~Q(status="decided") & Q(decided_on__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CT{self.pk:07d}"

    def get_absolute_url(self) -> str:
        return reverse("frontdoor:contact-detail", args=[self.pk])

    @property
    def disclosed_physical_or_sexual_abuse(self) -> bool:
        return self.disclosure in PHYSICAL_OR_SEXUAL

    @property
    def may_share(self) -> bool:
        """Consent was given, or a manager authorised overriding it: checks may be requested."""
        return self.consent == Consent.GIVEN or self.is_consent_overridden

    def override_reasons(self) -> list[tuple[str, str]]:
        """The reasons to override consent that this contact shows: a red rating, a disclosure of
        harm, and always another risk of significant harm."""
        offered = []
        if self.rating == Rating.RED:
            offered.append(OverrideReason.RED_RATING)
        if self.disclosure:
            offered.append(OverrideReason.DISCLOSURE)
        offered.append(OverrideReason.OTHER)
        return [(reason.value, reason.label) for reason in offered]

    def get_concerns_display(self) -> list[str]:
        labels = dict(Concern.choices)
        return [labels.get(code, code) for code in self.concerns]


class ContactChild(BaseModel):
    """A child a contact is about: a record in the person index, or as a partner agency named them
    until the MASH finds or creates the record."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="children")
    child = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
    )
    given_name = models.CharField(max_length=200, blank=True, help_text="As the referrer gave it.")
    given_date_of_birth = models.DateField(null=True, blank=True)
    given_address = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["child", "contact"], name="contactchild_child")]
        constraints = [
            models.UniqueConstraint(fields=["contact", "child"], name="contactchild_once"),
            models.CheckConstraint(
                name="contactchild_record_or_name",
                condition=Q(child__isnull=False) | ~Q(given_name=""),
            ),
        ]

    def __str__(self) -> str:
        return str(self.child) if self.child_id else self.given_name


class ContactRating(BaseModel):
    """One RAG rating of a contact, with its reason: re-rating adds a row, never edits one."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="ratings")
    rating = models.CharField(max_length=8, choices=Rating)
    reason = models.TextField()
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField()
    decision_due_on = models.DateField()

    class Meta:
        ordering = ["-rated_at", "-id"]
        constraints = [
            models.CheckConstraint(name="contactrating_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} ({self.rated_at:%-d %b %Y %H:%M})"


class ConsentRecord(BaseModel):
    """Who was asked for consent to share information and make enquiries, and their answer: one
    row each time someone is asked. The contact's `consent` follows the latest answer."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="consent_records")
    asked = models.CharField("Who was asked", max_length=16, choices=ConsentAsked)
    name = models.CharField(max_length=150, blank=True, help_text="Their name, where known.")
    answer = models.CharField(max_length=16, choices=ConsentAnswer)
    asked_at = models.DateTimeField()
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["contact", "-asked_at"], name="consentrecord_contact")]

    def __str__(self) -> str:
        return f"{self.get_asked_display()}: {self.get_answer_display().lower()}"


class ConsentOverride(BaseModel, Approval):
    """A request to share information without consent, authorised by a manager signed in as
    themselves (never the person who asked), with the reason and rationale.

    proposed ──> authorised
        └──────> returned
    """

    class Status(models.TextChoices):
        PROPOSED = approvals.PROPOSED, "Awaiting a manager"
        AUTHORISED = approvals.AUTHORISED, "Authorised"
        RETURNED = approvals.RETURNED, "Not authorised"

    TRANSITIONS = approvals.ANSWERED_ONCE
    WORDS = ApprovalWords(noun="consent override", proposed="asked for")

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="consent_overrides")
    status = models.CharField(max_length=16, choices=Status, default=Status.PROPOSED)
    reason = models.CharField(max_length=16, choices=OverrideReason)
    rationale = models.TextField()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(status="proposed"),
                name="consentoverride_one_waiting",
            ),
            models.CheckConstraint(
                name="consentoverride_has_rationale", condition=~Q(rationale="")
            ),
            *approval_constraints("consentoverride"),
        ]

    def __str__(self) -> str:
        return f"Consent override on {self.contact}: {self.get_status_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("frontdoor:override-review", args=[self.pk])


class AgencyCheck(BaseModel):
    """Information asked of a partner agency before the decision.

    requested ──> returned
        └───────> withdrawn
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        RETURNED = "returned", "Returned"
        WITHDRAWN = "withdrawn", "Withdrawn"

    TRANSITIONS = {
        Status.REQUESTED: {Status.RETURNED, Status.WITHDRAWN},
        Status.RETURNED: set(),
        Status.WITHDRAWN: set(),
    }

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="checks")
    agency = models.ForeignKey("accounts.Agency", on_delete=models.PROTECT, related_name="checks")
    question = models.TextField()
    shared_with_agency = models.TextField(
        "Shared with the agency",
        blank=True,
        db_default="",
        help_text="What the MASH chooses to tell the agency about the children and family (names,"
        " dates of birth, addresses): with the question, all the agency sees of them.",
    )
    status = models.CharField(max_length=16, choices=Status, default=Status.REQUESTED)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField()
    due_at = models.DateTimeField(null=True, blank=True, help_text="Set for checks due in hours.")
    chased_at = models.DateTimeField(null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(default=0)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    information = models.TextField(blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The manager who withdrew it when authorising the decision.",
    )
    kept_open_at_decision = models.BooleanField(
        default=False,
        db_default=False,
        help_text="The authorising manager let it come back after the decision: its answer "
        "shows on the child's record.",
    )
    history = HistoricalRecords()

    class Meta:
        indexes = [
            models.Index(
                fields=["due_on", "id"], condition=Q(status="requested"), name="check_open_due"
            ),
            models.Index(fields=["agency", "status", "-requested_at"], name="check_agency_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "agency"],
                condition=Q(status="requested"),
                name="check_one_open_per_agency",
            ),
            models.CheckConstraint(
                name="check_returned_has_answer",
                condition=~Q(status="returned")
                | (Q(returned_at__isnull=False) & ~Q(information="")),
            ),
            models.CheckConstraint(
                name="check_returned_after_requested",
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("requested_at")),
            ),
            models.CheckConstraint(
                name="check_withdrawn_at_only_withdrawn",
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(status="withdrawn", withdrawn_at__isnull=False, withdrawn_by__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} check on {self.contact}"

    def get_absolute_url(self) -> str:
        return reverse("frontdoor:check-detail", args=[self.pk])


class MeetingItem(BaseModel):
    """A contact on the agenda of one day's MASH meeting, and what was agreed about it."""

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="meeting_items")
    meeting_on = models.DateField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    agreed = models.TextField(blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["meeting_on", "contact"], name="meetingitem_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "meeting_on"], name="meetingitem_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} at the MASH meeting on {self.meeting_on}"


class ContactDecision(BaseModel, Approval):
    """A threshold decision on a contact: proposed, then authorised or returned by a manager.

    proposed ──> authorised ──> superseded      (by an authorised amendment)
        └──────> returned                       (for more work; a new version follows)

    Authorised decisions are never edited: an amendment is a new version with a reason.
    """

    class Status(models.TextChoices):
        PROPOSED = approvals.PROPOSED, "Awaiting authorisation"
        AUTHORISED = approvals.AUTHORISED, "Authorised"
        RETURNED = approvals.RETURNED, "Returned for more work"
        SUPERSEDED = "superseded", "Superseded by an amendment"

    TRANSITIONS = {
        Status.PROPOSED: {Status.AUTHORISED, Status.RETURNED},
        Status.AUTHORISED: {Status.SUPERSEDED},
        Status.RETURNED: set(),
        Status.SUPERSEDED: set(),
    }
    WORDS = ApprovalWords(noun="decision")

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="decisions")
    version = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=16, choices=Status, default=Status.PROPOSED)
    outcome = models.CharField(max_length=16, choices=Outcome)
    threshold_level = models.CharField(max_length=16)
    rationale = models.TextField()
    primary_need = models.CharField(max_length=4, choices=cin_choices("primary_need"), blank=True)
    early_help_team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    amendment_reason = models.TextField(blank=True)
    no_strategy_discussion_reason = models.TextField(
        blank=True,
        help_text="Why a child who disclosed physical or sexual abuse is not going to a "
        "strategy discussion: recorded by the authorising manager.",
    )
    checks_at_proposal = models.CharField(
        max_length=16,
        choices=ChecksAtProposal,
        blank=True,
        db_default="",
        help_text="Blank on decisions proposed before issue 13.",
    )
    checks_reason = models.TextField(
        blank=True,
        db_default="",
        help_text="Why the decision is proposed with checks outstanding, or with none for early "
        "help or statutory work: the authorising manager sees it.",
    )
    open_checks = models.CharField(
        max_length=16,
        choices=OpenChecks,
        blank=True,
        db_default="",
        help_text="What the authorising manager did with the checks still outstanding.",
    )

    class Meta:
        ordering = ["-version"]
        indexes = [
            models.Index(
                fields=["proposed_at", "id"],
                condition=Q(status="proposed"),
                name="decision_awaiting",
            ),
            # The safeguards page's decisions made without checks, newest first (issue 15): a
            # year of them was read and sorted on every request.
            models.Index(
                fields=["-reviewed_at", "-id"],
                condition=Q(
                    status__in=["authorised", "superseded"],
                    checks_at_proposal__in=["none", "outstanding"],
                ),
                name="decision_without_checks",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["contact", "version"], name="decision_version_once"),
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(status="proposed"),
                name="decision_one_proposed_per_contact",
            ),
            models.UniqueConstraint(
                fields=["contact"],
                condition=Q(status="authorised"),
                name="decision_one_authorised_per_contact",
            ),
            models.CheckConstraint(name="decision_has_rationale", condition=~Q(rationale="")),
            models.CheckConstraint(
                name="decision_amendment_has_reason",
                condition=Q(amends__isnull=True) | ~Q(amendment_reason=""),
            ),
            models.CheckConstraint(
                name="decision_without_checks_has_reason",
                condition=~(
                    Q(checks_at_proposal=ChecksAtProposal.OUTSTANDING)
                    | Q(checks_at_proposal=ChecksAtProposal.NONE, outcome__in=CHECKED_OUTCOMES)
                )
                | ~Q(checks_reason=""),
            ),
            models.CheckConstraint(
                name="decision_statutory_has_primary_need",
                condition=~Q(outcome__in=["section_17", "section_47"]) | ~Q(primary_need=""),
            ),
            *approval_constraints("decision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("frontdoor:contact-detail", args=[self.contact_id])

    @property
    def needs_no_strategy_discussion_reason(self) -> bool:
        """A child disclosed physical or sexual abuse and this outcome is not a strategy
        discussion: the authorising manager must record why."""
        return (
            self.contact.disclosed_physical_or_sexual_abuse and self.outcome != Outcome.SECTION_47
        )

    def get_threshold_level_display(self) -> str:
        return dict(threshold_levels()).get(self.threshold_level, self.threshold_level)


class ContactNotification(BaseModel):
    """Who was told that a contact arrived about a child whose case a team holds: the allocated
    worker and the holding team's managers are told in OpenCSC as the MASH matches the child (each
    gets an open due item on their tray, `rules.CONTACT_ON_HELD_CHILD`, closed when they mark it
    read); the MASH records anyone else it told, by phone, email or in person.

    told ──> read   (in OpenCSC only)
    """

    class Method(models.TextChoices):
        IN_APP = "in_app", "In OpenCSC (on their tray)"
        PHONE = "phone", "By phone"
        EMAIL = "email", "By email"
        IN_PERSON = "in_person", "In person"

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="notifications")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    told = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=16, choices=Method)
    told_at = models.DateTimeField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["contact", "told_at"], name="contactnotice_contact")]
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "child", "told"],
                condition=Q(method="in_app"),
                name="contactnotice_in_app_once",
            ),
            models.CheckConstraint(
                name="contactnotice_read_only_in_app",
                condition=Q(read_at__isnull=True) | Q(method="in_app"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact.reference}: {self.get_method_display()}"

    def get_absolute_url(self) -> str:
        return reverse("frontdoor:contact-detail", args=[self.contact_id])
