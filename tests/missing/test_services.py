"""Missing episodes: recording by the police and by staff, the same-day notice, matching a child
the police named, the return and its 72-hour return home interview, and the MASH's decision."""

from datetime import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from opencsc.audit.models import AccessLog
from opencsc.chronology.models import ChronologyEntry
from opencsc.missing import access, services
from opencsc.missing.models import MissingEpisode, MissingNotice
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.workforce import services as workforce
from tests.frontdoor.helpers import london
from tests.missing.conftest import details, named, police_episode, returned


def _items(rule, record):
    return DueItem.objects.filter(
        rule=rule.code,
        record_type=ContentType.objects.get_for_model(record),
        record_id=record.pk,
    )


def test_the_police_record_an_episode_naming_a_child_for_the_mash(clock, world):
    episode = police_episode(world)

    assert episode.child is None
    assert episode.given_name == "Cara Mensah"
    assert episode.agency == world.police
    item = _items(rules.MISSING_POLICE_NOTIFICATION, episode).get()
    assert (item.team, item.owner, item.due_on) == (world.mash, None, episode.reported_at.date())
    assert AccessLog.objects.filter(action=Action.RECORD_MISSING_EPISODE.value).count() == 1


def test_a_partner_agency_that_is_not_the_police_cannot_record_an_episode(clock, world):
    with pytest.raises(PermissionDenied):
        services.record_episode(details=details(), named=named(), by=world.health_user)


def test_the_police_name_the_child_and_never_choose_a_record(clock, world):
    with pytest.raises(PermissionDenied):
        services.record_episode(details=details(), child=world.held, by=world.officer)


def test_staff_record_an_episode_on_a_child_they_hold(clock, world):
    episode = services.record_episode(details=details(), child=world.held, by=world.worker)

    assert episode.child == world.held
    assert episode.held_by_team == world.team
    assert episode.recorded_by == world.worker
    entry = ChronologyEntry.objects.get(child=world.held, kind=ChronologyEntry.Kind.MISSING)
    assert entry.happened_on == london(2026, 5, 29).date()
    assert entry.summary == "Missing from home (medium risk): episode " + episode.reference


def test_a_worker_cannot_record_an_episode_on_a_child_another_team_holds(clock, world):
    with pytest.raises(PermissionDenied):
        services.record_episode(details=details(), child=world.held, by=world.other_worker)


def test_the_mash_records_an_episode_on_any_child_it_finds(clock, world):
    episode = services.record_episode(details=details(), child=world.held, by=world.practitioner)

    assert episode.held_by_team == world.team


def test_the_worker_and_the_manager_are_told_the_same_day_on_their_trays(clock, world):
    episode = police_episode(world)
    services.match_child(episode=episode, child=world.held, by=world.practitioner)

    items = DueItem.objects.filter(rule=rules.MISSING_POLICE_NOTIFICATION.code, closed_at=None)
    owners = {item.owner for item in items}
    assert owners == {world.worker, world.manager}
    assert {item.due_on for item in items} == {london(2026, 5, 29).date()}
    assert {item.team for item in items} == {world.team}
    # The MASH's own item closed: the holding team was told.
    assert not _items(rules.MISSING_POLICE_NOTIFICATION, episode).filter(closed_at=None).exists()


def test_a_staff_recorded_episode_tells_the_holders_but_not_the_recorder(clock, world):
    episode = services.record_episode(details=details(), child=world.held, by=world.worker)

    told = set(MissingNotice.objects.filter(episode=episode).values_list("told", flat=True))
    assert told == {world.manager.pk}


def test_the_worker_marks_the_missing_notice_read_from_the_tray(clock, world):
    episode = services.record_episode(details=details(), child=world.held, by=world.manager)
    item = DueItem.objects.get(rule=rules.MISSING_POLICE_NOTIFICATION.code, owner=world.worker)

    workforce.mark_as_read(due_item=item, by=world.worker)

    item.refresh_from_db()
    assert item.closed_at is not None
    assert MissingNotice.objects.get(episode=episode, told=world.worker).told_at is not None


