"""A child's missing history (issue 14, part 4): every episode, newest first, paginated, with the
return and the interview's status; linked from the record's missing section; opened only by who
may open the record, and logged; the same queries at any size."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.missing import services
from opencsc.missing.models import MissingEpisode
from tests.factories import UserFactory
from tests.frontdoor.helpers import london
from tests.missing.conftest import details, returned


def _episode(world, day: int, hour: int = 18) -> MissingEpisode:
    seen = london(2026, 5, day, hour, 0)
    return services.record_episode(
        details=details(missing_since=seen, reported_at=seen + timedelta(hours=1)),
        child=world.held,
        by=world.worker,
    )


def _history(client, child) -> str:
    response = client.get(reverse("missing:history", args=[child.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_episode_newest_first_with_returns_and_interview_status(clock, client, world):
    oldest = returned(_episode(world, 1), london(2026, 5, 2, 9, 0), world.worker)
    services.record_attempt(
        episode=oldest,
        attempted_at=london(2026, 5, 3, 12, 0),
        method="phone",
        outcome="declined",
        notes="",
        by=UserFactory(role=Role.RETURN_INTERVIEW_OFFICER),
    )
    overdue = returned(_episode(world, 10), london(2026, 5, 11, 9, 0), world.worker)
    due = returned(_episode(world, 31, 6), london(2026, 5, 31, 9, 0), world.worker)
    still = _episode(world, 31, 20)
    client.force_login(world.worker)

    body = _history(client, world.held)

    order = [body.index(e.reference) for e in (still, due, overdue, oldest)]
    assert order == sorted(order)
    assert "Still missing" in body
    assert "Due 3 Jun 2026 09:00" in body
    assert "Overdue" in body
    assert "Declined" in body
    assert "4 episodes" in body
    assert "Ben Okafor" in body


def test_the_record_links_to_the_history(clock, client, world):
    _episode(world, 29)
    client.force_login(world.worker)

    response = client.get(reverse("record:missing", args=[world.held.pk]))

    assert reverse("missing:history", args=[world.held.pk]) in response.content.decode()


@override_settings(OPENCSC_PAGE_SIZE=2)
def test_the_history_is_paginated(clock, client, world):
    episodes = [_episode(world, day) for day in (1, 5, 9)]
    client.force_login(world.worker)

    first = _history(client, world.held)
    second = client.get(reverse("missing:history", args=[world.held.pk]) + "?page=2")

    assert episodes[0].reference not in first
    assert episodes[0].reference in second.content.decode()


def test_opening_the_history_is_logged_against_the_child(clock, client, world):
    client.force_login(world.worker)

    _history(client, world.held)

    assert AccessLog.objects.filter(child=world.held, user=world.worker).exists()


@pytest.mark.parametrize("who", ["other_worker", "officer"])
def test_who_may_not_open_the_record_gets_404(clock, client, world, who):
    client.force_login(getattr(world, who))

    response = client.get(reverse("missing:history", args=[world.held.pk]))

    assert response.status_code == 404


def test_an_unknown_id_is_404(client, world):
    client.force_login(world.worker)

    assert client.get(reverse("missing:history", args=[999999])).status_code == 404


def test_the_same_queries_for_one_episode_or_many(clock, client, world):
    _episode(world, 1)
    client.force_login(world.worker)
    url = reverse("missing:history", args=[world.held.pk])
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for day in (3, 5, 7, 9):
        returned(_episode(world, day), london(2026, 5, day + 1, 9, 0), world.worker)

    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(one)
