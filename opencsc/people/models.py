"""The person index: one record per person, linked by relationships and households."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from opencsc.core.codes import cin_choices
from opencsc.core.models import BaseModel
from opencsc.people.identifiers import fold_name, name_key


def fill_search_keys(row: "Person | PreviousName") -> None:
    """Derive a name's indexed search columns (folded names, sound-alike keys) from its names: a
    person's current name and each name they were known by before are searched alike."""
    row.first_name_folded, row.last_name_folded = (
        fold_name(row.first_name),
        fold_name(row.last_name),
    )
    row.first_name_key, row.last_name_key = name_key(row.first_name), name_key(row.last_name)


class Address(BaseModel):
    """A postal address."""

    line_1 = models.CharField("Address line 1", max_length=150)
    line_2 = models.CharField("Address line 2", max_length=150, blank=True)
    town = models.CharField("Town or city", max_length=100, blank=True)
    postcode = models.CharField(max_length=8, db_index=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return ", ".join(
            part for part in (self.line_1, self.line_2, self.town, self.postcode) if part
        )


class Household(BaseModel):
    """The people who live together at an address."""

    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="households")
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Household at {self.address}"


class PersonQuerySet(models.QuerySet["Person"]):
    def children(self) -> "PersonQuerySet":
        """Children and unborn children."""
        return self.filter(kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN])

    def current(self) -> "PersonQuerySet":
        """Records not merged into another."""
        return self.filter(merged_into=None)


class ImmigrationStatus(models.TextChoices):
    """A person's immigration status, as a worker records it. No DfE or Home Office code list
    fits a children's services record (the CIN census and SSDA903 record only UASC), so this is
    OpenCSC's own short list (docs/people.md)."""

    BRITISH_OR_IRISH = "british_or_irish", "British or Irish citizen"
    SETTLED = "settled", "Settled or pre-settled status, or indefinite leave to remain"
    LIMITED_LEAVE = "limited_leave", "Limited leave to remain"
    REFUGEE = "refugee", "Refugee status or humanitarian protection"
    ASYLUM_SEEKER = "asylum_seeker", "Asylum claim waiting for a decision"
    NO_RECOURSE = "no_recourse", "No recourse to public funds"
    NO_LEAVE = "no_leave", "No leave to remain"
    NOT_KNOWN = "not_known", "Not known"


