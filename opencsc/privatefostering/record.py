"""What private fostering contributes to the child's record (`record.contributors.Contributor`):
the child's arrangements, with the next visit due. An arrangement belongs to the child, not to
an episode of need."""

from typing import Any

from opencsc.accounts.models import User
from opencsc.casework.contributions import ChildOnly
from opencsc.people.models import Person
from opencsc.privatefostering import selectors


def record_section(child: Person, *, user: User) -> dict[str, list[Any]]:
    return {"private_fostering": selectors.child_arrangements(child, viewer=user)}


contributor = ChildOnly(record_section)
