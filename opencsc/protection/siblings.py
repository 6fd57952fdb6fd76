"""Reads for recording brothers and sisters together: the siblings' records at the same step of
their own episodes that a form offers with the child's. Only siblings the user may see and work
are offered (a sibling they may not see is never offered or named); each is a record of its own,
with its own outcome, category and clocks."""

from collections.abc import Sequence
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.casework.access import remember_holding_teams
from opencsc.casework.models import Referral
from opencsc.people.models import Person, Relationship
from opencsc.permissions import Action
from opencsc.protection.models import ProtectionPlan, Section47Enquiry

R = TypeVar("R", Section47Enquiry, ProtectionPlan)


def _siblings_of(child: Person) -> Q:
    """Rows about the child's brothers and sisters (a sibling relationship either way, or the
    same household: as `casework.selectors.sibling_ids`), as a condition on the rows' child, found
    first in one query whoever the child is: given as ids, the database reads the siblings' rows
    by their index (as one condition PostgreSQL read every child of a large borough)."""
    related = Relationship.objects.filter(kind=Relationship.Kind.SIBLING)
    found = (
        related.filter(from_person=child)
        .values_list("to_person_id")
        .union(
            related.filter(to_person=child).values_list("from_person_id"),
            Person.objects.filter(household_id=child.household_id).values_list("pk")
            if child.household_id is not None
            else Person.objects.none().values_list("pk"),
        )
    )
    ids = {pk for (pk,) in found} - {child.pk}
    return Q(child_id__in=sorted(ids) or [0])


def _offered(rows: QuerySet[R], *, child: Person, user: User, action: Action) -> list[R]:
    """`rows` of the child's brothers and sisters on open episodes, youngest last, that `user`
    may see and do `action` for. A fixed number of queries however many siblings."""
    visible = permissions.visible_child_condition(user, "child__")
    found = list(
        rows.filter(visible, _siblings_of(child), referral__status=Referral.Status.OPEN)
        .exclude(child_id=child.pk)
        .select_related("child", "referral")
        .order_by("child__date_of_birth", "pk")
    )
    remember_holding_teams([row.child for row in found])
    for row in found:
        permissions.mark_opened(row.child, user)
    return [row for row in found if permissions.can(user, action, row.child)]


def siblings_for_strategy(referral: Referral, *, user: User) -> list[Referral]:
    """The open episodes of the child's brothers and sisters, for a strategy discussion about them
    together."""
    visible = permissions.visible_child_condition(user, "child__")
    rows = Referral.objects.filter(
        visible,
        _siblings_of(referral.child),
        status=Referral.Status.OPEN,
        child__kind__in=[Person.Kind.CHILD, Person.Kind.UNBORN],
    ).exclude(child_id=referral.child_id)
    found = list(rows.select_related("child").order_by("child__date_of_birth", "pk"))
    remember_holding_teams([row.child for row in found])
    for row in found:
        permissions.mark_opened(row.child, user)
    return [
        row for row in found if permissions.can(user, Action.RECORD_STRATEGY_DISCUSSION, row.child)
    ]


def siblings_for_completion(enquiry: Section47Enquiry, *, user: User) -> list[Section47Enquiry]:
    """The brothers' and sisters' section 47 enquiries with no outcome yet."""
    rows = Section47Enquiry.objects.filter(completed_on=None)
    return _offered(rows, child=enquiry.child, user=user, action=Action.COMPLETE_ENQUIRY)


def siblings_for_initial_conference(
    enquiry: Section47Enquiry, *, user: User
) -> list[Section47Enquiry]:
    """The brothers' and sisters' section 47 enquiries waiting for their initial conference."""
    rows = Section47Enquiry.objects.filter(
        conference__isnull=True,
        outcome__in=["", Section47Enquiry.Outcome.CONFERENCE],
    )
    return _offered(rows, child=enquiry.child, user=user, action=Action.HOLD_INITIAL_CONFERENCE)


def siblings_for_review(plan: ProtectionPlan, *, user: User) -> list[ProtectionPlan]:
    """The brothers' and sisters' open child protection plans, for a review conference together."""
    rows = ProtectionPlan.objects.filter(ended_on=None)
    return _offered(rows, child=plan.child, user=user, action=Action.HOLD_REVIEW_CONFERENCE)


def log_offered(
    siblings: Sequence[Referral | Section47Enquiry | ProtectionPlan],
    *,
    record: Model,
    by: User,
    action: Action,
) -> None:
    """Record that `by` saw each offered sibling named on a form about `record` (one insert)."""
    if siblings:
        audit.log_views(
            by=by,
            children=[row.child for row in siblings],
            record=record,
            action=action,
            summary="Offered as a brother or sister to record together",
        )
