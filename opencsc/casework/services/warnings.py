"""Warnings on a person (child or adult): set, review and end, each audited, each keeping the
warning's history. Setting one opens the review due item of its setter, due on the review date
they chose; reviewing moves it, ending closes it. Who may: those working the case of the child (for
an adult, of a child in their family or household), their managers, and the MASH while no team
holds the case (`Action.SET_WARNING` and the others in `permissions.RULES`)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Team, User
from opencsc.audit import services as audit
from opencsc.people.models import Person, PersonWarning, Relationship, WarningReview
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

REVIEW_SUMMARY = "A warning to review"


def case_children(person: Person) -> list[Person]:
    """The children whose case decides who may act on `person`'s warnings: the child itself, or
    for an adult the children they are related to or live with."""
    if person.is_child:
        return [person]
    related = Relationship.objects.filter(Q(from_person=person) | Q(to_person=person))
    ids = {
        other
        for pair in related.values_list("from_person_id", "to_person_id")
        for other in pair
        if other != person.pk
    }
    household = Q(household_id=person.household_id) if person.household_id else Q(pk__in=[])
    return list(
        Person.objects.children().current().filter(Q(pk__in=ids) | household).order_by("pk")
    )


def _children_acted_for(user: User, action: Action, person: Person) -> list[Person]:
    return [child for child in case_children(person) if permissions.can(user, action, child)]


def may_act(user: User, action: Action, person: Person) -> bool:
    """Whether `user` may `action` a warning on `person` (see the module's docstring)."""
    if _children_acted_for(user, action, person):
        return True
    return permissions.can(user, action, person)


def _require(user: User, action: Action, person: Person) -> None:
    """Raise PermissionDenied, worded as the table words it, unless `user` may act."""
    if not may_act(user, action, person):
        label = f"{action.label[0].lower()}{action.label[1:]}"
        raise PermissionDenied(f"You do not have permission to {label}.")


def _check_review_date(review_on: date, today: date) -> None:
    if review_on <= today:
        raise ValidationError({"review_on": "The review date must be in the future."})


def _open_review_item(warning: PersonWarning, *, start: date, by: User, action: Action) -> None:
    """The setter's (or reviewer's) review item, due on the review date; a warning on an adult is
    put on the case of a child they act for, so it shows on that child's line of their caseload."""
    team = Team.objects.filter(pk__in=permissions.team_ids(by)).order_by("pk").first()
    children = _children_acted_for(by, action, warning.person)
    item = timescales.open_due_item(
        rules.WARNING_REVIEW,
        child=children[0] if children else None,
        record=warning,
        start=start,
        owner=by,
        team=team,
        summary=REVIEW_SUMMARY,
    )
    timescales.agree_due_date(item=item, due_on=warning.review_on, by=by)


def _locked(warning: PersonWarning) -> PersonWarning:
    locked = PersonWarning.objects.select_for_update().select_related("person").get(pk=warning.pk)
    if locked.ended_on is not None:
        raise ValidationError("This warning has already been ended.")
    return locked


@transaction.atomic
def set_warning(
    *, person: Person, kind: str, details: str, review_on: date, by: User
) -> PersonWarning:
    """Set a warning on a person, with the date it must be reviewed by; opens the setter's
    review due item on that date."""
    _require(by, Action.SET_WARNING, person)
    if person.merged_into_id is not None:
        raise ValidationError("This record was merged into another: set the warning there.")
    today = timezone.localdate()
    _check_review_date(review_on, today)
    warning = PersonWarning(
        person=person,
        kind=kind,
        details=details.strip(),
        set_by=by,
        set_on=today,
        review_on=review_on,
    )
    warning.full_clean()
    warning.save()
    _open_review_item(warning, start=today, by=by, action=Action.SET_WARNING)
    audit.log_change(
        by=by,
        child=person,
        record=warning,
        action=Action.SET_WARNING,
        summary=warning.get_kind_display(),
    )
    return warning


@transaction.atomic
def review_warning(
    *, warning: PersonWarning, next_review_on: date, note: str, by: User
) -> PersonWarning:
    """Keep a warning after reviewing it, with a new review date and a note; the earlier review
    date stays on the review's row."""
    _require(by, Action.REVIEW_WARNING, warning.person)
    warning = _locked(warning)
    today = timezone.localdate()
    _check_review_date(next_review_on, today)
    review = WarningReview(
        warning=warning,
        reviewed_on=today,
        reviewed_by=by,
        previous_review_on=warning.review_on,
        next_review_on=next_review_on,
        note=note.strip(),
    )
    review.full_clean()
    review.save()
    warning.review_on = next_review_on
    warning.save(update_fields=["review_on", "updated_at"])
    timescales.close_due_items(
        record=warning, by=by, rule=rules.WARNING_REVIEW, note="Warning reviewed"
    )
    _open_review_item(warning, start=today, by=by, action=Action.REVIEW_WARNING)
    audit.log_change(
        by=by,
        child=warning.person,
        record=warning,
        action=Action.REVIEW_WARNING,
        summary=f"Next review {next_review_on:%d/%m/%Y}",
    )
    return warning


@transaction.atomic
def end_warning(*, warning: PersonWarning, reason: str, by: User) -> PersonWarning:
    """End a warning with the reason; it stays in the person's history of warnings."""
    _require(by, Action.END_WARNING, warning.person)
    warning = _locked(warning)
    if not reason.strip():
        raise ValidationError({"end_reason": "Enter why the warning is ended."})
    warning.ended_on = timezone.localdate()
    warning.ended_by = by
    warning.end_reason = reason.strip()
    warning.full_clean()
    warning.save(update_fields=["ended_on", "ended_by", "end_reason", "updated_at"])
    timescales.close_due_items(
        record=warning, by=by, rule=rules.WARNING_REVIEW, note="Warning ended"
    )
    audit.log_change(
        by=by,
        child=warning.person,
        record=warning,
        action=Action.END_WARNING,
        summary="Warning ended",
    )
    return warning
