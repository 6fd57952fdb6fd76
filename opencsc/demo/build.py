"""The state of one demo build: its random sources, the rows made so far, and how it saves them."""

import random
import sys
import time as timer
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models.expressions import DatabaseDefault
from django.utils import timezone
from faker import Faker
from tqdm import tqdm

from opencsc.accounts.models import Agency, Team, User
from opencsc.casework.models import Allocation
from opencsc.chronology.models import ChronologyEntry
from opencsc.demo.sizes import Size
from opencsc.people.identifiers import name_key, nhs_check_digit, upn_check_letter
from opencsc.people.models import Household, Person

BATCH_SIZE = 2000
LA_CODE = "308"

Row = TypeVar("Row", bound=models.Model)


@dataclass
class Family:
    """The adults and children of one household, before they are saved."""

    household: Household
    adults: list[Person] = field(default_factory=list)
    children: list[Person] = field(default_factory=list)


@dataclass
class Case:
    """A child's allocation, planned before it is saved."""

    child: Person
    team: Team
    worker: User | None
    started_on: date
    ended_on: date | None = None
    # The manager's direction when allocating (the pathway writes it for a case of an episode).
    direction: str = ""


@dataclass
class Summary:
    """What the build wrote, by stage (`counts`), a few figures about it such as the open MASH queue
    (`figures`), and how long it took."""

    counts: dict[str, int] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)
    # Each stage's seconds, in the order they ran.
    stages: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0


