"""How a person appears to the member of staff looking at the page (docs/permissions.md, "How a
person is shown").

Every page, list, summary, chronology line, export and email prints a person through this module:

- a restricted record is shown in full (name, date of birth, record number, a link) only to the
  staff named on it; anyone else sees "Restricted record", with no name, no date of birth, no
  record number, no link and no id in any URL;
- any other person is shown in full; the link to their record is left out where the caller knows
  the viewer may not open it (a family panel, a list of other teams' cases).

Which restricted records name the viewer is read at most once per request, when the first person
is shown: the answer is kept on the viewer's user object (a fresh one every request). Text stored
for later (due items, chronology lines) never embeds a name: it names a person with a
`{person:<id>}` token that `render_tokens` fills per viewer.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse

from opencsc.people.models import Person

RESTRICTED = "Restricted record"

_CACHE = "_opencsc_named_restricted_ids"
_TOKEN = re.compile(r"\{person:(\d+)\}")


@dataclass(frozen=True)
class ShownPerson:
    """A person as one viewer may see them. Hidden: everything but `name` ("Restricted record")
    is empty."""

    name: str
    date_of_birth: date | None
    expected_date_of_birth: date | None
    number: str
    url: str
    is_hidden: bool

    def __str__(self) -> str:
        return self.name


HIDDEN = ShownPerson(
    name=RESTRICTED,
    date_of_birth=None,
    expected_date_of_birth=None,
    number="",
    url="",
    is_hidden=True,
)


def named_restricted_ids(viewer: Any) -> frozenset[int]:
    """The restricted records that name `viewer` (one query, then kept on the user object)."""
    if viewer is None or not getattr(viewer, "is_authenticated", False) or viewer.pk is None:
        return frozenset()
    cached = getattr(viewer, _CACHE, None)
    if cached is None:
        cached = frozenset(
            Person.named_staff.through.objects.filter(user_id=viewer.pk).values_list(
                "person_id", flat=True
            )
        )
        setattr(viewer, _CACHE, cached)
    return cached


def forget(viewer: Any) -> None:
    """Drop what `named_restricted_ids` kept (after the viewer's own restriction changed)."""
    if viewer is not None and hasattr(viewer, _CACHE):
        delattr(viewer, _CACHE)


def is_hidden(viewer: Any, person: Person) -> bool:
    """Whether `person` is a restricted record `viewer` is not named on."""
    # Read the viewer's restricted records whether or not this person is one, so that a page
    # costs the same number of queries whichever records it happens to show.
    named = named_restricted_ids(viewer)
    return person.is_restricted and person.pk not in named


def shown_person(viewer: Any, person: Person, *, link: bool = True) -> ShownPerson:
    """How `person` appears to `viewer`; `link=False` when the viewer may not open the record."""
    if is_hidden(viewer, person):
        return HIDDEN
    return ShownPerson(
        name=person.full_name,
        date_of_birth=person.date_of_birth,
        expected_date_of_birth=person.expected_date_of_birth,
        number=person.la_child_id,
        url=reverse("record:child", args=[person.pk]) if link else "",
        is_hidden=False,
    )


def shown_people(
    viewer: Any, people: Iterable[Person], *, openable_ids: Iterable[int] | None = None
) -> list[ShownPerson]:
    """`shown_person` for a list (one query at most, whatever its length); when `openable_ids`
    is given, only those people get a link."""
    openable = None if openable_ids is None else set(openable_ids)
    return [
        shown_person(viewer, person, link=openable is None or person.pk in openable)
        for person in people
    ]


def name_of(viewer: Any, person: Person | None, *, missing: str = "") -> str:
    """The name `viewer` may see, for text built in Python (messages, labels, emails)."""
    if person is None:
        return missing
    return shown_person(viewer, person, link=False).name


def token(person: Person) -> str:
    """How stored text names a person: filled in per viewer by `render_tokens`."""
    return f"{{person:{person.pk}}}"


def tokens_in(texts: Iterable[str]) -> set[int]:
    return {int(found) for text in texts for found in _TOKEN.findall(text)}


def people_for_tokens(
    texts: Iterable[str], *, known: Iterable[Person] = (), always_query: bool = False
) -> dict[int, Person]:
    """The people named by tokens in `texts`: those of `known` (already loaded, such as a record's
    relatives), and the others in one query (none when every token is known, unless
    `always_query`: a page whose query count must not depend on its rows)."""
    people = {person.pk: person for person in known}
    missing = tokens_in(texts) - set(people)
    if missing or always_query:
        people.update((person.pk, person) for person in Person.objects.filter(pk__in=missing))
    return people


def render_tokens(viewer: Any, text: str, people: dict[int, Person]) -> str:
    """`text` with each `{person:<id>}` replaced by the name `viewer` may see."""

    def one(match: re.Match[str]) -> str:
        person = people.get(int(match.group(1)))
        return RESTRICTED if person is None else name_of(viewer, person)

    return _TOKEN.sub(one, text)


def render_all(viewer: Any, texts: Sequence[str]) -> list[str]:
    """`render_tokens` for many texts, loading their people in one query."""
    people = people_for_tokens(texts)
    return [render_tokens(viewer, text, people) for text in texts]


def list_names(names: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def postcode_district(viewer: Any, person: Person) -> str:
    """The outward part of the person's postcode (N18 of N18 2AB), enough to recognise them
    without their address; "" when unknown or the record is hidden from `viewer`. Reads the
    person's household address (select it with the person)."""
    if is_hidden(viewer, person) or person.household is None:
        return ""
    return person.household.address.postcode.split(" ")[0]
