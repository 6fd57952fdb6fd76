"""The likely-match rules of the person index (docs/duplicates.md): which records may be the same
person. One module, read by both checks:

- creating a record (`likely_matches`): the whole current index, not only the records the creator
  may open (a duplicate of a record you cannot open is still a duplicate). A record is a likely
  match when it has the same NHS number or UPN, or a sound-alike surname (now or before: a
  previous name counts) with a sound-alike first name or the same date of birth, or the same
  sound-alike first name, date of birth and address;
- the list of likely duplicate pairs (`find_pairs`), over the whole index at once: the same
  sound-alike first name and at least two of a sound-alike surname, the same date of birth and the
  same address. Narrower than at creation (a surname with a first name alone is not enough): the
  creator is there to look at a short list, while the pair list must stay worth a reviewer's time
  over a borough's 35,000 records (twins share a surname, a birthday and an address, never a
  first name).

An address is the same when the postcode and the first line (ignoring case and spaces) are.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import combinations

from django.db.models import Case, IntegerField, Q, Value, When

from opencsc.people.identifiers import fold_name, name_key, normalise_postcode
from opencsc.people.models import Person, PreviousName

# Most records a creation check lists; more means the details typed are too few to tell.
SHOWN_AT_CREATION = 10
# A group of more records than this sharing a name, a birthday and an address is a data problem
# (placeholders such as "Baby" at one hospital), not duplicates: it is left out of the pair list.
LARGEST_GROUP = 12


@dataclass(frozen=True)
class Candidate:
    """What is known about the person about to be recorded."""

    first_name: str = ""
    last_name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""
    address_line_1: str = ""


def same_line(line: str) -> str:
    """An address's first line as compared: lower case, single spaces, no commas or full stops."""
    return re.sub(r"[\s,.]+", " ", line).strip().casefold()


def _never() -> Q:
    return Q(pk__in=[])


def match_condition(candidate: Candidate) -> Q:
    """The Person rows that are likely matches for `candidate` (the creation rule)."""
    condition = _never()
    if candidate.nhs_number:
        condition |= Q(nhs_number=candidate.nhs_number)
    if candidate.upn:
        condition |= Q(upn=candidate.upn)
    last_key, first_key = name_key(candidate.last_name), name_key(candidate.first_name)
    surname = _never()
    if candidate.last_name.strip():
        same = (Q(last_name_key=last_key) if last_key else _never()) | Q(
            last_name__iexact=candidate.last_name.strip()
        )
        # A surname the person had before counts as theirs (a child renamed at adoption).
        surname = same | Q(pk__in=PreviousName.objects.filter(same).values("person_id"))
    first = Q(first_name_key=first_key) if first_key else _never()
    born = (
        Q(date_of_birth=candidate.date_of_birth) | Q(expected_date_of_birth=candidate.date_of_birth)
        if candidate.date_of_birth
        else _never()
    )
    address = (
        Q(household__address__postcode=normalise_postcode(candidate.postcode))
        if candidate.postcode and candidate.address_line_1.strip()
        else _never()
    )
    condition |= surname & (first | born)
    condition |= first & born & address
    return condition


def likely_matches(candidate: Candidate) -> list[Person]:
    """Current records of the whole index that may be `candidate`, closest first (`_closest_first`),
    whoever may open them (pages show them through `people.display`: a restricted one unnamed)."""
    rows = (
        Person.objects.current()
        .filter(match_condition(candidate))
        .select_related("household__address")
        .prefetch_related("previous_names")
        .order_by(*_closest_first(candidate), "last_name", "first_name", "date_of_birth", "pk")
    )
    # The postcode narrowed the rows to a street; the first line, typed with spaces and commas
    # that differ, is compared here on those few rows.
    found = [person for person in rows[: SHOWN_AT_CREATION * 5] if _is_match(person, candidate)]
    return found[:SHOWN_AT_CREATION]


