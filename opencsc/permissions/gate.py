"""The read gate: the only way a view gets a record.

It filters through the record's scope (a person; anything about a child; a kind an app registered,
such as a contact), answers 404 both for "missing" and for "not yours", so nobody learns which
children exist, and writes the access-log row for the view.
"""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, Model, OuterRef
from django.http import Http404, HttpRequest

from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.people.models import Person
from opencsc.permissions.actions import Action
from opencsc.permissions.engine import can
from opencsc.permissions.visibility import (
    can_see,
    grant_reason,
    granted_reasons,
    mark_granted,
    mark_opened,
    one_person_condition,
    opens_by_grant,
    read_scope,
)

M = TypeVar("M", bound=Model)

_SUBJECTS = "_opencsc_banner_subjects"
_OPENED = "_opencsc_opened_records"
_CHILD_VISIBLE = "_opencsc_child_visible"

PERSON_RELATED = ("household__address", "merged_into")


def _person(user: User, pk: Any, kind: str | None = None) -> Person:
    # Read the kind first (unless the view read it), so the gate checks only that branch of the
    # rule for this one row.
    if kind is None:
        kind = Person.objects.filter(pk=pk).values_list("kind", flat=True).first()
    if kind is None:
        raise Person.DoesNotExist
    rows = Person.objects.select_related(*PERSON_RELATED)
    try:
        return rows.filter(one_person_condition(user, kind)).get(pk=pk)
    except Person.DoesNotExist:
        # Beyond need to know, only for a reason an app answers for (an open contact).
        reason = granted_reasons(user, [int(pk)]).get(int(pk))
        if reason is None:
            raise
        person = rows.get(pk=pk, is_restricted=False)
        mark_granted(person, user, reason)
        return person


def get_visible_or_404(
    request: HttpRequest,
    model: type[M],
    pk: Any,
    *,
    action: Action,
    related: Sequence[str] = (),
    log: bool = True,
    person_kind: str | None = None,
) -> M:
    """The `model` record `request.user` may open, or 404; logs the view (as `action`) against
    each child the record is about. `related` names relations the page shows; `person_kind` is
    a person's kind when the view has read it already (`people.selectors.record_facts`)."""
    user = request.user
    if not isinstance(user, User) or not can(user, action):
        raise Http404("No such record.")
    registered = read_scope(model)
    try:
        if model is Person:
            record: Any = _person(user, pk, person_kind)
        elif registered is not None:
            rows = model._default_manager.select_related(*registered.related, *related)
            record = rows.get(pk=pk)
        else:
            # Whether the viewer may open the child, read with the record (one query, not two).
            visible = Exists(
                Person.objects.filter(
                    one_person_condition(user, Person.Kind.CHILD), pk=OuterRef("child_id")
                )
            )
            rows = model._default_manager.select_related("child", *related)
            record = rows.annotate(**{_CHILD_VISIBLE: visible}).get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such record.") from error
    if isinstance(record, Person):
        mark_opened(record, user)
        children = [record]
    elif registered is not None:
        if not registered.may_open(user, record):
            raise Http404("No such record.")
        children = registered.children(record) if log else []
    else:
        if not _opens_child(user, record):
            raise Http404("No such record.")
        children = [record.child]
    note_subjects(request, children)
    if log:
        if registered is not None and children:
            # A record about several children (a contact): one insert for them all, the same
            # statements whether it names one child or five, so the page's query count is fixed.
            audit.log_views(by=user, children=children, record=record, action=action)
        else:
            child = children[0] if children else None
            audit.log_view(
                by=user, child=child, record=record, action=action, summary=grant_reason(child)
            )
    return record


def _opens_child(user: User, record: Any) -> bool:
    """Whether `user` may open the child `record` is about: by need to know, as read with the
    record, else through a grant (marked on the child either way, for the banner and the log)."""
    child = record.child
    if child.kind == Person.Kind.ADULT:  # not a child: the adult's branch of the rule
        return can_see(user, child)
    if getattr(record, _CHILD_VISIBLE):
        mark_opened(child, user)
        return True
    return opens_by_grant(user, child)


def note_subjects(request: HttpRequest, people: Sequence[Person]) -> None:
    """Remember the people a page opened through the gate, for the record's banner (each once),
    and that the page opened a record (`opened_records`), whether or not it names anyone."""
    setattr(request, _OPENED, True)
    subjects: list[Person] = getattr(request, _SUBJECTS, [])
    known = {person.pk for person in subjects}
    subjects.extend(person for person in people if person.pk not in known)
    setattr(request, _SUBJECTS, subjects)


def opened_records(request: HttpRequest) -> bool:
    """Whether this request opened a record through the gate (its page shows the banner)."""
    return bool(getattr(request, _OPENED, False))


def subjects_of(request: HttpRequest) -> list[Person]:
    """The people this request opened through the gate: the page is about them."""
    return list(getattr(request, _SUBJECTS, []))


def get_held_or_404(request: HttpRequest, pk: Any) -> Person:
    """The person whose restriction `request.user` answers for (`Action.RESTRICT_RECORD`), or 404
    as for a missing record; logs the view. Unlike `get_visible_or_404`, a restricted record that
    does not name the user opens here: the page shows only that it exists and who may open it."""
    user = request.user
    if not isinstance(user, User) or not can(user, Action.RESTRICT_RECORD):
        raise PermissionDenied  # the role never restricts: say so, as every page does
    try:
        person = Person.objects.current().get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError) as error:
        raise Http404("No such record.") from error
    if not can(user, Action.RESTRICT_RECORD, person):
        raise Http404("No such record.")
    audit.log_view(by=user, child=person, record=person, action=Action.RESTRICT_RECORD)
    return person