def test_an_episode_of_a_child_no_team_holds_reaches_the_mash(clock, world):
    episode = services.record_episode(details=details(), child=world.unknown, by=world.practitioner)

    item = _items(rules.MISSING_POLICE_NOTIFICATION, episode).get()
    assert (item.team, item.child, item.owner) == (world.mash, world.unknown, None)
    assert not MissingNotice.objects.exists()


def test_the_mash_matches_the_child_the_police_named(clock, world):
    episode = police_episode(world)

    services.match_child(episode=episode, child=world.unknown, by=world.practitioner)

    episode.refresh_from_db()
    assert episode.child == world.unknown
    assert episode.held_by_team is None
    item = _items(rules.MISSING_POLICE_NOTIFICATION, episode).get()
    assert (item.child, item.closed_at) == (world.unknown, None)
    assert ChronologyEntry.objects.filter(child=world.unknown).count() == 1


def test_a_matched_child_cannot_be_matched_again(clock, world):
    episode = police_episode(world)
    services.match_child(episode=episode, child=world.unknown, by=world.practitioner)

    with pytest.raises(ValidationError):
        services.match_child(episode=episode, child=world.held, by=world.practitioner)


def test_only_the_mash_matches_a_child(clock, world):
    episode = police_episode(world)

    with pytest.raises(PermissionDenied):
        services.match_child(episode=episode, child=world.held, by=world.worker)


def test_the_mash_decides_whether_a_contact_follows(clock, world):
    episode = police_episode(world)
    services.match_child(episode=episode, child=world.unknown, by=world.practitioner)

    services.decide_follow_up(
        episode=episode,
        follow_up="no_contact",
        reason="First episode; home.",
        by=world.practitioner,
    )

    episode.refresh_from_db()
    assert episode.follow_up == "no_contact"
    assert not _items(rules.MISSING_POLICE_NOTIFICATION, episode).filter(closed_at=None).exists()
    with pytest.raises(ValidationError):
        services.decide_follow_up(
            episode=episode, follow_up="contact", reason="Changed mind", by=world.practitioner
        )


def test_the_mash_decides_only_once_the_child_is_matched(clock, world):
    episode = police_episode(world)

    with pytest.raises(ValidationError, match="Match the child"):
        services.decide_follow_up(
            episode=episode, follow_up="contact", reason="Risk", by=world.practitioner
        )


def test_the_police_record_the_return_of_their_own_episode(clock, world):
    episode = police_episode(world)

    episode = services.record_return(
        episode=episode,
        returned_at=london(2026, 5, 30, 9, 0),
        found_where="A friend's flat",
        safe_and_well=services.SafeAndWell(
            held_at=london(2026, 5, 30, 10, 0), held_by="PC Cole", notes="No injuries"
        ),
        by=world.officer,
    )

    assert episode.returned_at == london(2026, 5, 30, 9, 0)
    assert episode.safe_and_well_by == "PC Cole"
    assert episode.return_recorded_by == world.officer


def test_another_police_force_cannot_record_the_return(clock, world):
    episode = police_episode(world)

    with pytest.raises(PermissionDenied):
        returned(episode, london(2026, 5, 30, 9, 0), world.other_officer)


def test_the_return_must_be_after_the_child_went_missing(clock, world):
    episode = police_episode(world)

    with pytest.raises(ValidationError) as error:
        returned(episode, london(2026, 5, 29, 17, 0), world.officer)

    assert "returned_at" in error.value.message_dict


def test_the_database_refuses_a_return_before_missing(clock, world):
    episode = police_episode(world)

    with pytest.raises(IntegrityError), transaction.atomic():
        MissingEpisode.objects.filter(pk=episode.pk).update(
            returned_at=london(2026, 5, 29, 17, 0),
            found_where="Home",
            return_recorded_by=world.officer,
        )


def test_the_return_is_recorded_once(clock, world):
    episode = police_episode(world)
    returned(episode, london(2026, 5, 30, 9, 0), world.officer)

    with pytest.raises(ValidationError, match="already recorded"):
        returned(episode, london(2026, 5, 30, 10, 0), world.officer)


