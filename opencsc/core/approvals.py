"""One shape for every approval: someone proposes, a manager authorises it or returns it.

A threshold decision, a closure, an assessment and a team transfer are all approvals, and so are the
approvals still to come (section 47 outcomes, plans, private fostering arrangements, audits,
supervision). Each model inherits `Approval` (or `DraftedApproval` when it is written before it is
proposed), gives its `Status` the three values below with its own labels (a transfer's
"Requested", "Accepted" and "Declined") and adds `approval_constraints(...)` to its Meta. The
permission table flags the actions that authorise it four-eyes, and `permissions.require` applies
`four_eyes_refusal`. docs/approvals.md shows where a new approval plugs in.

    [draft states] ──> proposed ──> authorised ──> [later states, e.g. superseded]
                           └──────> returned     (with the reviewer's comment)
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

PROPOSED = "proposed"
AUTHORISED = "authorised"
RETURNED = "returned"

# The moves of an approval answered once, with nothing after (a closure, a team transfer, a role
# change): a model with no draft or later states uses `TRANSITIONS = approvals.ANSWERED_ONCE`.
ANSWERED_ONCE: dict[Any, set[Any]] = {
    PROPOSED: {AUTHORISED, RETURNED},
    AUTHORISED: set(),
    RETURNED: set(),
}


@dataclass(frozen=True)
class ApprovalWords:
    """How messages name an approval, as in "You proposed this decision: another manager must
    authorise it"."""

    noun: str
    proposed: str = "proposed"
    authorise: str = "authorise"


class Approval(models.Model):
    """An approval proposed when it is written. Subclasses define `status` with their `Status`."""

    WORDS: ClassVar[ApprovalWords]
    # Each approval defines `status` with its own choices and labels.
    status: Any

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    manager_comment = models.TextField(blank=True)

    class Meta:
        abstract = True


class DraftedApproval(Approval):
    """An approval written over time (an assessment) before it is proposed."""

    proposed_by = models.ForeignKey(  # type: ignore[assignment]
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)  # type: ignore[assignment]

    class Meta:
        abstract = True


def approval_constraints(
    prefix: str,
    *,
    unreviewed: Iterable[str] = (PROPOSED,),
    drafts: Iterable[str] = (),
    four_eyes: bool = True,
) -> list[models.BaseConstraint]:
    """The database's guard on an approval: a reviewer and time exactly when reviewed, a review
    after the proposal, a comment on every return and (with `four_eyes`) never authorised by the
    person who proposed it. `unreviewed` lists the states with no review yet (`proposed` and any
    drafts); `drafts` the states before it is proposed, when a `DraftedApproval` has no proposer."""
    waiting = [*unreviewed]
    constraints: list[models.BaseConstraint] = [
        models.CheckConstraint(
            name=f"{prefix}_reviewed_by_iff_reviewed",
            condition=Q(status__in=waiting, reviewed_by__isnull=True, reviewed_at__isnull=True)
            | (~Q(status__in=waiting) & Q(reviewed_by__isnull=False, reviewed_at__isnull=False)),
        ),
        models.CheckConstraint(
            name=f"{prefix}_reviewed_after_proposed",
            condition=Q(reviewed_at__isnull=True) | Q(reviewed_at__gte=F("proposed_at")),
        ),
        models.CheckConstraint(
            name=f"{prefix}_returned_has_comment",
            condition=~Q(status=RETURNED) | ~Q(manager_comment=""),
        ),
    ]
    if four_eyes:
        # Returning one's own proposal withdraws it; only authorising needs another manager.
        constraints.append(
            models.CheckConstraint(
                name=f"{prefix}_not_authorised_by_proposer",
                condition=Q(reviewed_by__isnull=True)
                | Q(status=RETURNED)
                | ~Q(reviewed_by=F("proposed_by")),
            )
        )
    draft_states = [*drafts]
    if draft_states:
        constraints.append(
            models.CheckConstraint(
                name=f"{prefix}_proposed_by_iff_proposed",
                condition=Q(
                    status__in=draft_states, proposed_by__isnull=True, proposed_at__isnull=True
                )
                | (
                    ~Q(status__in=draft_states)
                    & Q(proposed_by__isnull=False, proposed_at__isnull=False)
                ),
            )
        )
    return constraints


def four_eyes_refusal(approval: Approval, by: Any) -> str | None:
    """Why `by` may not authorise `approval` under the four-eyes rule (they proposed it), in the
    approval's own words; None when they may. The permission table asks this for every action
    flagged four-eyes."""
    if approval.proposed_by_id is not None and approval.proposed_by_id == by.pk:
        words = approval.WORDS
        return f"You {words.proposed} this {words.noun}: another manager must {words.authorise} it."
    return None
