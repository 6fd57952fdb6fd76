"""What missing episodes contribute to the child's record (the `record.contributors.Contributor`
interface). An episode belongs to the child, not to one episode of need: nothing on the episode
page, nothing in the census, and nothing stops or ends with a closure (a child may go missing after
their case closed, or before anyone knew them)."""

from typing import Any

from opencsc.accounts.models import User
from opencsc.casework.contributions import ChildOnly
from opencsc.missing import selectors
from opencsc.people.models import Person


def record_section(child: Person, *, user: User) -> dict[str, list[Any]]:
    """The child's latest missing episodes, in one query whatever their number."""
    return {"missing_episodes": selectors.recent_episodes(child, viewer=user)}


contributor = ChildOnly(record_section)
