"""A list query compiled to SQL once, for pages whose query costs more to compile than to run."""

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


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
        try:
            self._sql: str | None
            self._sql, self._params = self._compiler.as_sql()
        except EmptyResultSet:  # `.none()`: no SQL to run
            self._sql, self._params = None, ()

    def count(self) -> int:
        if self._sql is None:
            return 0
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
        with self._connection.cursor() as cursor:
            cursor.execute(
                f"{self._sql} LIMIT %s OFFSET %s", [*self._params, rows.stop - start, start]
            )
            fetched = cursor.fetchall()
        converted = self._compiler.results_iter(results=[fetched])
        return [dict(zip(self._names, row, strict=True)) for row in converted]
