"""A list query compiled to SQL once, for pages whose query costs more to compile than to run."""

import re
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, QuerySet, Window


def expected_rows(number: Any, per_page: int) -> tuple[int, int]:
    """The rows [start, stop) of the page the paginator will most likely ask for (`?page=`, the
    first when it is not a number)."""
    text = str(number or "1").strip()
    page = int(text) if text.isascii() and text.isdigit() and len(text) < 9 else 1
    start = (max(page, 1) - 1) * per_page
    return (start, start + per_page)


class CompiledRows:
    """The rows of a `values()` queryset (a `UNION ALL` of several parts, say), compiled to SQL
    once: the paginator's count and its page are two queries on the same SQL, where the queryset
    would be compiled again for each. Rows come back as `values()` gives them (dicts, each value
    through the database's converters, so a date is a date on SQLite too)."""

    def __init__(self, queryset: QuerySet) -> None:
        query = queryset.query
        self._connection = connections[queryset.db]
        self._compiler = query.get_compiler(using=queryset.db)
        self.ordered = queryset.ordered
        # The columns' names as `values()` reads them (django.db.models.query.ValuesIterable).
        self._names = (
            list(query.selected)
            if query.selected
            else [*query.extra_select, *query.values_select, *query.annotation_select]
        )
        # The ordering by the columns' names, to order the rows again around a window count.
        self._order = _order_by_names(queryset, self._names, self._connection)
        self._expected: tuple[int, int] | None = None
        self._fetched: tuple[tuple[int, int], list[dict[str, Any]]] | None = None
        try:
            self._sql: str | None
            self._sql, self._params = self._compiler.as_sql()
        except EmptyResultSet:  # `.none()`: no SQL to run
            self._sql, self._params = None, ()

    def expect_page(self, number: Any, per_page: int) -> None:
        """The page the paginator will most likely ask for (`?page=`, the first when it is not a
        number): the count then fetches that page's rows in the same query (a window count), so
        PostgreSQL plans the query once a page, not twice."""
        self._expected = expected_rows(number, per_page)

    def count(self) -> int:
        if self._sql is None:
            return 0
        if self._expected is not None and self._order is not None:
            total = self._count_with_page(*self._expected)
            if total is not None:
                return total
        with self._connection.cursor() as cursor:
            # Django's own SQL, compiled once, with its parameters apart.
            cursor.execute(f"SELECT COUNT(*) FROM ({self._sql}) counted", self._params)  # noqa: S608
            return int(cursor.fetchone()[0])

    def __getitem__(self, rows: slice) -> list[dict[str, Any]]:
        """The rows [start:stop], as the paginator asks for a page."""
        if not isinstance(rows, slice) or rows.step is not None or rows.stop is None:
            raise TypeError("CompiledRows gives a slice [start:stop] of rows only.")
        start = rows.start or 0
        if self._sql is None or rows.stop <= start:
            return []
        if self._fetched is not None:
            (fetched_start, fetched_stop), fetched_rows = self._fetched
            # The page fetched with the count; the last page is asked for up to the count.
            ends_there = len(fetched_rows) < fetched_stop - fetched_start
            if start == fetched_start and (rows.stop <= fetched_stop or ends_there):
                return fetched_rows[: rows.stop - start]
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"{self._sql} LIMIT %s OFFSET %s", [*self._params, rows.stop - start, start]
            )
            fetched = cursor.fetchall()
        return self._as_dicts(fetched)

    def _as_dicts(self, fetched: list[Any]) -> list[dict[str, Any]]:
        converted = self._compiler.results_iter(results=[fetched])
        return [dict(zip(self._names, row, strict=True)) for row in converted]

    def _count_with_page(self, start: int, stop: int) -> int | None:
        """The count and the rows [start:stop] in one query, or None when that page is past the
        end (no row says the count)."""
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"SELECT counted.*, COUNT(*) OVER () FROM ({self._sql}) counted "  # noqa: S608
                f"ORDER BY {self._order} LIMIT %s OFFSET %s",
                [*self._params, stop - start, start],
            )
            fetched = cursor.fetchall()
        if not fetched:
            return 0 if start == 0 else None
        self._fetched = ((start, stop), self._as_dicts([row[:-1] for row in fetched]))
        return int(fetched[0][-1])


_NAME = re.compile(r"-?[A-Za-z_][A-Za-z0-9_]*")


def _order_by_names(queryset: QuerySet, names: list[str], connection: Any) -> str | None:
    """The queryset's ordering as an ORDER BY of its selected columns' names ("risk",
    "-waiting_since"), or None when it orders by anything else (then no window count)."""
    order = [term for term in queryset.query.order_by if isinstance(term, str)]
    if not order or len(order) != len(queryset.query.order_by):
        return None
    if not all(_NAME.fullmatch(term) for term in order):
        return None
    terms = []
    for term in order:
        name = term.lstrip("-")
        if name not in names:
            return None
        direction = "DESC" if term.startswith("-") else "ASC"
        terms.append(f"counted.{connection.ops.quote_name(name)} {direction}")
    return ", ".join(terms)


class CountedRows:
    """A model queryset for the paginator whose count comes with the page it will most likely ask
    for, in one query (`COUNT(*) OVER ()` beside the page's rows): one round trip and one plan a
    page where the paginator's count and page would take two. Only for querysets whose rows the
    window counts as the page lists them: no DISTINCT, no UNION."""

    def __init__(self, queryset: QuerySet, *, number: Any, per_page: int) -> None:
        _plain(queryset, "CountedRows")
        self._queryset = queryset
        self.ordered = queryset.ordered
        self._expected = expected_rows(number, per_page)
        self._fetched: list[Any] | None = None

    def count(self) -> int:
        start, stop = self._expected
        rows, total = _rows_with_total(self._queryset, start, stop)
        if rows:
            self._fetched = rows
            return total
        # Past the end (or nothing at all): the paginator then asks for the last page.
        return 0 if start == 0 else self._queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, rows: slice) -> list[Any]:
        if not isinstance(rows, slice) or rows.step is not None or rows.stop is None:
            raise TypeError("CountedRows gives a slice [start:stop] of rows only.")
        start = rows.start or 0
        fetched = self._fetched
        expected_start, expected_stop = self._expected
        if fetched is not None and start == expected_start:
            ends_there = len(fetched) < expected_stop - expected_start
            if rows.stop <= expected_stop or ends_there:
                return fetched[: rows.stop - start]
        return list(self._queryset[start : rows.stop])


def first_rows_and_count(queryset: QuerySet, limit: int) -> tuple[list[Any], int]:
    """The first `limit` rows of an ordered `queryset` and how many rows it has in all, in one
    query (`COUNT(*) OVER ()` beside the rows): a page's "the latest 10 of 23" for the price of
    the 10. No DISTINCT or UNION (the window would count something else)."""
    _plain(queryset, "first_rows_and_count")
    return _rows_with_total(queryset, 0, limit)


def _plain(queryset: QuerySet, who: str) -> None:
    if queryset.query.distinct or queryset.query.combinator:
        raise ValueError(f"{who} counts plain querysets only (no DISTINCT or UNION).")


def _rows_with_total(queryset: QuerySet, start: int, stop: int) -> tuple[list[Any], int]:
    """Rows [start, stop) of `queryset` with the count of all its rows beside them (0 when the
    slice is empty, whatever the whole holds)."""
    rows = list(queryset.annotate(_opencsc_total=Window(Count("pk")))[start:stop])
    return rows, int(rows[0]._opencsc_total) if rows else 0
