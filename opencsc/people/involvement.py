"""What children's services are doing with a child now: the involvement flag that search results
and the front door show beside a person ("open to the Child protection team, Sam Worker; child
protection plan: physical abuse").

The facts live in the apps above the person index (casework holds the allocation and the open
referral, protection the child protection plan, plans the child in need plan), so this module only
keeps a registry: each of those apps registers a source in its AppConfig.ready, and
`involvements(ids)` asks every source once for a whole page of people. A page therefore costs one
query per source, whatever its length (issue 12, "Known children at the front door").
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from opencsc.accounts.models import Team, User


@dataclass
class Involvement:
    """One person's open involvement: the team and worker holding the case, whether an episode
    (referral) is open, and the plans the child is on (each a phrase such as "Child protection
    plan: physical abuse"); for an adult, the teams holding their related children's cases."""

    team: Team | None = None
    worker: User | None = None
    episode_open: bool = False
    plans: list[str] = field(default_factory=list)
    # An adult's: the teams holding open cases of children they are related to (no child named,
    # a restricted child never counted).
    family_teams: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.episode_open or self.team is not None or bool(self.plans)

    @property
    def team_name(self) -> str:
        return self.team.name if self.team is not None else ""

    @property
    def worker_name(self) -> str:
        if self.worker is None:
            return ""
        return self.worker.get_full_name() or self.worker.get_username()


Source = Callable[[Collection[int], dict[int, Involvement]], None]

_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Add a source of involvement facts (called from the owning app's AppConfig.ready). A source
    reads the people of `ids` in one query and fills in their `Involvement`s."""
    _sources[name] = source


def involvements(ids: Collection[int]) -> dict[int, Involvement]:
    """The involvement of each of the people `ids`: one query per source, run even for an empty
    page, so a page's query count never depends on its rows."""
    found = {pk: Involvement() for pk in ids}
    for source in _sources.values():
        source(list(ids) or [0], found)
    return found
