"""A disclosure of harm heard outside the front door (a return home interview) reaches the front
door the same way as any disclosure: as a contact, recorded by the front door's own service. The
pathway apps are independent of each other (docs/architecture.md), so the front door registers
that service here in its AppConfig.ready, and the app that heard the disclosure calls `report`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ImproperlyConfigured

from opencsc.accounts.models import User
from opencsc.people.models import Person


@dataclass
class HeardDisclosure:
    """What a child disclosed, where and when, about a child's record or a child as named."""

    heard_at: datetime
    kind: str  # a value of frontdoor.codes.Disclosure
    details: str
    where_heard: str  # for the contact's concern details, e.g. "Return home interview MI0000012"
    child: Person | None = None
    given_name: str = ""
    given_date_of_birth: date | None = None
    given_address: str = ""
    concerns: list[str] = field(default_factory=list)  # values of frontdoor.codes.Concern


Recorder = Callable[[HeardDisclosure, User], str]

_recorder: list[Recorder] = []


def register(recorder: Recorder) -> None:
    """The front door's service that records a contact for a disclosure; returns its reference."""
    _recorder[:] = [recorder]


def report(disclosure: HeardDisclosure, *, by: User) -> str:
    """Start a contact at the front door for the disclosure (call inside the caller's transaction,
    after its own permission check); returns the contact's reference."""
    if not _recorder:
        raise ImproperlyConfigured("The front door has not registered its disclosure service.")
    return _recorder[0](disclosure, by)
