"""The `large` size (issue 15, part 1): ten areas of `la`'s figures, the first built exactly as the
size's single area. `large` itself is never built here (it takes minutes: docs/benchmarks.md); a
two-area `small` shows how areas add up."""

from dataclasses import replace

import pytest
from django.db import transaction

from opencsc.accounts.models import Team, User
from opencsc.demo import generator
from opencsc.demo.logins import DEMO_LOGINS
from opencsc.demo.sizes import LARGE_MULTIPLIER, SIZES, Size
from opencsc.frontdoor.models import Contact
from opencsc.people.models import DuplicatePair, Person
from tests.demo.conftest import FAST_HASHER, TODAY


def _staff(size: Size) -> int:
    in_teams = sum(plan.count * members.count for plan in size.teams for members in plan.members)
    return size.areas * (
        in_teams + size.heads_of_service + size.administrators + size.business_support
    )


def test_large_is_ten_times_la_in_every_figure():
    la, large = SIZES["la"], SIZES["large"]

    assert LARGE_MULTIPLIER == 10
    assert large == replace(la, name="large", areas=10)
    assert large.areas * large.children == 200_000
    assert large.areas * large.contacts_per_year == 230_000
    assert large.areas * large.referrals_per_year == 42_000
    assert large.areas * large.access_log_rows == 200_000
    # The issue's "2,900 staff": 276 of the council's own in each area (partner agencies' users
    # and return interview officers besides, 296 logins an area).
    assert _staff(large) == 10 * _staff(la) == 2_760


def test_small_and_la_are_one_area():
    assert SIZES["small"].areas == 1
    assert SIZES["la"].areas == 1


def _people() -> list[tuple[object, ...]]:
    return list(
        Person.objects.order_by("pk").values_list(
            "kind", "first_name", "last_name", "date_of_birth", "nhs_number", "upn"
        )
    )


@pytest.fixture(scope="module")
def two_builds(django_db_setup, django_db_blocker):
    """`small` from seed 5 as one area and as two, each rolled back once read (the tests ask for
    `db` too, so that the test database is made when this module runs alone)."""
    results = {}
    with django_db_blocker.unblock(), FAST_HASHER:
        for name, areas in (("one area", 1), ("two areas", 2)):
            SIZES["small-areas"] = replace(SIZES["small"], name="small-areas", areas=areas)
            try:
                with transaction.atomic():
                    generator.build_demo(size="small-areas", seed=5, today=TODAY)
                    results[name] = {
                        "people": _people(),
                        "children": Person.objects.filter(kind=Person.Kind.CHILD).count(),
                        "contacts": Contact.objects.count(),
                        "staff": User.objects.count(),
                        "teams": list(Team.objects.values_list("name", flat=True)),
                        "logins": User.objects.filter(
                            username__in=[login.username for login in DEMO_LOGINS]
                        ).count(),
                        "pairs": DuplicatePair.objects.count(),
                    }
                    transaction.set_rollback(True)
            finally:
                del SIZES["small-areas"]
    return results


def test_the_first_area_is_the_single_area_build(two_builds, db):
    one, two = two_builds["one area"], two_builds["two areas"]

    assert two["people"][: len(one["people"])] == one["people"]


def test_a_second_area_doubles_the_rows(two_builds, db):
    one, two = two_builds["one area"], two_builds["two areas"]

    # 300 children in each area, a few of them unborn (another kind of record).
    assert 290 < one["children"] < 300
    assert two["children"] == 2 * one["children"]
    assert two["contacts"] == 2 * one["contacts"]
    assert two["staff"] > 1.9 * one["staff"]
    assert two["pairs"] > one["pairs"]


def test_the_second_area_has_its_own_people_teams_and_no_demo_logins(two_builds, db):
    one, two = two_builds["one area"], two_builds["two areas"]
    second_area = two["people"][len(one["people"]) :]

    assert second_area != one["people"][: len(second_area)]
    numbers = [row[4] for row in two["people"] if row[4]]
    assert len(numbers) == len(set(numbers))
    assert "Assessment team 1 (area 2)" in two["teams"]
    assert two["logins"] == one["logins"] == len(DEMO_LOGINS)
