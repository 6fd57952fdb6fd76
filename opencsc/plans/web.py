"""What the pages of plans and of child protection share: who records work on a child's case."""

from django.db.models import Q, QuerySet

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.casework import selectors as casework
from opencsc.people.models import Person


def require_works(user: User, child: Person) -> None:
    """Refuse (403) a user who may read the child's record but not record work on it."""
    permissions.require_works_case(user, child)


def case_workers(child: Person, *, also: User) -> QuerySet[User]:
    """Active members of the team holding the child's case (and `also`), by name."""
    allocation = casework.current_allocation(child)
    condition = Q(pk=also.pk)
    if allocation is not None:
        condition |= Q(memberships__team_id=allocation.team_id)
    return (
        User.objects.filter(condition, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )
