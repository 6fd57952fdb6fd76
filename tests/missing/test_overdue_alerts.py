"""The team manager's alert for a return home interview overdue (issue 14, part 4): it shows the
moment the 72 elapsed hours pass without an offer answered, across a weekend and a bank holiday,
and is acknowledged like any alert."""

import pytest
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.missing import services
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.workforce.services import acknowledge_alert
from tests.factories import UserFactory
from tests.frontdoor.helpers import london
from tests.missing.conftest import details, returned


def _alerts(client, user) -> str:
    """The alerts page, signed in afresh (moving the clock days on ends an idle session)."""
    client.force_login(user)
    response = client.get(reverse("workforce:alerts"))
    assert response.status_code == 200
    return response.content.decode()


TITLE = "<strong>Return home interview overdue</strong>"  # a line, not the filter


def _returned_on(world, day: int):
    """The held boy last seen 18:00 and back 19:00 on Friday `day` May 2026."""
    episode = services.record_episode(
        details=details(
            missing_since=london(2026, 5, day, 18, 0), reported_at=london(2026, 5, day, 18, 30)
        ),
        child=world.held,
        by=world.worker,
    )
    return returned(episode, london(2026, 5, day, 19, 0), world.worker)


@pytest.mark.parametrize(
    ("friday", "monday"),
    [
        (29, 1),  # a weekend: due Monday 1 June 19:00
        (22, 25),  # the spring bank holiday: due on the bank holiday, Monday 25 May 19:00
    ],
)
def test_the_alert_shows_at_monday_1901_not_1859(clock, client, world, friday, monday):
    clock.now = london(2026, 5, friday, 19, 30)
    episode = _returned_on(world, friday)
    month = 6 if monday == 1 else 5
    item = DueItem.objects.get(rule=rules.RETURN_HOME_INTERVIEW.code, record_id=episode.pk)
    assert item.due_at == london(2026, month, monday, 19, 0)

    clock.now = london(2026, month, monday, 18, 59)
    before = _alerts(client, world.manager)
    clock.now = london(2026, month, monday, 19, 1)
    after = _alerts(client, world.manager)

    assert TITLE not in before
    assert TITLE in after
    assert "Ben Okafor" in after
    assert reverse("missing:interview", args=[episode.pk]) in after
    assert f"{monday} {'Jun' if month == 6 else 'May'} 2026 19:00" in after


def test_an_offer_answered_in_time_raises_no_alert(clock, client, world):
    clock.now = london(2026, 5, 29, 19, 30)
    episode = _returned_on(world, 29)
    clock.now = london(2026, 6, 1, 18, 0)
    services.record_attempt(
        episode=episode,
        attempted_at=london(2026, 6, 1, 17, 0),
        method="phone",
        outcome="declined",
        notes="",
        by=UserFactory(role=Role.RETURN_INTERVIEW_OFFICER),
    )
    clock.now = london(2026, 6, 1, 19, 1)

    assert TITLE not in _alerts(client, world.manager)


def test_the_manager_acknowledges_the_alert(clock, client, world):
    clock.now = london(2026, 5, 29, 19, 30)
    episode = _returned_on(world, 29)
    item = DueItem.objects.get(rule=rules.RETURN_HOME_INTERVIEW.code, record_id=episode.pk)
    clock.now = london(2026, 6, 1, 19, 1)
    assert TITLE in _alerts(client, world.manager)

    page = client.get(reverse("workforce:acknowledge", args=[item.pk]))
    acknowledge_alert(due_item=item, note="Asked the officer to call today", by=world.manager)

    assert page.status_code == 200
    assert "1 June 2026 19:00" in page.content.decode()
    assert TITLE not in _alerts(client, world.manager)


def test_another_teams_manager_gets_no_alert(clock, client, world):
    clock.now = london(2026, 5, 29, 19, 30)
    _returned_on(world, 29)
    clock.now = london(2026, 6, 2, 10, 0)
    other = UserFactory(role=Role.TEAM_MANAGER, team=world.other_worker.teams.first())

    assert TITLE not in _alerts(client, other)


def test_the_alert_cannot_be_acknowledged_before_the_hours_pass(clock, world):
    from django.core.exceptions import ValidationError

    clock.now = london(2026, 5, 29, 19, 30)
    episode = _returned_on(world, 29)
    item = DueItem.objects.get(rule=rules.RETURN_HOME_INTERVIEW.code, record_id=episode.pk)
    clock.now = london(2026, 6, 1, 18, 59)

    with pytest.raises(ValidationError, match="not overdue yet"):
        acknowledge_alert(due_item=item, note="Too early", by=world.manager)
