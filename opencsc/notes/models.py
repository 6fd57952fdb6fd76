"""Case notes: what happened between the statutory forms (a phone call, a home visit, a manager's
oversight), about one child or several at once (siblings).

A note is written as a draft its author may change, then finalised: from then on it is locked. A
correction is a new version (a new row that `supersedes` the old one, with the reason); the old
version stays as it was and can still be opened.

    draft ──> final ──(correction)──> final (version 2, supersedes version 1) ──> ...
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from opencsc.core.models import BaseModel

if TYPE_CHECKING:
    from opencsc.people.models import Person


class NoteKind(models.Model):
    """A kind of case note. The usual kinds are seeded by a data migration; a council adds its own
    with `opencsc note_kinds add` (no code), and retires one by marking it inactive."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=80, unique=True)
    is_oversight = models.BooleanField(
        default=False,
        help_text="Management oversight: only team managers and heads of service write these.",
    )
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class CaseNote(BaseModel):
    """One version of a case note. Version 1 is the note as first written; each correction is a
    new row that supersedes the one before it, with the reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    TRANSITIONS = {Status.DRAFT: {Status.FINAL}, Status.FINAL: set()}

    kind = models.ForeignKey(NoteKind, on_delete=models.PROTECT, related_name="+")
    happened_at = models.DateTimeField(help_text="When the thing happened, not when it was typed.")
    present = models.CharField(
        "Who was present", max_length=500, blank=True, help_text="Who took part, as typed."
    )
    text = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status, default=Status.DRAFT)
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveSmallIntegerField(default=1)
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="The note's first version (empty on the first version itself).",
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        help_text="The version this one corrects: each version is corrected at most once.",
    )
    reason = models.CharField("Reason for the correction", max_length=500, blank=True)
    children: "models.ManyToManyField[Person, CaseNoteChild]" = models.ManyToManyField(
        "people.Person", through="CaseNoteChild", related_name="case_notes"
    )

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [models.Index(fields=["author", "-happened_at"], name="casenote_author_newest")]
        constraints = [
            models.CheckConstraint(
                name="casenote_finalised_at_iff_final",
                condition=Q(status="final", finalised_at__isnull=False)
                | Q(status="draft", finalised_at__isnull=True),
            ),
            models.CheckConstraint(
                name="casenote_correction_shape",
                condition=Q(version=1, supersedes__isnull=True, original__isnull=True, reason="")
                | (
                    Q(version__gt=1, supersedes__isnull=False, original__isnull=False)
                    & ~Q(reason="")
                    & Q(status="final")
                ),
            ),
            models.CheckConstraint(
                name="casenote_not_in_the_future",
                condition=Q(happened_at__lte=models.F("created_at")),
            ),
            models.UniqueConstraint(
                fields=["original", "version"], name="casenote_one_row_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.happened_at:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("notes:note", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def first_id(self) -> int:
        """The id of the note's first version (the note's number, whatever its version)."""
        return self.original_id or self.pk


class CaseNoteChild(models.Model):
    """A child a case note is about: a note about siblings has one row per child."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="child_links")
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="case_note_links"
    )

    class Meta:
        indexes = [models.Index(fields=["child", "note"], name="casenotechild_child_note")]
        constraints = [
            models.UniqueConstraint(fields=["note", "child"], name="casenotechild_once_per_note")
        ]

    def __str__(self) -> str:
        return f"Note {self.note_id} about person {self.child_id}"


class NoteReadRequest(BaseModel):
    """The author asked a member of staff to read a note ("notes to read"): an open due item of
    rule NOTE_TO_READ, owned by the reader, waits until they mark it read."""

    note = models.ForeignKey(CaseNote, on_delete=models.PROTECT, related_name="read_requests")
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["note", "reader"], name="notereadrequest_once")
        ]

    def __str__(self) -> str:
        return f"Note {self.note_id} to read by user {self.reader_id}"

    def get_absolute_url(self) -> str:
        return reverse("notes:note", args=[self.note_id])