class Build:
    """One run of the generator: its random sources, the rows made so far, and progress output.

    Everything random is drawn from `random` and `fake`, both seeded, in a fixed order.
    """

    def __init__(
        self,
        size: Size,
        *,
        seed: int,
        today: date,
        say: Callable[[str], None],
        progress: bool,
        area: int = 1,
    ) -> None:
        self.size = size
        # Which of the size's areas this build is (`Size.areas`): 1 unless the size has several.
        self.area = area
        # The largest key of some tables before this area was built (`mark_floors`), so that a
        # stage reading back saved rows reads this area's only.
        self.floors: dict[type[models.Model], int] = {}
        self.today = today
        self.say = say
        self.progress = progress
        self.random = random.Random(seed)
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.zone = timezone.get_default_timezone()
        self.summary = Summary()
        self.keys: dict[str, str] = {}
        self.nhs_serial = self.random.randrange(0, 500_000)
        self.upn_serial = 0
        self.teams: dict[str, list[Team]] = {}
        self.members: dict[int, dict[str, list[User]]] = {}
        self.agencies: list[Agency] = []
        self.mash_staff: list[User] = []
        self.readers: list[User] = []
        self.families: list[Family] = []
        self.cases: list[Case] = []
        self.allocations: dict[int, list[Allocation]] = {}
        # Each case's saved allocation, by id(case).
        self.allocation_of: dict[int, Allocation] = {}
        self.partner_users: dict[int, list[User]] = {}
        # The day each child's record was created, by id(child): set by the front door's plan.
        self.recorded_on: dict[int, date] = {}
        # The first day of the year of front-door work; earlier contacts are in chronologies only.
        self.front_door_from: date = today - timedelta(days=364)

    def mark_floors(self, *tables: type[models.Model]) -> None:
        """Remember the largest key of each table before this area writes to it."""
        for table in tables:
            self.floors[table] = (
                table._default_manager.aggregate(last=models.Max("pk"))["last"] or 0
            )

    def floor(self, table: type[models.Model]) -> int:
        """The largest key of `table` before this area (0 in the first area)."""
        return self.floors.get(table, 0)

    def weighted(self, weights: dict[Any, int]) -> Any:
        """One key of `weights`, drawn in proportion to its weight."""
        return self.random.choices(list(weights), weights=list(weights.values()))[0]

    def days_ago(self, low: int, high: int) -> date:
        """A day between `high` and `low` days before today."""
        return self.today - timedelta(days=self.random.randint(low, high))

    def moment(self, day: date) -> datetime:
        """A time in working hours on `day`, in London."""
        at = time(
            self.random.randint(8, 18), self.random.randint(0, 59), self.random.randint(0, 59)
        )
        return datetime.combine(day, at, tzinfo=self.zone)

    def key(self, name: str) -> str:
        """The sound-alike key of a name, computed once per name."""
        if name not in self.keys:
            self.keys[name] = name_key(name)
        return self.keys[name]

    def nhs_number(self) -> str:
        """The next unused NHS number in the 999 range kept for testing (valid check digit)."""
        while True:
            self.nhs_serial += 1
            first_nine = f"999{self.nhs_serial % 1_000_000:06d}"
            check = nhs_check_digit(first_nine)
            if check is not None:
                return f"{first_nine}{check}"

    def upn(self, born: date) -> str:
        """The next UPN: LA code, school, year of entry and serial, with its check letter."""
        self.upn_serial += 1
        school = 2001 + (self.upn_serial // 1000) % 900
        entry_year = (born.year + 4) % 100
        body = f"{LA_CODE}{school:04d}{entry_year:02d}{self.upn_serial % 1000:03d}"
        return f"{upn_check_letter(body)}{body}"

    def save(self, label: str, model: type[Row], rows: Sequence[Row]) -> list[Row]:
        """Insert `rows` in batches with a progress bar; return them with their keys set.

        Model instances of a plain table with an automatic key go in as `bulk_create` would put
        them (each field's `pre_save` and `get_db_prep_save`) but through `_write`: on SQLite
        `bulk_create` sends at most 999 values a statement (28 contacts), which made saving
        contacts and people most of a build's time."""
        meta = model._meta
        if (
            meta.parents
            or not isinstance(meta.pk, models.AutoField)
            or any(
                f.db_default is not models.NOT_PROVIDED
                and not isinstance(f.db_default, models.Value)
                for f in meta.concrete_fields
            )
            or any(row.pk is not None for row in rows)
        ):
            return self.save_through(label, model._default_manager.bulk_create, rows)
        started = timer.perf_counter()
        fields = [
            f
            for f in meta.concrete_fields
            if f is not meta.pk and not getattr(f, "generated", False)
        ]
        before = model._base_manager.aggregate(last=models.Max("pk"))["last"] or 0

        def prepared(row: Row) -> tuple[Any, ...]:
            # As `bulk_create` does: a related row saved since was assigned takes its new key.
            row._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
            return tuple(f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in fields)

        with self._bar(label, len(rows)) as bar:
            for first in range(0, len(rows), BATCH_SIZE):
                batch = rows[first : first + BATCH_SIZE]
                _write(meta, [str(f.column) for f in fields], [prepared(row) for row in batch])
                bar.update(len(batch))
        keys = list(
            model._base_manager.filter(pk__gt=before).order_by("pk").values_list("pk", flat=True)
        )
        if len(keys) != len(rows):
            raise RuntimeError(f"{model.__name__}: the new rows' keys are not in order.")
        for row, key in zip(rows, keys, strict=True):
            row.pk = key
            row._state.adding = False
            row._state.db = connection.alias
        self.summary.counts[label] = self.summary.counts.get(label, 0) + len(rows)
        self.say(f"  {label:<24} {len(rows):>7,} rows  {timer.perf_counter() - started:5.1f} s")
        return list(rows)

    def _bar(self, label: str, total: int) -> tqdm:
        """A stage's progress bar on standard error (a terminal's, unless progress is off)."""
        return tqdm(
            total=total,
            desc=f"{label:<24}",
            unit=" rows",
            disable=not self.progress,
            file=sys.stderr,
            leave=False,
        )

    def save_through(
        self, label: str, write: Callable[[list[Row]], list[Row]], rows: Sequence[Row]
    ) -> list[Row]:
        """Like `save`, through the owning app's bulk writer (`timescales.save_due_items`)."""
        started = timer.perf_counter()
        saved: list[Row] = []
        with self._bar(label, len(rows)) as bar:
            for first in range(0, len(rows), BATCH_SIZE):
                batch = list(rows[first : first + BATCH_SIZE])
                saved.extend(write(batch))
                bar.update(len(batch))
        self.summary.counts[label] = self.summary.counts.get(label, 0) + len(saved)
        self.say(f"  {label:<24} {len(saved):>7,} rows  {timer.perf_counter() - started:5.1f} s")
        return saved

    def insert(
        self,
        label: str,
        model: type[models.Model],
        columns: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        keys: bool = False,
    ) -> list[int]:
        """Insert plain rows (values in the order of `columns`, attribute names such as `child_id`)
        without making model instances. Fills `created_at` and `updated_at` with now; every other
        column without a value must be null. Like `bulk_create`, it checks nothing but the
        database's constraints. With `keys`, return the new rows' keys in the order of `rows`
        (the build is the only writer, so they are the keys above the largest before)."""
        started = timer.perf_counter()
        meta = model._meta
        before = 0
        if keys:
            before = model._default_manager.aggregate(last=models.Max("pk"))["last"] or 0
        fields: list[models.Field] = []
        for column in columns:
            model_field = meta.get_field(column)
            if not isinstance(model_field, models.Field):
                raise TypeError(f"{model.__name__}.{column} is not a column.")
            fields.append(model_field)
        adapters: list[Callable[[Any], Any] | None] = [_adapter(f) for f in fields]
        stamps: tuple[Any, ...] = ()
        names = [str(model_field.column) for model_field in fields]
        for stamp in ("created_at", "updated_at"):
            if any(f.name == stamp for f in meta.concrete_fields) and stamp not in columns:
                names.append(stamp)
                stamps += (connection.ops.adapt_datetimefield_value(timezone.now()),)
        pairs = [(index, adapt) for index, adapt in enumerate(adapters) if adapt is not None]

        def adapted(row: Sequence[Any]) -> tuple[Any, ...]:
            values = list(row)
            for index, adapt in pairs:
                if values[index] is not None:
                    values[index] = adapt(values[index])
            return (*values, *stamps)

        _write(meta, names, (adapted(row) for row in rows))
        new_keys: list[int] = []
        if keys:
            new_keys = list(
                model._default_manager.filter(pk__gt=before)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            if len(new_keys) != len(rows):
                raise RuntimeError(f"{model.__name__}: the new rows' keys are not in order.")
        self.summary.counts[label] = self.summary.counts.get(label, 0) + len(rows)
        self.say(f"  {label:<24} {len(rows):>7,} rows  {timer.perf_counter() - started:5.1f} s")
        return new_keys

    def planned(self, label: str, started: float) -> None:
        """Say that a planning stage (in memory, nothing saved yet) finished."""
        self.say(f"  {label:<24} {'':>12}  {timer.perf_counter() - started:5.1f} s")


def _value(model_field: models.Field, row: models.Model) -> Any:
    """The value `bulk_create` would save for `model_field` of `row`; a database default (a plain
    value, see `Build.save`) written out."""
    value = model_field.pre_save(row, add=True)
    default = model_field.db_default
    if isinstance(value, DatabaseDefault) and isinstance(default, models.Value):
        return default.value
    return value


def _write(meta: Any, names: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Insert `rows`, values ready for the database in the order of the columns `names`, as they
    come (never all in memory at once)."""
    quote = connection.ops.quote_name
    table = f"{quote(meta.db_table)} ({', '.join(quote(name) for name in names)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT on PostgreSQL.
            with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Names from the model's metadata; the values go as parameters.
            placeholders = ", ".join(["%s"] * len(names))
            sql = f"INSERT INTO {table} VALUES ({placeholders})"  # noqa: S608
            stream = iter(rows)
            while batch := list(islice(stream, BATCH_SIZE)):
                cursor.executemany(sql, batch)


def _adapter(model_field: models.Field) -> Callable[[Any], Any] | None:
    """How a plain value of `model_field` is passed to the database, or None for as it is."""
    if isinstance(model_field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(model_field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(model_field, models.JSONField):

        def adapt(value: Any) -> Any:
            return model_field.get_db_prep_save(value, connection)

        return adapt
    return None


# The columns of a chronology entry that `chronology_row` gives, for `Build.insert`.
CHRONOLOGY_COLUMNS = (
    "child_id",
    "kind",
    "happened_on",
    "summary",
    "record_type_id",
    "record_id",
    "recorded_by_id",
)


def chronology_row(entry: ChronologyEntry) -> tuple[Any, ...]:
    """An entry built by an app's `entries` module, as a plain row in `CHRONOLOGY_COLUMNS`."""
    return (
        entry.child_id,
        entry.kind,
        entry.happened_on,
        entry.summary,
        entry.record_type_id,
        entry.record_id,
        entry.recorded_by_id,
    )


def birthday(born: date, years: int) -> date:
    """The day a person born on `born` turns `years` (1 March for 29 February in other years)."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)
