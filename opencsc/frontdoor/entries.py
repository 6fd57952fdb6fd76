"""How the front door's steps read on the child's chronology: one wording for the services, which
save one row per child, and the demo, which bulk-saves many (see
`chronology.services.new_entry`)."""

from datetime import date

from opencsc.accounts.models import User
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.frontdoor.models import Contact
from opencsc.people.models import Person


def received(
    child: Person,
    *,
    contact_id: int,
    reference: str,
    source: str,
    concerns: str,
    on: date,
    by: User,
) -> ChronologyEntry:
    """A contact received from `source` (its label) about `concerns` (their labels, joined)."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.CONTACT,
        happened_on=on,
        summary=f"Contact {reference} from {source}: {concerns or 'concerns'}",
        model=Contact,
        record_id=contact_id,
        by=by,
    )


def step(
    child: Person, *, contact_id: int, reference: str, what: str, on: date, by: User
) -> ChronologyEntry:
    """One step on a contact (`what` from the functions below)."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.CONTACT,
        happened_on=on,
        summary=f"Contact {reference}: {what}",
        model=Contact,
        record_id=contact_id,
        by=by,
    )


def decided(
    child: Person,
    *,
    contact_id: int,
    reference: str,
    outcome: str,
    amended: bool = False,
    on: date,
    by: User,
) -> ChronologyEntry:
    """A manager authorised the decision (`outcome` is its label), or its amendment."""
    what = "decision amended" if amended else "decided"
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.CONTACT,
        happened_on=on,
        summary=f"Contact {reference} {what}: {outcome}",
        model=Contact,
        record_id=contact_id,
        by=by,
    )


# The steps between, as `what`:


def rated(rating: str, earlier: str = "") -> str:
    return f"Re-rated {earlier} to {rating}" if earlier else f"Rated {rating}"


def rating_step(rating: str, earlier: str = "") -> str:
    text = rated(rating, earlier)
    return text[0].lower() + text[1:]


def check_requested(agency: object) -> str:
    return f"check requested of {agency}"


def check_returned(agency: object) -> str:
    return f"{agency} returned its check"


DISCUSSED = "discussed at the MASH meeting"
DECISION_RETURNED = "decision returned for more work"


def decision_proposed(outcome: str) -> str:
    return f"decision proposed: {outcome}"
