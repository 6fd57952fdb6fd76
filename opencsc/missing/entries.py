"""How a missing episode reads on the child's chronology (`chronology.services.new_entry`): one
line when the child went missing, one when they were found or returned, one for the MASH's
decision. The lines say what and when, never the circumstances (they may name others)."""

from datetime import date
from typing import Any

from opencsc.accounts.models import User
from opencsc.chronology.models import ChronologyEntry
from opencsc.chronology.services import new_entry
from opencsc.missing.models import MissingEpisode
from opencsc.people.models import Person


def went_missing(
    child: Person, *, episode: MissingEpisode, on: date, by: User | None
) -> ChronologyEntry:
    """The child went missing (or was away): from where, and the police's risk grading."""
    what = "Missing" if episode.absence == "missing" else "Absent without authorisation"
    summary = (
        f"{what} from {episode.get_missing_from_display().lower()}"
        f" ({episode.get_police_risk_display().lower()} risk): episode {episode.reference}"
    )
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.MISSING,
        happened_on=on,
        summary=summary,
        model=MissingEpisode,
        record_id=episode.pk,
        by=by,
    )


def returned(
    child: Person, *, episode: MissingEpisode, on: date, by: User | None
) -> ChronologyEntry:
    """The child was found or returned."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.MISSING,
        happened_on=on,
        summary=f"Found or returned: missing episode {episode.reference}",
        model=MissingEpisode,
        record_id=episode.pk,
        by=by,
    )


def follow_up(
    child: Person, *, episode: MissingEpisode, on: date, by: User | None
) -> ChronologyEntry:
    """The MASH's decision on an episode of a child no team holds."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.MISSING,
        happened_on=on,
        summary=f"MASH decision on missing episode {episode.reference}:"
        f" {episode.get_follow_up_display().lower()}",
        model=MissingEpisode,
        record_id=episode.pk,
        by=by,
    )


def interview_offered(
    child: Person, *, episode: MissingEpisode, attempt: Any, on: date, by: User | None
) -> ChronologyEntry:
    """The return home interview offered, and the child's answer."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.MISSING,
        happened_on=on,
        summary=f"Return home interview offered ({attempt.get_method_display().lower()}):"
        f" {attempt.get_outcome_display().lower()}; missing episode {episode.reference}",
        model=MissingEpisode,
        record_id=episode.pk,
        by=by,
    )


def interview_held(
    child: Person, *, episode: MissingEpisode, on: date, by: User | None
) -> ChronologyEntry:
    """The return home interview held (what the child said stays on the interview)."""
    return new_entry(
        child,
        kind=ChronologyEntry.Kind.MISSING,
        happened_on=on,
        summary=f"Return home interview held: missing episode {episode.reference}",
        model=MissingEpisode,
        record_id=episode.pk,
        by=by,
    )
