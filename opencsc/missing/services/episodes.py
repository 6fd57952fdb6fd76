"""Writes of missing episodes: record one (the police, on their partner pages, or staff), record
the child found or returned, match a child the police named to their record, and the MASH's
decision on a child no team holds. Each is one transaction with its audit row, chronology lines
and due items.

- Recording tells the council the same day (rule MISSING_POLICE_NOTIFICATION): for a child a team
  holds, a notice on the allocated worker's and each team manager's tray; otherwise an item on the
  MASH, closed when it decides whether a contact follows.
- The return opens the return home interview's 72-hour item (RETURN_HOME_INTERVIEW, elapsed
  hours across weekends and bank holidays), owned by the holding team, or the MASH.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Role, Team, User
from opencsc.audit import services as audit
from opencsc.casework.holders import front_door_team, holders
from opencsc.missing import entries
from opencsc.missing.access import is_police
from opencsc.missing.codes import AbsenceKind, FollowUp, MissingFrom, PoliceRisk
from opencsc.missing.models import MissingEpisode, MissingNotice
from opencsc.people.child_search import may_name
from opencsc.people.models import Person
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales import services as timescales

NOTICE_SUMMARY = "Child you hold reported missing"
MASH_SUMMARY = "Missing child no team holds: match the child, decide whether a contact follows"
INTERVIEW_SUMMARY = "Offer the return home interview"


@dataclass
class NamedChild:
    """A child as the police name them, before the MASH finds or creates their record."""

    name: str
    date_of_birth: date | None = None
    address: str = ""


@dataclass
class EpisodeDetails:
    """What the report says: when, who reported it, missing or away, the police's risk grading,
    where from and since when."""

    reported_at: datetime
    reported_by: str
    absence: str
    police_risk: str
    missing_from: str
    missing_since: datetime
    missing_from_details: str = ""
    police_reference: str = ""
    circumstances: str = ""


@dataclass
class SafeAndWell:
    """The police's safe and well check when the child was found."""

    held_at: datetime
    held_by: str
    notes: str = ""


def _check_details(details: EpisodeDetails, *, born: date | None) -> None:
    errors: dict[str, str] = {}
    now = timezone.now()
    if not details.reported_by.strip():
        errors["reported_by"] = "Enter who reported the child missing"
    if details.absence not in AbsenceKind.values:
        errors["absence"] = "Choose whether the child is missing or absent"
    if details.police_risk not in PoliceRisk.values:
        errors["police_risk"] = "Choose the police risk grading"
    if details.missing_from not in MissingFrom.values:
        errors["missing_from"] = "Choose where the child went missing from"
    if details.missing_since > now:
        errors["missing_since"] = "The date and time last seen must be in the past"
    elif born is not None and timezone.localdate(details.missing_since) < born:
        errors["missing_since"] = "The child cannot go missing before they were born"
    if details.reported_at > now:
        errors["reported_at"] = "The date and time reported must be in the past"
    elif details.reported_at < details.missing_since:
        errors["reported_at"] = "The report must be on or after the time the child was last seen"
    if errors:
        raise ValidationError(errors)


def _require_to_record(by: User, child: Person | None, named: NamedChild | None) -> None:
    permissions.require(by, Action.RECORD_MISSING_EPISODE)
    if by.role == Role.PARTNER_AGENCY:
        if not is_police(by):
            raise PermissionDenied("Only the police record missing episodes among partners.")
        if child is not None:
            raise PermissionDenied("The police name the child; the MASH finds their record.")
        if named is None or not named.name.strip():
            raise ValidationError({"given_name": "Enter the child's name"})
        return
    if child is None:
        raise ValidationError({"child": "Find the child's record first"})
    if not may_name(by, child):
        # No name: the record may be one this user may not know exists.
        raise ValidationError({"child": "Choose a child's record you can find"})
    if not permissions.works_front_door(by):
        permissions.require(by, Action.RECORD_MISSING_EPISODE, child)


