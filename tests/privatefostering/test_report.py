"""The printable annual private fostering report: its figures for a reporting year (1 April to
31 March), the same queries whatever the data, who may see it, and a bad year never a 500."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.privatefostering import selectors, services
from tests.factories import PersonFactory
from tests.frontdoor.helpers import london
from tests.privatefostering.conftest import complete_checks, notified, visit


def test_the_figures_for_a_year(world, clock):
    clock.now = london(2027, 4, 20, 10, 0)
    # Notified before the year and still open at its start.
    old = notified(world, notified_on=date(2026, 3, 2), starts_on=date(2026, 2, 1))
    # Notified in the year, in time (6 weeks before the start), first visit on time.
    in_time = notified(
        world,
        child=PersonFactory(first_name="Bo"),
        notified_on=date(2026, 6, 1),
        starts_on=date(2026, 7, 20),
        notifier="parent",
    )
    services.record_visit(arrangement=in_time, details=visit(date(2026, 6, 5)), by=world.worker)
    # Notified in the year, late, first visit late; ended in the year.
    late = notified(world, child=PersonFactory(first_name="Cy"), notified_on=date(2026, 9, 1))
    services.record_visit(arrangement=late, details=visit(date(2026, 9, 30)), by=world.worker)
    complete_checks(late, world.worker, on=date(2026, 9, 20))
    services.end_arrangement(
        arrangement=late,
        ended_on=date(2026, 12, 1),
        reason="returned_home",
        details="",
        by=world.worker,
    )
    # Notified after the year: not counted.
    notified(world, child=PersonFactory(first_name="Di"), notified_on=date(2027, 4, 2))

    figures = selectors.annual_report(2026)
    assert figures["notifications"] == 2
    assert figures["notified_in_time"] == 1
    assert figures["proposed"] == 1
    assert figures["first_visits_on_time"] == 1
    assert figures["open_at_start"] == 1
    assert figures["open_at_end"] == 2  # the old one and the one in time
    assert figures["ended_total"] == 1
    assert dict(figures["ended"])["The child returned home"] == 1
    assert figures["visits"] == 2
    assert figures["visits_on_time"] == 1
    assert dict(figures["by_notifier"])["A school"] == 1
    # Checks due in the year: 6 each for the old one (due mid April 2026) and the two notified in
    # it; the late one's all returned on time, the others' not returned by now.
    assert figures["checks"] == 18
    assert figures["checks_on_time"] == 6
    assert figures["checks_late"] == 0
    assert figures["checks_overdue"] == 12
    assert old.pk


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_report_takes_the_same_queries_at_two_sizes(client, world, clock):
    notified(world)
    client.force_login(world.manager)
    url = reverse("privatefostering:report") + "?year=2026"
    small = _queries(client, url)
    for n in range(5):
        arrangement = notified(
            world, child=PersonFactory(first_name=f"C{n}"), notified_on=date(2026, 5, 1)
        )
        services.record_visit(
            arrangement=arrangement, details=visit(date(2026, 5, 5)), by=world.worker
        )
    assert _queries(client, url) == small


def test_who_sees_the_report(client, world, clock):
    url = reverse("privatefostering:report")
    for user, status in [
        (world.manager, 200),
        (world.head, 200),
        (world.analyst, 200),
        (world.worker, 403),
        (world.police, 403),
        (world.admin, 403),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_a_bad_year_shows_the_latest(client, world, clock):
    client.force_login(world.manager)
    for bad in ("abc", "1900", "99999999999999999999", ""):
        response = client.get(reverse("privatefostering:report"), {"year": bad})
        assert response.status_code == 200
        assert "Annual private fostering report 2026 to 2027" in response.content.decode()
