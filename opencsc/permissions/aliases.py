"""Temporary names kept for the code the record app is moving (the child's record, the episode
page, closure, home page, navigation). The lead removes them once that code uses the table."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from opencsc.accounts.models import User
from opencsc.people.models import Person
from opencsc.permissions.actions import Action
from opencsc.permissions.engine import can
from opencsc.permissions.gate import get_visible_or_404


def works_case(user: User, child: Person) -> bool:
    """Alias: can(user, <a pathway RECORD_* action>, child)."""
    return can(user, Action.PROPOSE_CLOSURE, child)


def manages_case(user: User, child: Person) -> bool:
    """Alias: can(user, Action.RETURN_CLOSURE, child) (a manager of the holding team)."""
    return can(user, Action.RETURN_CLOSURE, child)


def require_works_case(user: User, child: Person) -> None:
    """Alias: require(user, Action.PROPOSE_CLOSURE, child)."""
    if not works_case(user, child):
        raise PermissionDenied("You do not have permission to record work for this child.")


def require_manages_case(user: User, child: Person) -> None:
    """Alias: require(user, Action.AUTHORISE_CLOSURE or RETURN_CLOSURE, closure)."""
    if not manages_case(user, child):
        raise PermissionDenied("Only a manager of the team holding this case may do this.")


def allocates_referrals(user: User) -> bool:
    """Alias: can(user, Action.ALLOCATE)."""
    return can(user, Action.ALLOCATE)


def authorises_front_door(user: User) -> bool:
    """Alias: can(user, Action.AUTHORISE_DECISION)."""
    return can(user, Action.AUTHORISE_DECISION)


def get_person_or_404(request: HttpRequest, pk: Any, *, log: bool = True) -> Person:
    """Alias: get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON)."""
    return get_visible_or_404(request, Person, pk, action=Action.VIEW_PERSON, log=log)