class Person(BaseModel):
    """A child, an unborn child or an adult known to children's services.

    A record merged into another keeps its row and points at the survivor (`merged_into`).
    """

    class Kind(models.TextChoices):
        CHILD = "child", "Child"
        UNBORN = "unborn", "Unborn child"
        ADULT = "adult", "Adult"

    kind = models.CharField(max_length=16, choices=Kind)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    other_names = models.CharField("Other names or also known as", max_length=200, blank=True)
    first_name_folded = models.CharField(max_length=100, blank=True, db_index=True)
    last_name_folded = models.CharField(max_length=100, blank=True, db_index=True)
    first_name_key = models.CharField(max_length=32, blank=True, db_index=True)
    last_name_key = models.CharField(max_length=32, blank=True, db_index=True)
    date_of_birth = models.DateField(null=True, blank=True, db_index=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=cin_choices("sex"), default="U")
    ethnicity = models.CharField(max_length=4, choices=cin_choices("ethnicity"), default="NOBT")
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    upn = models.CharField("Unique Pupil Number (UPN)", max_length=13, blank=True, db_index=True)
    # Details with history (issue 12, part 3): each changed only by people.services, audited.
    gender_identity = models.CharField(
        "Gender identity",
        max_length=100,
        blank=True,
        help_text="In the person's own words, when it differs from the sex recorded.",
    )
    first_language = models.CharField("First language", max_length=100, blank=True)
    needs_interpreter = models.BooleanField("Needs an interpreter", default=False)
    religion = models.CharField("Religion or belief", max_length=100, blank=True)
    immigration_status = models.CharField(
        "Immigration status", max_length=32, choices=ImmigrationStatus, blank=True
    )
    is_uasc = models.BooleanField("Unaccompanied asylum-seeking child (UASC)", default=False)
    phone = models.CharField("Phone number", max_length=30, blank=True)
    email = models.EmailField("Email address", max_length=200, blank=True)
    gp_practice_name = models.CharField("GP practice", max_length=150, blank=True)
    gp_practice_address = models.CharField("GP practice address", max_length=300, blank=True)
    school_name = models.CharField("School or nursery", max_length=150, blank=True)
    school_urn = models.CharField("School URN", max_length=6, blank=True)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    recording_team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recorded_people",
        help_text="The team that created the record; it may open it until the child is allocated.",
    )
    is_restricted = models.BooleanField(
        default=False, help_text="Only the named staff may open a restricted record."
    )
    named_staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_people"
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_records"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(m2m_fields=[named_staff])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["last_name_key", "first_name_key"], name="person_name_keys"),
            # The few restricted records, found without reading the whole index: the "held
            # back" checks of notes and chronology ask for them on every child's record.
            models.Index(fields=["id"], condition=Q(is_restricted=True), name="person_restricted"),
        ]
        constraints = [
            models.CheckConstraint(
                name="person_unborn_has_expected_date_only",
                condition=(
                    Q(
                        kind="unborn",
                        expected_date_of_birth__isnull=False,
                        date_of_birth__isnull=True,
                    )
                    | (~Q(kind="unborn") & Q(expected_date_of_birth__isnull=True))
                ),
            ),
            models.CheckConstraint(
                name="person_child_has_date_of_birth",
                condition=~Q(kind="child") | Q(date_of_birth__isnull=False),
            ),
            models.CheckConstraint(
                name="person_not_merged_into_self", condition=~Q(merged_into=models.F("pk"))
            ),
            models.UniqueConstraint(
                fields=["nhs_number"],
                condition=~Q(nhs_number="") & Q(merged_into__isnull=True),
                name="person_unique_current_nhs_number",
            ),
            models.UniqueConstraint(
                fields=["upn"],
                condition=~Q(upn="") & Q(merged_into__isnull=True),
                name="person_unique_current_upn",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("record:child", args=[self.pk])

    def fill_search_keys(self) -> None:
        """Derive the indexed search columns (folded names, sound-alike keys) from the names."""
        fill_search_keys(self)

    @property
    def full_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return (
            name
            if self.kind != self.Kind.UNBORN or self.first_name
            else f"Unborn baby {self.last_name}"
        )

    @property
    def is_child(self) -> bool:
        return self.kind in (self.Kind.CHILD, self.Kind.UNBORN)

    @property
    def la_child_id(self) -> str:
        """The council's own identifier for the child, used in returns (LAchildID)."""
        return f"C{self.pk:07d}"

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`, or None when the date of birth is not known."""
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Relationship(BaseModel):
    """How one person stands to another: `from_person` is the parent, carer... of `to_person`."""

    class Kind(models.TextChoices):
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer"
        SIBLING = "sibling", "Sibling"
        OTHER = "other", "Other"

    from_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="relationships_from"
    )
    to_person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_to")
    kind = models.CharField(max_length=16, choices=Kind)
    description = models.CharField(
        max_length=100,
        blank=True,
        help_text="For example mother, stepfather, grandmother, half-sister.",
    )
    has_parental_responsibility = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="relationship_between_two_people",
                condition=~Q(from_person=models.F("to_person")),
            ),
            models.UniqueConstraint(
                fields=["from_person", "to_person", "kind"], name="relationship_once_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_person} is {self.get_kind_display().lower()} of {self.to_person}"


class Disability(BaseModel):
    """A child's disability, as the CIN census codes it; NONE stands alone (rule 8790)."""

    NONE = "NONE"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=cin_choices("disability"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "disabilities"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], name="disability_once_per_person"),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class PersonWarning(BaseModel):
    """A warning flag on a person (child or adult) that staff must know before they act: a risk to
    staff, an alleged perpetrator in the household, an address not to be disclosed... Shown on the
    banner of every page about the person and, for an adult, about each child in their household.

    open (review_on set) ──review──> open (a new review_on; a `WarningReview` row keeps the old)
      └──────────────────────────────> ended (ended_on, ended_by, end_reason)

    Never deleted nor overwritten: a review adds a row, an end fills the end fields once.
    """

    class Kind(models.TextChoices):
        RISK_TO_STAFF = "risk_to_staff", "Risk to staff"
        ALLEGED_PERPETRATOR = "alleged_perpetrator", "Alleged perpetrator in the household"
        DO_NOT_DISCLOSE_ADDRESS = "do_not_disclose_address", "Do not disclose address"
        RISK_OF_VIOLENCE = "risk_of_violence", "Risk of violence"
        ANIMAL = "animal", "Dog or other animal at the address"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="warnings")
    kind = models.CharField(max_length=32, choices=Kind)
    details = models.TextField(help_text="What staff must know, and what to do about it.")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_on = models.DateField()
    review_on = models.DateField(help_text="When the warning must be looked at again.")
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-set_on", "-pk"]
        indexes = [
            models.Index(
                fields=["person"], condition=Q(ended_on__isnull=True), name="warning_open_person"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="warning_ended_fields_together",
                condition=Q(ended_on__isnull=True, ended_by__isnull=True, end_reason="")
                | (Q(ended_on__isnull=False, ended_by__isnull=False) & ~Q(end_reason="")),
            ),
            models.CheckConstraint(
                name="warning_review_after_set", condition=Q(review_on__gt=models.F("set_on"))
            ),
            models.CheckConstraint(
                name="warning_ends_on_or_after_set",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("set_on")),
            ),
            models.CheckConstraint(name="warning_has_details", condition=~Q(details="")),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("record:warnings", args=[self.person_id])

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class WarningReview(BaseModel):
    """One review of a warning: kept with a new review date and a note. The warning's earlier
    review date stays here, so its history is never lost."""

    warning = models.ForeignKey(PersonWarning, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    previous_review_on = models.DateField()
    next_review_on = models.DateField()
    note = models.TextField()

    class Meta:
        ordering = ["reviewed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                name="warning_review_next_after_reviewed",
                condition=Q(next_review_on__gt=models.F("reviewed_on")),
            ),
            models.CheckConstraint(name="warning_review_has_note", condition=~Q(note="")),
        ]

    def __str__(self) -> str:
        return f"Review on {self.reviewed_on:%d/%m/%Y}"


class PreviousName(BaseModel):
    """A name a person was known by before: kept when their name changes (people.services)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="previous_names")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100)
    used_from = models.DateField(null=True, blank=True, help_text="Empty when not known.")
    used_until = models.DateField()
    reason = models.CharField(max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Searched as the person's current name is (people.selectors): a child known before by another
    # surname is found by it. Filled by `fill_search_keys`.
    first_name_folded = models.CharField(max_length=100, blank=True)
    last_name_folded = models.CharField(max_length=100, blank=True, db_index=True)
    first_name_key = models.CharField(max_length=32, blank=True)
    last_name_key = models.CharField(max_length=32, blank=True, db_index=True)

    class Meta:
        ordering = ["-used_until", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="previous_name_until_after_from",
                condition=Q(used_from__isnull=True) | Q(used_until__gte=models.F("used_from")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def fill_search_keys(self) -> None:
        fill_search_keys(self)


class PersonAddress(BaseModel):
    """Where a person lived, from when to when: a move ends the current row and starts another,
    so the old address is kept with its dates. The current row (no move-out date) is the address
    of the person's household (`Person.household`)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="addresses")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="residents")
    moved_in_on = models.DateField(null=True, blank=True, help_text="Empty when not known.")
    moved_out_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name_plural = "person addresses"
        ordering = ["-moved_out_on", "-moved_in_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(moved_out_on__isnull=True),
                name="person_address_one_current",
            ),
            models.CheckConstraint(
                name="person_address_out_after_in",
                condition=Q(moved_in_on__isnull=True)
                | Q(moved_out_on__isnull=True)
                | Q(moved_out_on__gte=models.F("moved_in_on")),
            ),
        ]

    def __str__(self) -> str:
        return str(self.address)

    @property
    def is_current(self) -> bool:
        return self.moved_out_on is None


class DuplicatePair(BaseModel):
    """Two current records that may be the same person (docs/duplicates.md), found when a record
    is created over likely matches or by `opencsc find_duplicates`, and reviewed once: merged, or
    "not the same person" (then never listed again). `person_a` is always the lower id, so each
    pair of records is one row whichever way it was found.

    waiting (outcome "") ──> merged
          └──────────────> not_same
    """

    class Outcome(models.TextChoices):
        WAITING = "", "Waiting for review"
        MERGED = "merged", "Merged"
        NOT_SAME = "not_same", "Not the same person"

    class FoundBy(models.TextChoices):
        CREATION = "creation", "Created over likely matches"
        SEARCH = "search", "Found by the duplicate search"

    person_a = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pairs_as_a")
    person_b = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pairs_as_b")
    found_on = models.DateField()
    found_by = models.CharField(max_length=16, choices=FoundBy, default=FoundBy.SEARCH)
    # Why the creator said the new record was not one of its likely matches.
    creation_reason = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome, blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["found_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_once"),
            models.CheckConstraint(
                name="duplicate_pair_ordered", condition=Q(person_a__lt=models.F("person_b"))
            ),
            models.CheckConstraint(
                name="duplicate_pair_reviewed_iff_outcome",
                condition=(
                    Q(outcome="", reviewed_at__isnull=True, reviewed_by__isnull=True)
                    | (~Q(outcome="") & Q(reviewed_at__isnull=False, reviewed_by__isnull=False))
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Likely duplicate pair {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("people:duplicate-pair", args=[self.pk])

    @property
    def is_reviewed(self) -> bool:
        return self.outcome != self.Outcome.WAITING

    @staticmethod
    def ordered(first_id: int, second_id: int) -> tuple[int, int]:
        return (first_id, second_id) if first_id < second_id else (second_id, first_id)
