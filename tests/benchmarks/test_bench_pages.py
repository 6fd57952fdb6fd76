"""`opencsc bench pages`: every page of the app is timed for the demo logins that reach it (issue
15, part 2); a new page fails here until some login reaches it or it is listed as not a page."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse

from config.urls import urlpatterns as app_urlpatterns
from opencsc.accounts.models import User
from opencsc.benchmarks import pages
from opencsc.benchmarks.pages import GROWS, OVER_TARGET, VARIES, PageResult
from opencsc.benchmarks.run_pages import read_earlier
from opencsc.benchmarks.site_map import url_names
from opencsc.demo.logins import DEMO_LOGINS
from opencsc.people.models import Person
from tests.security.test_hostile_input import (
    _open_work,
    ask_for_a_role_change,
    ask_to_override_consent,
    leave_work_the_demo_may_not_have,
)

# The widest readers first: each login is walked only for the pages no earlier one reached.
WIDEST_FIRST = [
    "head.of.service",
    "mash.manager",
    "team.manager",
    "cp.manager",
    "pf.manager",
    "social.worker",
    "cp.worker",
    "pf.worker",
    "mash",
    "admin",
    "police",
    "return.officer",
    "business.support",
    "advanced.practitioner",
    "quality",
    "performance",
]


def _result(role="social.worker", page="record:child", p95=10.0, low=12, high=12) -> PageResult:
    return PageResult(
        role=role,
        page=page,
        records=5,
        requests=10,
        p50_ms=p95 / 2,
        p95_ms=p95,
        min_queries=low,
        max_queries=high,
    )


SIZES = ["small", "la", "large"]


def test_a_query_count_that_differs_between_requests_varies():
    steady, varying = _result(), _result(page="record:episode", low=12, high=14)

    pages.flag([steady, varying], size="small", sizes=SIZES)

    assert steady.flags == []
    assert varying.flags == [VARIES]


@pytest.mark.parametrize(
    ("size", "p95", "flagged"),
    [
        ("la", 50.0, False),
        ("la", 50.1, True),
        ("large", 99.0, False),
        ("large", 100.5, True),
        ("small", 900.0, False),  # no target at small
    ],
)
def test_a_p95_over_the_size_s_target_is_flagged(size, p95, flagged):
    result = _result(p95=p95)

    pages.flag([result], size=size, sizes=SIZES)

    assert (OVER_TARGET in result.flags) is flagged


def test_more_queries_than_at_a_smaller_size_grows():
    earlier = {
        "small": [_result(high=12, low=12), _result(page="record:episode", high=20, low=20)],
        "large": [_result(page="people:search", high=5, low=5)],
    }
    grown = _result(low=13, high=13)
    same = _result(page="record:episode", low=20, high=20)
    fewer_than_large = _result(page="people:search", low=9, high=9)
    another_login = _result(role="team.manager", low=40, high=40)

    pages.flag(
        [grown, same, fewer_than_large, another_login], size="la", earlier=earlier, sizes=SIZES
    )

    assert grown.flags == [GROWS]
    assert same.flags == []
    assert fewer_than_large.flags == []  # large is bigger than la: no comparison
    assert another_login.flags == []  # not timed for that login at small


def test_earlier_results_are_read_back_from_the_json_report(tmp_path):
    report = {"size": "small", "results": [_result(low=3, high=4).as_json()]}
    saved = tmp_path / "small.json"
    saved.write_text(json.dumps(report))

    earlier = read_earlier([saved])

    assert earlier == {"small": [_result(low=3, high=4)]}


def test_the_table_shows_a_varying_count_as_a_range_and_the_flags():
    result = _result(p95=61.0, low=12, high=14)
    pages.flag([result], size="la", sizes=SIZES)

    line = pages.table([result]).splitlines()[2]

    assert line.split() == [
        "record:child",
        "social.worker",
        "5",
        "10",
        "30.5",
        "61.0",
        "12-14",
        "varies,",
        "over",
        "target",
    ]


def test_the_spread_takes_the_first_the_last_two_and_between():
    assert pages.spread(list(range(1, 101)), 5) == [1, 99, 100, 51]
    assert pages.spread([1, 2, 3], 5) == [1, 2, 3]


def test_every_page_not_timed_says_why_and_is_a_pattern_of_the_app():
    names = {item.name for item in url_names()}

    assert sorted(set(pages.NOT_PAGES) - names) == []
    assert all(reason.strip() for reason in pages.NOT_PAGES.values())
    assert "record:child" in pages.pages_to_time("record:*")
    assert "frontdoor:queue" not in pages.pages_to_time("record:*")


def test_every_page_is_reached_by_some_demo_login(demo):
    """The walk finds a real record for every page of the app not listed as not a page: a new
    page fails here until a demo login reaches it (or NOT_PAGES says why it is not a page).
    Each login opens only the pages no earlier one reached, trying the open work the hostile
    walk knows of first (a draft of one's own, an enquiry to complete)."""
    ask_for_a_role_change()
    ask_to_override_consent()
    leave_work_the_demo_may_not_have()
    assert sorted(login.username for login in DEMO_LOGINS) == sorted(WIDEST_FIRST)
    left = pages.pages_to_time()
    failures: list[str] = []
    open_work = {name: sorted(ids) for name, ids in _open_work().items()}
    for username in WIDEST_FIRST:
        walk, _ = pages.walk_login(
            username, pages=left, sample=1, follow_others=False, first_ids=open_work
        )
        failures += walk.failures
        left = [name for name in left if name not in walk.reached]

    assert failures == []
    assert left == []


def test_a_login_times_only_the_records_it_may_open(demo, client):
    walk, signed_in = pages.walk_login("social.worker", pages=["record:child"], sample=3)
    result, failure = pages.time_page(
        signed_in, "social.worker", "record:child", walk.reached["record:child"], requests=4
    )

    assert failure is None
    assert result is not None
    assert (result.records, result.requests) == (3, 4)
    assert result.min_queries > 0
    assert 0 < result.p50_ms <= result.p95_ms
    # The records are children the worker's team holds, not any row of the index.
    worker = User.objects.get(username="social.worker")
    client.force_login(worker)
    for page in walk.reached["record:child"]:
        assert client.get(page).status_code == 200
    restricted = Person.objects.filter(is_restricted=True).order_by("pk").first()
    if restricted is not None:
        assert reverse("record:child", args=[restricted.pk]) not in walk.reached["record:child"]


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("broken page")


urlpatterns = [path("boom/", _boom, name="boom"), *app_urlpatterns]


def test_a_page_that_answers_500_fails_the_run(demo, settings):
    settings.ROOT_URLCONF = __name__

    with pytest.raises(CommandError, match=re.escape("Failed (500 or an error): mash boom /boom/")):
        call_command(
            "bench", "pages", "--here", "--page", "boom", "--role", "mash", stdout=StringIO()
        )


def test_a_run_reports_each_login_s_pages_and_writes_json(demo, tmp_path):
    out = StringIO()
    saved = tmp_path / "pages.json"

    call_command(
        "bench",
        "pages",
        "--here",
        "--page",
        "workforce:my-caseload",
        "--role",
        "social.worker",
        "--requests",
        "3",
        "--json",
        str(saved),
        stdout=out,
    )

    report = json.loads(saved.read_text())
    assert report["size"] == "small"
    assert report["failures"] == []
    (row,) = report["results"]
    assert (row["role"], row["page"], row["requests"]) == (
        "social.worker",
        "workforce:my-caseload",
        3,
    )
    assert row["flags"] == []
    assert "workforce:my-caseload  social.worker" in out.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["pages", "--sample", "0"], "--sample must be 1 or more"),
        (["foundation", "--role", "mash"], "--role: for `bench pages` only"),
        (["pages", "--compare", "/nowhere.json"], "--compare /nowhere.json: no such file"),
    ],
)
def test_bad_pages_options_are_refused(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench", *arguments, stdout=StringIO())