def _first_when(condition: Q) -> Case:
    """0 for the rows meeting `condition`, 1 for the others: sorts them first."""
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def _closest_first(candidate: Candidate) -> list[Case]:
    """How likely matches sort, closest first: the same NHS number or UPN, then the same date of
    birth, then the same postcode, then the same surname and the same first name as typed (before
    sound-alikes). Only what was typed sorts (a CASE with no condition would be a constant, which
    PostgreSQL reads in ORDER BY as a column's position)."""
    surname, first = fold_name(candidate.last_name), fold_name(candidate.first_name)
    conditions = [
        Q(nhs_number=candidate.nhs_number) if candidate.nhs_number else None,
        Q(upn=candidate.upn) if candidate.upn else None,
        Q(date_of_birth=candidate.date_of_birth) | Q(expected_date_of_birth=candidate.date_of_birth)
        if candidate.date_of_birth
        else None,
        Q(household__address__postcode=normalise_postcode(candidate.postcode))
        if candidate.postcode
        else None,
        Q(last_name_folded=surname) if surname else None,
        Q(first_name_folded=first) if first else None,
    ]
    return [_first_when(condition) for condition in conditions if condition is not None]


def _is_match(person: Person, candidate: Candidate) -> bool:
    """The creation rule for one row already loaded (with its address)."""
    if candidate.nhs_number and person.nhs_number == candidate.nhs_number:
        return True
    if candidate.upn and person.upn == candidate.upn:
        return True
    first_key = name_key(candidate.first_name)
    same_first = bool(first_key) and person.first_name_key == first_key
    surname = candidate.last_name.strip()
    last_key = name_key(surname)
    names: list[Person | PreviousName] = [person, *person.previous_names.all()]
    same_surname = bool(surname) and any(
        (bool(last_key) and row.last_name_key == last_key)
        or row.last_name.casefold() == surname.casefold()
        for row in names
    )
    born = candidate.date_of_birth is not None and candidate.date_of_birth in {
        person.date_of_birth,
        person.expected_date_of_birth,
    }
    if same_surname and (same_first or born):
        return True
    address = person.household.address if person.household else None
    same_address = (
        address is not None
        and bool(candidate.postcode)
        and address.postcode == normalise_postcode(candidate.postcode)
        and same_line(address.line_1) == same_line(candidate.address_line_1)
    )
    return same_first and born and same_address


@dataclass(frozen=True)
class IndexRow:
    """What the pair search reads of each current record."""

    pk: int
    first_key: str
    last_key: str
    born: date | None
    address: tuple[str, str] | None


def index_rows() -> Iterator[IndexRow]:
    """Every current record with a first-name key, in one query."""
    rows = (
        Person.objects.current()
        .exclude(first_name_key="")
        .values_list(
            "pk",
            "first_name_key",
            "last_name_key",
            "date_of_birth",
            "expected_date_of_birth",
            "household__address__postcode",
            "household__address__line_1",
        )
        .order_by()
    )
    for pk, first_key, last_key, born, expected, postcode, line_1 in rows.iterator(chunk_size=5000):
        address = (postcode, same_line(line_1)) if postcode and line_1 else None
        yield IndexRow(pk, first_key, last_key, born or expected, address)


def find_pairs(
    rows: Iterable[IndexRow], *, step: Callable[[], None] | None = None
) -> set[tuple[int, int]]:
    """The pairs of records (lower id first) that the pair rule finds among `rows`: the same
    first-name key and two of surname key, date of birth and address. Set-based: each record is
    put in three buckets; `step` is called once per record (a progress bar)."""
    buckets: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for row in rows:
        if row.last_key and row.born:
            buckets[("name+born", row.first_key, row.last_key, row.born)].append(row.pk)
        if row.last_key and row.address:
            buckets[("name+address", row.first_key, row.last_key, row.address)].append(row.pk)
        if row.born and row.address:
            buckets[("born+address", row.first_key, row.born, row.address)].append(row.pk)
        if step is not None:
            step()
    pairs: set[tuple[int, int]] = set()
    for members in buckets.values():
        if 2 <= len(members) <= LARGEST_GROUP:
            pairs.update(combinations(sorted(members), 2))
    return pairs
