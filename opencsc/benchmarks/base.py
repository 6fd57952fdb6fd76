"""What a benchmark is: named pages, each requested by a user of the right role."""

from collections.abc import Callable
from dataclasses import dataclass

from opencsc.accounts.models import User


@dataclass(frozen=True)
class Page:
    """A page to time: who requests it, and a sample of its addresses to go through in turn.

    `paths` gets the signed-in user and returns the addresses to request (different records, so
    that no one record's cache flatters the figures).
    """

    name: str
    username: str
    paths: Callable[[User], list[str]]


@dataclass(frozen=True)
class Benchmark:
    """A named set of pages, measured together at one data size on one database."""

    name: str
    description: str
    pages: tuple[Page, ...]
