"""CompiledRows: a list query compiled once, its count and pages read with the same SQL.

Why: the team tray's five-part `UNION ALL` cost more to compile than to run, and the paginator
compiled it twice on every page (the count, then the page)."""

from datetime import date
from unittest import mock

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, F, Value
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext

from opencsc.core.rows import CompiledRows, CountedRows, first_rows_and_count
from opencsc.people.models import Person
from tests.factories import PersonFactory


def _union():
    """Children and adults as one list of (kind, pk, born), a union as the team tray reads."""

    def part(kind, label):
        rows = Person.objects.filter(kind=kind).annotate(
            label=Value(label, output_field=CharField()), ref=F("pk"), born=F("date_of_birth")
        )
        return rows.order_by().values("label", "ref", "born")

    children, adults = part(Person.Kind.CHILD, "child"), part(Person.Kind.ADULT, "adult")
    return children.union(adults, all=True).order_by("born", "ref")


@pytest.fixture
def people(db):
    children = [PersonFactory(date_of_birth=date(2015, 1, day)) for day in range(1, 6)]
    adults = [PersonFactory(adult=True, date_of_birth=date(1980, 1, day)) for day in (1, 2)]
    return children, adults


def test_its_pages_hold_the_rows_of_the_queryset_as_values_gives_them(people):
    rows = CompiledRows(_union())

    pages = [rows[0:3], rows[3:6], rows[6:9]]

    assert [row for page in pages for row in page] == list(_union())
    assert pages[0][0] == {"label": "adult", "ref": people[1][0].pk, "born": date(1980, 1, 1)}
    assert isinstance(pages[2][0]["born"], date)


def test_it_counts_the_rows_in_one_query(people):
    rows = CompiledRows(_union())

    with CaptureQueriesContext(connection) as queries:
        count = rows.count()

    assert count == 7
    assert len(queries) == 1


def test_the_paginator_compiles_the_query_once_for_the_count_and_the_page(people):
    compiled = mock.patch.object(
        SQLCompiler, "as_sql", autospec=True, side_effect=SQLCompiler.as_sql
    )

    with compiled as as_sql:
        page = Paginator(CompiledRows(_union()), 3).get_page(2)
        lines = list(page)
    outer_compiles = [call for call in as_sql.call_args_list if call.args[0].query.combinator]

    assert page.paginator.count == 7
    assert [line["ref"] for line in lines] == [row["ref"] for row in list(_union())[3:6]]
    assert len(outer_compiles) == 1


def test_a_queryset_with_no_rows_gives_none_without_a_query(db):
    rows = CompiledRows(Person.objects.none().values("pk"))

    with CaptureQueriesContext(connection) as queries:
        found = (rows.count(), rows[0:25])

    assert found == (0, [])
    assert len(queries) == 0


def test_it_gives_slices_of_rows_only(people):
    rows = CompiledRows(_union())

    with pytest.raises(TypeError):
        rows[0]


@pytest.mark.parametrize(("number", "expected"), [("1", [0, 3]), ("2", [3, 6]), ("3", [6, 7])])
def test_the_expected_page_comes_with_the_count_in_one_query(people, number, expected):
    """PostgreSQL planned the team tray's union twice a page (count, then page): now once."""
    rows = CompiledRows(_union())
    rows.expect_page(number, 3)

    with CaptureQueriesContext(connection) as queries:
        page = Paginator(rows, 3).get_page(number)
        lines = list(page)

    start, stop = expected
    assert page.paginator.count == 7
    assert lines == list(_union())[start:stop]
    assert len(queries) == 1


@pytest.mark.parametrize("number", ["9", "-1", "x", "", None])
def test_a_page_past_the_end_or_not_a_number_still_gives_the_paginators_page(people, number):
    rows = CompiledRows(_union())
    rows.expect_page(number, 3)

    page = Paginator(rows, 3).get_page(number)

    assert page.paginator.count == 7
    last_or_first = list(_union())[6:7] if number in ("9", "-1") else list(_union())[0:3]
    assert list(page) == last_or_first


def test_a_window_count_of_no_rows_is_zero_in_one_query(db):
    rows = CompiledRows(_union())
    rows.expect_page("1", 3)

    with CaptureQueriesContext(connection) as queries:
        page = Paginator(rows, 3).get_page("1")

    assert (page.paginator.count, list(page), len(queries)) == (0, [], 1)


# CountedRows: a model queryset's count with its page, for the child's chronology (issue 12).


def _children():
    return Person.objects.filter(kind=Person.Kind.CHILD).order_by("date_of_birth", "pk")


@pytest.mark.parametrize(("number", "expected"), [("1", [0, 1]), ("2", [2, 3]), ("3", [4])])
def test_a_page_and_the_count_come_in_one_query(people, number, expected):
    children = people[0]
    rows = CountedRows(_children(), number=number, per_page=2)

    with CaptureQueriesContext(connection) as queries:
        page = Paginator(rows, 2).get_page(number)
        shown = list(page)

    assert shown == [children[index] for index in expected]
    assert page.paginator.count == 5
    assert len(queries) == 1


def test_a_page_past_the_end_shows_the_last_page(people):
    children = people[0]

    page = Paginator(CountedRows(_children(), number="9", per_page=2), 2).get_page("9")

    assert (page.number, list(page)) == (3, [children[4]])


def test_an_empty_list_is_one_query_and_one_empty_page(db):
    rows = CountedRows(_children(), number=None, per_page=2)

    with CaptureQueriesContext(connection) as queries:
        page = Paginator(rows, 2).get_page(None)
        shown = list(page)

    assert (shown, page.paginator.count, len(queries)) == ([], 0, 1)


def test_a_distinct_queryset_is_refused(db):
    with pytest.raises(ValueError, match="DISTINCT"):
        CountedRows(_children().distinct(), number=1, per_page=2)


# first_rows_and_count: "the latest 10 of 23" on a plan's page (core groups, reviews, visits).


def test_the_first_rows_and_how_many_there_are_in_all_come_in_one_query(people):
    children = people[0]

    with CaptureQueriesContext(connection) as queries:
        rows, total = first_rows_and_count(_children(), 2)

    assert (rows, total, len(queries)) == (children[:2], 5, 1)


def test_no_rows_count_none(db):
    assert first_rows_and_count(_children(), 10) == ([], 0)