def test_a_safe_and_well_check_is_not_before_the_return(clock, world):
    episode = police_episode(world)

    with pytest.raises(ValidationError) as error:
        services.record_return(
            episode=episode,
            returned_at=london(2026, 5, 30, 9, 0),
            found_where="Home",
            safe_and_well=services.SafeAndWell(held_at=london(2026, 5, 30, 8, 0), held_by="PC"),
            by=world.officer,
        )

    assert "safe_and_well_at" in error.value.message_dict


@pytest.mark.parametrize(
    ("returned_at", "due_at"),
    [
        # Friday evening: 72 elapsed hours, across the weekend, to Monday evening.
        (london(2026, 5, 15, 19, 0), london(2026, 5, 18, 19, 0)),
        # Friday before the spring bank holiday: due on the bank holiday itself, not moved.
        (london(2026, 5, 22, 19, 0), london(2026, 5, 25, 19, 0)),
        # Maundy Thursday: across Good Friday and Easter Saturday, due on Easter Sunday.
        (london(2026, 4, 2, 19, 0), london(2026, 4, 5, 19, 0)),
        # The clocks go forward on Sunday 29 March 2026: 72 elapsed hours end at 20:00 BST.
        (london(2026, 3, 27, 19, 0), london(2026, 3, 30, 20, 0)),
        # Christmas Eve: across Christmas Day and Boxing Day.
        (london(2025, 12, 24, 19, 0), london(2025, 12, 27, 19, 0)),
    ],
)
def test_the_return_home_interview_is_due_72_hours_after_the_return(
    clock, world, returned_at, due_at
):
    episode = police_episode(
        world,
        missing_since=datetime.fromtimestamp(returned_at.timestamp() - 7200, tz=returned_at.tzinfo),
        reported_at=datetime.fromtimestamp(returned_at.timestamp() - 3600, tz=returned_at.tzinfo),
    )

    returned(episode, returned_at, world.officer)

    item = _items(rules.RETURN_HOME_INTERVIEW, episode).get()
    assert item.due_at == due_at
    assert item.due_on == due_at.date()
    assert (item.team, item.owner) == (world.mash, None)


def test_the_interview_is_owned_by_the_holding_team(clock, world):
    episode = services.record_episode(details=details(), child=world.held, by=world.worker)

    returned(episode, london(2026, 5, 30, 9, 0), world.worker)

    item = _items(rules.RETURN_HOME_INTERVIEW, episode).get()
    assert (item.team, item.child) == (world.team, world.held)
    assert ChronologyEntry.objects.filter(child=world.held).count() == 2


def test_matching_a_held_child_after_the_return_gives_the_team_the_interview(clock, world):
    episode = police_episode(world)
    returned(episode, london(2026, 5, 30, 9, 0), world.officer)

    services.match_child(episode=episode, child=world.held, by=world.practitioner)

    item = _items(rules.RETURN_HOME_INTERVIEW, episode).get()
    assert (item.team, item.child) == (world.team, world.held)


def test_the_police_see_only_their_own_episodes(clock, world):
    mine = police_episode(world)
    theirs = services.record_episode(details=details(), named=named(), by=world.other_officer)
    staff = services.record_episode(details=details(), child=world.held, by=world.worker)

    assert list(access.visible_episodes(world.officer)) == [mine]
    assert access.may_open(world.officer, mine)
    assert not access.may_open(world.officer, theirs)
    assert not access.may_open(world.officer, staff)


def test_staff_see_the_episodes_of_children_they_may_open(clock, world):
    held = services.record_episode(details=details(), child=world.held, by=world.worker)
    named_only = police_episode(world)

    assert list(access.visible_episodes(world.worker)) == [held]
    assert not access.may_open(world.other_worker, held)
    assert set(access.visible_episodes(world.practitioner)) == {held, named_only}


def test_an_episode_keeps_its_history(clock, world):
    episode = police_episode(world)
    returned(episode, london(2026, 5, 30, 9, 0), world.officer)

    assert episode.history.count() == 2
