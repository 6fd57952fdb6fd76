import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import User
from opencsc.benchmarks import databases, measure, registry
from opencsc.benchmarks.base import Benchmark
from opencsc.benchmarks.foundation import FOUNDATION, common_surname_searches
from opencsc.benchmarks.frontdoor import FRONT_DOOR
from opencsc.benchmarks.missing import (
    MISSING,
    episode_with_interview,
    record_with_most_episodes,
)
from opencsc.benchmarks.pathway import PATHWAY
from opencsc.benchmarks.privatefostering import (
    PRIVATE_FOSTERING,
    arrangement_with_most_visits,
)
from opencsc.benchmarks.security import SECURITY
from opencsc.benchmarks.tray import TRAY
from opencsc.casework.models import Allocation
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem

JSON_KEYS = {"page", "database", "size", "requests", "p50_ms", "p95_ms", "queries"}


def _only(*names: str) -> Benchmark:
    pages = tuple(page for page in FOUNDATION.pages if page.name in names)
    return Benchmark(name=FOUNDATION.name, description="", pages=pages)


def test_foundation_pages_answer_with_a_fixed_number_of_queries(demo):
    measured = measure.measure(FOUNDATION, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == [page.name for page in FOUNDATION.pages]
    assert all(r.requests == 3 and r.queries > 0 and r.p95_ms > 0 for r in measured.results)
    assert all(r.queries == r.min_queries for r in measured.results if r.page != "person search")


def test_the_person_searches_are_searches_that_find_someone(demo, client):
    # A search needs a surname and one more term: a surname alone would time a field error.
    worker = User.objects.get(username="social.worker")
    client.force_login(worker)

    urls = common_surname_searches(worker)

    assert len(urls) == 10
    for url in urls:
        page = client.get(url).content.decode()
        assert "There is a problem" not in page
        assert re.search(r'href="/people/\d+/"', page)


def test_front_door_pages_answer_with_one_query_count_each(demo):
    measured = measure.measure(FRONT_DOOR, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == [
        "MASH queue",
        "decisions to authorise",
        "contact",
        "child record with contacts",
        "person search with involvement flags",
    ]
    assert all(r.requests == 3 and r.queries == r.min_queries for r in measured.results)


def test_pathway_pages_answer_with_one_query_count_each(demo):
    measured = measure.measure(PATHWAY, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == [
        "child record on a plan",
        "my caseload",
        "team manager's alerts",
        "protection plan",
        "protection plan with content",
        "protection plan's earlier versions",
        "review conference form",
        "child in need plan",
        "warnings of a child",
        "sibling conference",
    ]
    assert all(r.requests == 3 and r.queries == r.min_queries for r in measured.results)


def test_security_pages_answer_with_one_query_count_each(demo):
    measured = measure.measure(SECURITY, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == ["restriction", "staff list", "your account"]
    assert all(r.requests == 3 and r.queries == r.min_queries for r in measured.results)


def test_tray_pages_answer_with_one_query_count_each(demo):
    measured = measure.measure(TRAY, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == [
        "worker's tray",
        "team tray",
        "MASH manager's tray",
    ]
    assert all(r.requests == 3 and r.queries == r.min_queries for r in measured.results)


def test_the_trays_have_work_to_show(demo, client):
    for username, page in (
        ("social.worker", "workforce:tray"),
        ("team.manager", "workforce:team-tray"),
        ("mash.manager", "workforce:team-tray"),
    ):
        client.force_login(User.objects.get(username=username))

        response = client.get(reverse(page))

        assert response.context["lines"], username


def test_notes_pages_answer_with_one_query_count_each_on_a_child_with_200_notes(demo):
    from opencsc.benchmarks.notes import NOTES, _most_noted_child
    from opencsc.notes.models import CaseNoteChild

    measured = measure.measure(NOTES, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == [
        "child record with 200 case notes",
        "a child's case notes",
        "the child's chronology",
        "chronology searched",
    ]
    assert all(r.requests == 3 and r.queries == r.min_queries for r in measured.results)
    child = _most_noted_child(User.objects.get(username="cp.worker"))
    assert CaseNoteChild.objects.filter(child_id=child, note__version=1).count() >= 200


def test_the_restriction_page_is_timed_on_restricted_records(demo):
    head = User.objects.get(username="head.of.service")

    paths = SECURITY.pages[0].paths(head)

    assert paths
    assert all(Person.objects.get(pk=int(path.split("/")[2])).is_restricted for path in paths)


def test_pathway_pages_have_records_to_show(demo):
    worker = User.objects.get(username="cp.worker")
    manager = User.objects.get(username="cp.manager")
    overdue_visits = DueItem.objects.filter(
        team__in=manager.teams.all(),
        rule=rules.CP_VISIT.code,
        closed_at=None,
        due_on__lt=timezone.localdate(),
    )

    paths = {
        page.name: page.paths(User.objects.get(username=page.username)) for page in PATHWAY.pages
    }

    assert all(paths.values())
    assert Allocation.objects.filter(worker=worker, ended_on=None).count() >= 12
    assert overdue_visits.exists()


def test_json_report_has_exactly_the_agreed_shape(demo):
    measured = measure.measure(_only("access log"), requests=2, size="small", warm_up=0)

    report = json.loads(json.dumps(measure.report(FOUNDATION, measured.results)))

    assert set(report) == {"benchmark", "results"}
    assert report["benchmark"] == "foundation"
    assert [set(row) for row in report["results"]] == [JSON_KEYS]
    assert report["results"][0]["size"] == "small"
    assert report["results"][0]["requests"] == 2


def test_a_page_over_its_time_budget_stops_after_one_request(demo):
    result = measure.measure_page(
        FOUNDATION.pages[2], requests=50, size="small", warm_up=0, budget_seconds=0
    )

    assert result.requests == 1


def test_table_shows_a_query_count_that_varies_as_a_range():
    result = measure.PageResult("search", "sqlite", "la", 10, 5.0, 9.0, queries=10, min_queries=9)

    lines = measure.table([result]).splitlines()

    assert lines[0].split() == [
        "page",
        "database",
        "size",
        "requests",
        "p50",
        "ms",
        "p95",
        "ms",
        "queries",
    ]
    assert lines[2].split() == ["search", "sqlite", "la", "10", "5.0", "9.0", "9-10"]


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [([5.0, 1.0, 3.0, 2.0, 4.0], 0.5, 3.0), ([float(n) for n in range(1, 101)], 0.95, 95.0)],
)
def test_percentile_is_nearest_rank(values, share, expected):
    assert measure.percentile(values, share) == expected


def test_unknown_benchmark_lists_the_known_ones():
    with pytest.raises(CommandError, match="Unknown benchmark 'nope': choose from foundation"):
        call_command("bench", "nope", stdout=StringIO())


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--size", "huge"], "Unknown size 'huge'"),
        (["--database", "oracle"], "Unknown database 'oracle'"),
        (["--requests", "0"], "--requests must be 1 or more"),
        (["--budget", "-1"], "--budget must be 0 or more seconds"),
    ],
)
def test_bad_options_are_refused(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench", "foundation", *arguments, stdout=StringIO())


def test_registry_knows_foundation_frontdoor_and_pathway():
    assert registry.get("foundation") is FOUNDATION
    assert registry.get("frontdoor") is FRONT_DOOR
    assert registry.get("pathway") is PATHWAY


def test_postgres_bench_database_is_on_the_configured_server(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://app:secret@db.example:6543/opencsc")

    url = databases.postgres_url("la")

    assert url == "postgres://app:secret@db.example:6543/opencsc_bench_la"


def test_postgres_bench_database_defaults_to_the_local_server(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////tmp/x.sqlite3")

    assert (
        databases.postgres_url("small") == "postgres://postgres@127.0.0.1:5432/opencsc_bench_small"
    )


def test_sqlite_bench_database_is_in_the_var_directory(settings, tmp_path):
    settings.VAR_DIR = tmp_path

    assert databases.sqlite_url("la") == f"sqlite:///{tmp_path / 'bench-la.sqlite3'}"


def test_printed_database_address_hides_the_password():
    url = "postgres://app:secret@db.example:6543/opencsc_bench_la"

    assert databases.display(url) == "postgres://app:***@db.example:6543/opencsc_bench_la"


def test_pages_are_measured_as_after_the_sign_in_code_when_it_is_required(demo, mfa_on):
    measured = measure.measure(_only("child record"), requests=1, size="small", warm_up=0)

    assert measured.failures == []
    assert measured.results[0].requests == 1


def test_the_duplicate_pages_answer_with_one_query_count_each(demo):
    from opencsc.benchmarks.duplicates import DUPLICATES

    measured = measure.measure(DUPLICATES, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == ["likely duplicates", "duplicate pair"]
    assert all(r.requests == 3 and r.queries == r.min_queries for r in measured.results)


def test_missing_pages_answer_with_one_query_count_each(demo):
    measured = measure.measure(MISSING, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == [
        "missing episode with an interview",
        "MASH's missing list",
        "return interview officer's list",
        "return home interview",
        "child record with most missing episodes",
        "missing tracking: awaiting an interview",
        "missing tracking: repeat missing",
        "missing history of that child",
        "missing children report",
        "exploitation panel",
    ]
    assert all(r.requests == 3 and r.queries == r.min_queries for r in measured.results)


def test_the_missing_pages_show_the_demo_s_episodes(demo, client):
    # The sampled episodes have a return and an interview; both lists have rows, the MASH's with
    # a matched child waiting for its decision (so `small` runs the queries `la` does).
    assert len(episode_with_interview(User.objects.get(username="head.of.service"))) >= 5
    for username, page in (("mash", "missing:mash"), ("return.officer", "missing:interviews")):
        client.force_login(User.objects.get(username=username))

        response = client.get(reverse(page))

        assert list(response.context["page_obj"]), username
    client.force_login(User.objects.get(username="mash"))
    listed = client.get(reverse("missing:mash")).context["page_obj"]
    assert any(episode.child_id for episode in listed)
    child = record_with_most_episodes(User.objects.get(username="cp.worker"))
    assert child
    assert "missing" in registry.BENCHMARKS


def test_private_fostering_pages_answer_with_one_query_count_each(demo):
    measured = measure.measure(PRIVATE_FOSTERING, requests=3, size="small", warm_up=1)

    assert measured.failures == []
    assert [r.page for r in measured.results] == [
        "arrangement with most visits",
        "fostering team's arrangements",
        "annual private fostering report",
    ]
    assert all(r.requests == 3 and r.queries == r.min_queries for r in measured.results)


def test_the_private_fostering_pages_show_the_demo_s_arrangements(demo, client):
    # The team's list has rows and the sampled arrangement its many visits, at `small` as at `la`.
    worker = User.objects.get(username="pf.worker")
    (path,) = arrangement_with_most_visits(worker)
    client.force_login(worker)

    assert len(client.get(path).context["visits"]) >= 40
    assert list(client.get(reverse("privatefostering:team")).context["page_obj"])
    assert "privatefostering" in registry.BENCHMARKS


def test_the_machine_line_says_how_fast_this_machine_runs_python():
    line = measure.machine_line()

    assert line.startswith("Machine: a fixed Python loop (2,000,000 additions) takes ")
    assert measure.machine_loop_ms() > 0
