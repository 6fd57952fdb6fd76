"""Return home interviews (issue 14, part 2): offered and held by a return interview officer
independent of the child's care; every attempt kept; the 72-hour item answered as the rule says
("offered (and held, if accepted)") across a weekend and a bank holiday; a disclosure of harm
starts a contact at the front door (and reaches the holding worker's tray), for known and
not-known children alike; the officer sees returned episodes only, never the record."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from opencsc import permissions
from opencsc.accounts.models import Agency, Role, User
from opencsc.frontdoor.models import Contact, ContactNotification
from opencsc.missing import access, services
from opencsc.missing.models import MissingEpisode, ReturnInterview
from opencsc.missing.services import InterviewDetails
from opencsc.permissions import Action
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from tests.factories import AgencyFactory, AllocationFactory, PersonFactory, UserFactory
from tests.frontdoor.helpers import london
from tests.missing.conftest import details, police_episode, returned


def _item(episode: MissingEpisode) -> DueItem:
    return DueItem.objects.get(
        rule=rules.RETURN_HOME_INTERVIEW.code,
        record_type=ContentType.objects.get_for_model(MissingEpisode),
        record_id=episode.pk,
    )


def officer() -> User:
    return UserFactory(
        role=Role.RETURN_INTERVIEW_OFFICER, first_name="Rita", last_name="Interviewer"
    )


def provider_officer() -> User:
    provider = AgencyFactory(name="Safe Return CIC", kind=Agency.Kind.COMMISSIONED_PROVIDER)
    return UserFactory(role=Role.RETURN_INTERVIEW_OFFICER, agency=provider)


def _held_episode(world, clock, *, child=None) -> MissingEpisode:
    """Reported by the police (or staff, for a record) and returned at 09:00 on Saturday 30 May
    2026; the clock stands at 10:00 on Monday 1 June."""
    if child is None:
        return returned(police_episode(world), london(2026, 5, 30, 9, 0), world.officer)
    by = world.worker if child == world.held else world.practitioner
    episode = services.record_episode(details=details(), child=child, by=by)
    return returned(episode, london(2026, 5, 30, 9, 0), by)


def held(**changes: Any) -> InterviewDetails:
    values: dict[str, Any] = {
        "held_at": london(2026, 6, 1, 9, 0),
        "method": "in_person",
        "why_went": "Arguments at home",
        "where_went": "A friend's flat in another borough",
        "with_whom": "Older boys from the estate",
        "push_factors": "Rows with his stepfather",
        "pull_factors": "Money and trainers",
        "indicators": ["county_lines", "money_gifts"],
    }
    values.update(changes)
    return InterviewDetails(**values)


def test_declined_then_offered_again_then_held_keeps_every_attempt(clock, world):
    episode = _held_episode(world, clock)
    rio = officer()

    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 30, 12, 0),
        method="phone",
        outcome="not_reached",
        by=rio,
    )
    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 31, 12, 0),
        method="in_person",
        outcome="declined",
        notes="Too tired to talk",
        by=rio,
    )
    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 6, 1, 8, 0),
        method="phone",
        outcome="accepted",
        by=rio,
    )
    interview = services.record_interview(episode=episode, details=held(), by=rio)

    outcomes = list(episode.interview_attempts.values_list("outcome", flat=True))
    assert outcomes == ["not_reached", "declined", "accepted"]
    assert (interview.interviewer, interview.indicators) == (rio, ["county_lines", "money_gifts"])
    assert episode.interview_attempts.get(outcome="declined").notes == "Too tired to talk"


def test_an_attempt_that_does_not_reach_the_child_leaves_the_item_open(clock, world):
    episode = _held_episode(world, clock)

    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 30, 12, 0),
        method="phone",
        outcome="not_reached",
        by=officer(),
    )

    assert _item(episode).closed_at is None


def test_an_accepted_offer_leaves_the_item_open_until_the_interview_is_held(clock, world):
    episode = _held_episode(world, clock)
    rio = officer()

    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 30, 12, 0),
        method="phone",
        outcome="accepted",
        by=rio,
    )
    assert _item(episode).closed_at is None

    services.record_interview(episode=episode, details=held(), by=rio)
    item = _item(episode)
    assert item.closed_at == clock.now
    assert item.close_note == "Held 1 June 2026 09:00"


def test_a_declined_offer_answers_the_item(clock, world):
    episode = _held_episode(world, clock)

    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 31, 12, 0),
        method="in_person",
        outcome="declined",
        by=officer(),
    )

    item = _item(episode)
    assert item.closed_at is not None
    assert item.close_note == "Offered 31 May 2026 12:00 (in person): declined"


@pytest.mark.parametrize(
    ("returned_at", "answered_at", "on_time"),
    [
        # Returned Friday 19:00: due Monday 19:00 across the weekend.
        (london(2026, 5, 15, 19, 0), london(2026, 5, 18, 18, 59), True),
        (london(2026, 5, 15, 19, 0), london(2026, 5, 18, 19, 1), False),
        # Friday before the spring bank holiday: due on the bank holiday itself, not moved on.
        (london(2026, 5, 22, 19, 0), london(2026, 5, 25, 18, 0), True),
        (london(2026, 5, 22, 19, 0), london(2026, 5, 26, 9, 0), False),
    ],
)
def test_the_offer_answers_within_72_hours_across_a_weekend_and_a_bank_holiday(
    clock, world, returned_at, answered_at, on_time
):
    clock.now = returned_at + timedelta(hours=1)
    episode = police_episode(
        world,
        missing_since=returned_at - timedelta(hours=3),
        reported_at=returned_at - timedelta(hours=2),
    )
    returned(episode, returned_at, world.officer)
    clock.now = answered_at

    services.record_attempt(
        episode=episode, attempted_at=answered_at, method="phone", outcome="declined", by=officer()
    )

    item = _item(episode)
    assert item.closed_at == answered_at
    assert (item.closed_at <= item.due_at) is on_time


def test_the_allocated_worker_may_not_interview_the_child(clock, world):
    rio = officer()
    child = PersonFactory()
    AllocationFactory(child=child, team=world.team, worker=rio)
    episode = services.record_episode(details=details(), child=child, by=world.manager)
    returned(episode, london(2026, 5, 30, 9, 0), world.manager)

    with pytest.raises(ValidationError) as error:
        services.record_attempt(
            episode=episode,
            attempted_at=london(2026, 5, 30, 12, 0),
            method="phone",
            outcome="accepted",
            by=rio,
        )

    assert "allocated worker" in error.value.messages[0]


def test_only_a_return_interview_officer_offers_or_records_the_interview(clock, world):
    episode = _held_episode(world, clock, child=world.held)

    for user in (world.worker, world.manager, world.practitioner, world.officer):
        with pytest.raises(PermissionDenied):
            services.record_interview(episode=episode, details=held(), by=user)
    assert not ReturnInterview.objects.exists()


def test_a_commissioned_providers_user_is_a_return_interview_officer(clock, world):
    episode = _held_episode(world, clock)

    interview = services.record_interview(episode=episode, details=held(), by=provider_officer())

    assert interview.interviewer.agency.kind == Agency.Kind.COMMISSIONED_PROVIDER


def test_the_interview_is_after_the_return_and_in_the_past(clock, world):
    episode = _held_episode(world, clock)
    rio = officer()

    with pytest.raises(ValidationError) as early:
        services.record_interview(
            episode=episode, details=held(held_at=london(2026, 5, 30, 8, 0)), by=rio
        )
    with pytest.raises(ValidationError) as late:
        services.record_interview(
            episode=episode, details=held(held_at=london(2026, 6, 2, 8, 0)), by=rio
        )
    with pytest.raises(ValidationError) as unsaid:
        services.record_interview(episode=episode, details=held(why_went=" "), by=rio)

    assert "held_at" in early.value.message_dict
    assert "held_at" in late.value.message_dict
    assert "why_went" in unsaid.value.message_dict


def test_harm_disclosed_needs_what_the_child_said(clock, world):
    episode = _held_episode(world, clock)

    with pytest.raises(ValidationError) as error:
        services.record_interview(
            episode=episode, details=held(harm_disclosed="physical"), by=officer()
        )

    assert "harm_details" in error.value.message_dict


def test_a_disclosure_about_a_child_not_known_starts_a_contact_at_the_front_door(clock, world):
    episode = _held_episode(world, clock)

    interview = services.record_interview(
        episode=episode,
        details=held(harm_disclosed="physical", harm_details="He was hit by the older boys"),
        by=officer(),
    )

    contact = Contact.objects.get()
    assert interview.contact_reference == contact.reference
    assert (contact.disclosure, contact.team, contact.practitioner) == (
        "physical",
        world.mash,
        None,
    )
    assert contact.children.get().given_name == "Cara Mensah"
    assert set(contact.concerns) == {"missing", "criminal_exploitation"}
    # The strategy discussion's clock, as for any disclosure of physical abuse.
    assert DueItem.objects.filter(rule=rules.DISCLOSURE_STRATEGY_DISCUSSION.code).exists()


def test_a_disclosure_about_a_held_child_reaches_the_holding_workers_tray(clock, world):
    episode = _held_episode(world, clock, child=world.held)

    services.record_interview(
        episode=episode,
        details=held(harm_disclosed="sexual", harm_details="An adult touched her"),
        by=officer(),
    )

    contact = Contact.objects.get()
    assert contact.children.get().child == world.held
    told = ContactNotification.objects.filter(contact=contact).values_list("told", flat=True)
    assert world.worker.pk in set(told)
    assert DueItem.objects.filter(
        rule=rules.CONTACT_ON_HELD_CHILD.code, owner=world.worker, closed_at=None
    ).exists()


def test_no_disclosure_no_contact(clock, world):
    episode = _held_episode(world, clock)

    services.record_interview(episode=episode, details=held(), by=officer())

    assert not Contact.objects.exists()


def test_actions_have_an_owner_and_a_due_date(clock, world):
    episode = _held_episode(world, clock)
    rio = officer()
    interview = services.record_interview(episode=episode, details=held(), by=rio)

    action = services.add_action(
        interview=interview,
        action="Refer to the youth service",
        owner=world.worker,
        due_on=date(2026, 6, 8),
        by=rio,
    )
    with pytest.raises(ValidationError) as error:
        services.add_action(
            interview=interview,
            action="Too early",
            owner=world.officer,
            due_on=date(2026, 5, 1),
            by=rio,
        )

    assert (action.owner, action.due_on) == (world.worker, date(2026, 6, 8))
    assert {"owner", "due_on"} <= set(error.value.message_dict)


def test_the_officer_sees_returned_episodes_only_and_never_the_record(clock, world):
    rio = officer()
    still_missing = services.record_episode(details=details(), child=world.held, by=world.worker)
    back = _held_episode(world, clock, child=world.unknown)

    assert list(access.visible_episodes(rio)) == [back]
    assert not access.may_open(rio, still_missing)
    assert not permissions.can(rio, Action.VIEW_PERSON, world.unknown)
    assert not permissions.can(rio, Action.SEARCH_PEOPLE)


def test_the_interview_is_on_the_childs_chronology(clock, world):
    from opencsc.chronology.models import ChronologyEntry

    episode = _held_episode(world, clock, child=world.held)
    rio = officer()
    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 5, 31, 12, 0),
        method="phone",
        outcome="accepted",
        by=rio,
    )
    services.record_interview(episode=episode, details=held(), by=rio)

    summaries = list(
        ChronologyEntry.objects.filter(child=world.held).values_list("summary", flat=True)
    )
    assert any(s.startswith("Return home interview offered (phone): accepted") for s in summaries)
    assert any(s.startswith("Return home interview held") for s in summaries)


def test_a_providers_disclosure_names_the_provider_on_the_contact(clock, world):
    episode = _held_episode(world, clock)
    rio = provider_officer()

    services.record_interview(
        episode=episode,
        details=held(harm_disclosed="emotional", harm_details="Threatened by the older boys"),
        by=rio,
    )

    contact = Contact.objects.get()
    assert (contact.referral_source, contact.referrer_organisation) == ("8", "Safe Return CIC")
    assert contact.recorded_by == rio
    assert contact.consent == "not_sought"
