"""`opencsc bench load`: its bounds, the mix of pages its users go through, their sessions, and
how it counts pages, times and errors (against a stand-in server here; the figures against
gunicorn are in docs/benchmarks.md)."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import CommandError, call_command

from opencsc.accounts.models import User
from opencsc.benchmarks import load, registry


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--users", "201", "--users must be between 1 and 200"),
        ("--users", "0", "--users must be between 1 and 200"),
        ("--seconds", "601", "--seconds must be between 1 and 600"),
        ("--workers", "0", "--workers must be between 1 and 32"),
    ],
)
def test_a_load_outside_its_bounds_is_refused_before_anything_starts(option, value, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench", "load", option, value)


def test_every_role_goes_through_its_benchmark_pages(demo):
    mix = load.role_mix()

    expected = {
        page.username for benchmark in registry.BENCHMARKS.values() for page in benchmark.pages
    }
    assert set(mix) == expected
    contact_pages = {visit.page for visit in mix["mash"]}
    assert "frontdoor: MASH queue" in contact_pages
    assert all(visit.path.startswith("/") for visits in mix.values() for visit in visits)


def test_each_user_of_the_load_has_a_signed_in_session_of_their_own(demo):
    users = load.load_users(len(load.role_mix()) + 2)

    cookies = [user.cookie for user in users]
    assert len(set(cookies)) == len(cookies)
    for user in users:
        session = SessionStore(session_key=user.cookie)
        assert session.get("_auth_user_id") == str(User.objects.get(username=user.username).pk)
    # Two users of the same role start at different pages.
    first_role = users[0].username
    same_role = [user for user in users if user.username == first_role]
    assert len(same_role) == 2
    assert same_role[0].visits[0] != same_role[1].visits[0]


def test_a_user_goes_from_page_to_page_rather_than_through_one_page_first():
    visits = [load.Visit("a", "/a/1"), load.Visit("a", "/a/2"), load.Visit("b", "/b/1")]

    assert [visit.path for visit in load.interleave(visits)] == ["/a/1", "/b/1", "/a/2"]


def test_the_figures_count_pages_a_second_and_every_answer_but_200_as_an_error():
    samples = [
        load.Sample("record", 0.0, 10.0, 200),
        load.Sample("record", 0.1, 30.0, 200),
        load.Sample("search", 0.2, 20.0, 500),
        load.Sample("search", 0.3, 40.0, 0),
    ]

    result = load.summarise(samples, users=2, workers=3, seconds=2.0)

    assert (result.requests, result.errors, result.pages_per_second) == (4, 2, 2.0)
    assert (result.p50_ms, result.p95_ms) == (20.0, 40.0)
    assert result.by_page == {"record": (2, 10.0, 30.0), "search": (2, 20.0, 40.0)}
    assert "4 pages, 2.0 pages/s" in load.table(result)


class _StandIn(BaseHTTPRequestHandler):
    """Answers /ok with 200 to a request carrying the session cookie, anything else with 500."""

    def do_GET(self) -> None:
        signed_in = f"{settings.SESSION_COOKIE_NAME}=abc" in (self.headers.get("Cookie") or "")
        status = 200 if self.path == "/ok" and signed_in else 500
        body = b"page"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def stand_in() -> Iterator[int]:
    server = ThreadingHTTPServer((load.LOOPBACK, 0), _StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def test_the_load_sends_each_users_cookie_and_counts_what_the_server_answered(stand_in):
    users = [
        load.LoadUser("a", "abc", (load.Visit("fine", "/ok"),)),
        load.LoadUser("b", "abc", (load.Visit("fine", "/ok"), load.Visit("broken", "/broken"))),
    ]

    samples, counted = load.drive(stand_in, users, seconds=1.0, warm_up=0.2)
    result = load.summarise(samples, users=2, workers=1, seconds=counted)

    assert result.requests > 10
    assert result.by_page["broken"][0] == result.errors
    assert 0 < result.errors < result.requests
    assert all(sample.status == 200 for sample in samples if sample.page == "fine")
