"""Building blocks for the front door's tests: London times and the details a service takes."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from opencsc.frontdoor.services import ContactDetails, DecisionDetails

LONDON = ZoneInfo("Europe/London")


def london(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A wall-clock time in London (BST in summer, GMT in winter)."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def contact_details(**changes: Any) -> ContactDetails:
    """A school's contact about neglect, received at 09:30 on Monday 1 June 2026, consent given."""
    values: dict[str, Any] = {
        "received_at": london(2026, 6, 1, 9, 30),
        "method": "phone",
        "referral_source": "2A",
        "concerns": ["neglect"],
        "concern_details": "Often arrives at school hungry and in unwashed clothes.",
        "consent": "given",
        "consent_asked": "parent",
        "referrer_name": "Jo Baker",
        "referrer_organisation": "Fore Street Primary",
    }
    values.update(changes)
    return ContactDetails(**values)


def decision_details(outcome: str = "section_17", **changes: Any) -> DecisionDetails:
    """A proposed threshold decision; statutory outcomes name abuse or neglect as the need. It
    gives the reason for deciding without checks (the tests of that rule leave it out)."""
    values: dict[str, Any] = {
        "outcome": outcome,
        "threshold_level": "3",
        "rationale": "Neglect is persistent and escalating; an assessment is needed.",
        "primary_need": "N1" if outcome in {"section_17", "section_47"} else "",
        "checks_reason": "The school's account is detailed and first-hand; the risk is today.",
    }
    values.update(changes)
    return DecisionDetails(**values)


def rated(contact: Any, by: Any, rating: str = "amber") -> Any:
    """`contact` rated by `by` (a decision is proposed only on a rated contact: issue 13)."""
    from opencsc.frontdoor.services import rate_contact

    rate_contact(contact=contact, rating=rating, reason="Persistent neglect, no injury.", by=by)
    contact.refresh_from_db()
    return contact