@transaction.atomic
def record_episode(
    *,
    details: EpisodeDetails,
    by: User,
    child: Person | None = None,
    named: NamedChild | None = None,
) -> MissingEpisode:
    """Record a child reported missing: by the police (naming the child), or by staff (the
    child's record). The council is told the same day (Statutory guidance on children who run
    away or go missing from home or care, 2014; the local police-council protocol)."""
    _require_to_record(by, child, named)
    born = child.date_of_birth if child is not None else (named.date_of_birth if named else None)
    _check_details(details, born=born)
    episode = MissingEpisode(
        child=child,
        given_name=named.name.strip()[:200] if named and child is None else "",
        given_date_of_birth=named.date_of_birth if named and child is None else None,
        given_address=named.address.strip()[:300] if named and child is None else "",
        reported_at=details.reported_at,
        reported_by=details.reported_by.strip()[:200],
        police_reference=details.police_reference.strip()[:50],
        agency=by.agency if by.role == Role.PARTNER_AGENCY else None,
        absence=details.absence,
        police_risk=details.police_risk,
        missing_from=details.missing_from,
        missing_from_details=details.missing_from_details.strip()[:300],
        missing_since=details.missing_since,
        circumstances=details.circumstances.strip(),
        recorded_by=by,
    )
    team, people = holders(child) if child is not None else (None, [])
    episode.held_by_team = team
    episode.full_clean()
    episode.save()
    if child is not None:
        entries.went_missing(
            child, episode=episode, on=timezone.localdate(episode.missing_since), by=by
        ).save()
    if team is not None:
        _tell_holders(episode, people=[p for p in people if p.pk != by.pk], team=team, by=by)
    else:
        _tell_the_mash(episode, by=by)
    audit.log_change(
        by=by,
        child=child,
        record=episode,
        action=Action.RECORD_MISSING_EPISODE,
        summary=f"Missing episode {episode.reference} recorded",
    )
    return episode


def _tell_holders(
    episode: MissingEpisode, *, people: list[User], team: Team, by: User
) -> list[MissingNotice]:
    """The allocated worker and the team's managers, each told with a same-day tray notice."""
    now = timezone.now()
    told = []
    for person in people:
        notice, created = MissingNotice.objects.get_or_create(
            episode=episode, told=person, defaults={"told_at": now}
        )
        if not created:
            continue
        timescales.open_due_item(
            rules.MISSING_POLICE_NOTIFICATION,
            child=episode.child,
            record=notice,
            start=timezone.localdate(episode.reported_at),
            owner=person,
            team=team,
            summary=NOTICE_SUMMARY,
        )
        told.append(notice)
    return told


def _tell_the_mash(episode: MissingEpisode, *, by: User) -> None:
    """A child no team holds (or not yet matched): the MASH's item, due the same day."""
    timescales.open_due_item(
        rules.MISSING_POLICE_NOTIFICATION,
        child=episode.child,
        record=episode,
        start=timezone.localdate(episode.reported_at),
        team=front_door_team(by),
        summary=MASH_SUMMARY,
    )


def _locked(episode: MissingEpisode) -> MissingEpisode:
    """The episode's row, locked for this transaction, so two people acting at once queue."""
    return (
        MissingEpisode.objects.select_for_update(of=("self",))
        .select_related("child")
        .get(pk=episode.pk)
    )


@transaction.atomic
def record_return(
    *,
    episode: MissingEpisode,
    returned_at: datetime,
    found_where: str,
    by: User,
    safe_and_well: SafeAndWell | None = None,
) -> MissingEpisode:
    """Record the child found or returned (and the police's safe and well check, if held), which
    opens the return home interview's 72 hours (RETURN_HOME_INTERVIEW)."""
    permissions.require(by, Action.RECORD_MISSING_RETURN, episode)
    episode = _locked(episode)
    if episode.returned_at is not None:
        raise ValidationError("The child's return is already recorded on this episode.")
    errors: dict[str, str] = {}
    now = timezone.now()
    if returned_at > now:
        errors["returned_at"] = "The date and time found or returned must be in the past"
    elif returned_at <= episode.missing_since:
        errors["returned_at"] = (
            "The child must be found or returned after they went missing"
            f" ({timezone.localtime(episode.missing_since):%-d %B %Y %H:%M})"
        )
    if not found_where.strip():
        errors["found_where"] = "Enter where the child was found or returned to"
    if safe_and_well is not None:
        if not safe_and_well.held_by.strip():
            errors["safe_and_well_by"] = "Enter who held the safe and well check"
        if safe_and_well.held_at > now:
            errors["safe_and_well_at"] = "The safe and well check must be in the past"
        elif safe_and_well.held_at < returned_at:
            errors["safe_and_well_at"] = "The safe and well check is held once the child is found"
    if errors:
        raise ValidationError(errors)
    episode.returned_at = returned_at
    episode.found_where = found_where.strip()[:300]
    episode.return_recorded_by = by
    fields = ["returned_at", "found_where", "return_recorded_by", "updated_at"]
    if safe_and_well is not None:
        episode.safe_and_well_at = safe_and_well.held_at
        episode.safe_and_well_by = safe_and_well.held_by.strip()[:200]
        episode.safe_and_well_notes = safe_and_well.notes.strip()
        fields += ["safe_and_well_at", "safe_and_well_by", "safe_and_well_notes"]
    episode.save(update_fields=fields)
    team = episode.held_by_team or front_door_team(by)
    timescales.open_due_item(
        rules.RETURN_HOME_INTERVIEW,
        child=episode.child,
        record=episode,
        start=returned_at,
        team=team,
        summary=INTERVIEW_SUMMARY,
    )
    if episode.child is not None:
        entries.returned(
            episode.child, episode=episode, on=timezone.localdate(returned_at), by=by
        ).save()
    audit.log_change(
        by=by,
        child=episode.child,
        record=episode,
        action=Action.RECORD_MISSING_RETURN,
        summary=f"Return recorded on missing episode {episode.reference}",
    )
    return episode


@transaction.atomic
def match_child(*, episode: MissingEpisode, child: Person, by: User) -> MissingEpisode:
    """The MASH matches the child the police named to their record (found by search, or just
    created). A team holding the child is told as if the episode had been recorded on the record,
    and takes the return home interview; otherwise the MASH keeps the episode to decide on."""
    permissions.require(by, Action.MATCH_MISSING_CHILD)
    episode = _locked(episode)
    if episode.child_id is not None:
        raise ValidationError("This episode's child has already been matched.")
    if not may_name(by, child):
        raise ValidationError("Choose a child's record you can find.")
    team, people = holders(child)
    episode.child = child
    episode.held_by_team = team
    episode.save(update_fields=["child", "held_by_team", "updated_at"])
    of_rules = [rules.MISSING_POLICE_NOTIFICATION, rules.RETURN_HOME_INTERVIEW]
    timescales.name_child_on_open_items(record=episode, child=child, of_rules=of_rules)
    entries.went_missing(
        child, episode=episode, on=timezone.localdate(episode.missing_since), by=by
    ).save()
    if episode.returned_at is not None:
        entries.returned(
            child, episode=episode, on=timezone.localdate(episode.returned_at), by=by
        ).save()
    if team is not None:
        _tell_holders(episode, people=people, team=team, by=by)
        timescales.close_due_items(
            record=episode,
            by=by,
            rule=rules.MISSING_POLICE_NOTIFICATION,
            note=f"Matched to a child {team} holds: the team was told",
        )
        timescales.reassign_record_items(
            record=episode, rule=rules.RETURN_HOME_INTERVIEW, owner=None, team=team
        )
    audit.log_change(
        by=by,
        child=child,
        record=episode,
        action=Action.MATCH_MISSING_CHILD,
        summary=f"Child matched on missing episode {episode.reference}",
    )
    return episode


@transaction.atomic
def decide_follow_up(
    *, episode: MissingEpisode, follow_up: str, reason: str, by: User
) -> MissingEpisode:
    """The MASH decides, for a child no team holds, whether a contact follows the episode (the
    return home interview is offered either way). Written once: never changed afterwards."""
    permissions.require(by, Action.DECIDE_MISSING_FOLLOW_UP)
    episode = _locked(episode)
    if episode.follow_up:
        raise ValidationError("The MASH has already decided on this episode.")
    child = episode.child
    if child is None:
        raise ValidationError("Match the child to their record first.")
    if episode.held_by_team_id is not None:
        raise ValidationError("A team holds this child: the team was told and decides.")
    errors: dict[str, str] = {}
    if follow_up not in FollowUp.values:
        errors["follow_up"] = "Choose whether a contact follows"
    if not reason.strip():
        errors["follow_up_reason"] = "Enter the reason for the decision"
    if errors:
        raise ValidationError(errors)
    episode.follow_up = follow_up
    episode.follow_up_reason = reason.strip()
    episode.follow_up_by = by
    episode.follow_up_at = timezone.now()
    episode.save(
        update_fields=[
            "follow_up",
            "follow_up_reason",
            "follow_up_by",
            "follow_up_at",
            "updated_at",
        ]
    )
    timescales.close_due_items(
        record=episode,
        by=by,
        rule=rules.MISSING_POLICE_NOTIFICATION,
        note=f"MASH decision: {episode.get_follow_up_display()}",
    )
    entries.follow_up(child, episode=episode, on=timezone.localdate(), by=by).save()
    audit.log_change(
        by=by,
        child=child,
        record=episode,
        action=Action.DECIDE_MISSING_FOLLOW_UP,
        summary=f"MASH decision on missing episode {episode.reference}",
    )
    return episode
