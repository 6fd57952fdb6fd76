"""Reads of the person index: search, likely matches, family and the child's record."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Case,
    F,
    Field,
    IntegerField,
    Model,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Least

from opencsc import permissions
from opencsc.accounts.models import Role, User
from opencsc.people import display
from opencsc.people.identifiers import (
    fold_name,
    name_key,
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    postcode_district,
    prefix_range,
)
from opencsc.people.involvement import Involvement, involvements
from opencsc.people.models import DuplicatePair, Person, PersonAddress, PreviousName, Relationship
from opencsc.permissions import Action


@dataclass(frozen=True)
class SearchTerms:
    """What a user searched for; any one is enough."""

    name: str = ""
    date_of_birth: date | None = None
    nhs_number: str = ""
    upn: str = ""
    postcode: str = ""

    def is_empty(self) -> bool:
        return not (
            self.name.strip() or self.date_of_birth or self.nhs_number or self.upn or self.postcode
        )

    def too_few(self) -> str:
        """Why these terms are too few to search the index by ('' when they are enough): an NHS
        number or UPN alone; otherwise a surname of at least 2 letters with a first name or
        initial, a date of birth or a postcode (or a date of birth with a postcode). Anything
        less (".", one letter, a surname alone) would list a slice of the index, not find a
        person."""
        if self.nhs_number or self.upn:
            return ""
        tokens = _name_tokens(self.name)
        surname = any(_letters(token) >= 2 for token in tokens)
        if self.name.strip() and not surname:
            return SURNAME_TOO_SHORT
        others = len(tokens) - 1 if surname else 0
        others += bool(self.date_of_birth) + bool(self.postcode)
        if surname and others >= 1:
            return ""
        if self.date_of_birth and self.postcode:
            return ""
        return TOO_FEW_TERMS

    def describe(self) -> str:
        """The terms in words, for the access log."""
        parts = [
            f"name {self.name.strip()!r}" if self.name.strip() else "",
            f"date of birth {self.date_of_birth.isoformat()}" if self.date_of_birth else "",
            f"NHS number {self.nhs_number}" if self.nhs_number else "",
            f"UPN {self.upn}" if self.upn else "",
            f"postcode {self.postcode}" if self.postcode else "",
        ]
        return ", ".join(part for part in parts if part)


SURNAME_TOO_SHORT = "Enter a surname of at least 2 letters"
TOO_FEW_TERMS = (
    "Enter a surname with a first name or initial, a date of birth or a postcode, "
    "or search by NHS number or UPN"
)


def _letters(token: str) -> int:
    return sum(character.isalpha() for character in token)


def _name_tokens(name: str) -> list[str]:
    """The words of a typed name that contain a letter ("." and "-" are not names)."""
    tokens = [token.strip(".,") for token in name.split()]
    return [token for token in tokens if _letters(token)]


def _name_condition(name: str) -> Q:
    """Match names by spelling variants (sound-alike keys), the start of a name, and initials."""
    tokens = _name_tokens(name)
    if not tokens:
        return Q()

    def one(token: str, field_name: str) -> list[Q]:
        """The ways `token` matches the name in `field_name`, each one an index can answer."""
        start, end = prefix_range(fold_name(token))
        ways = [Q(**{f"{field_name}_folded__gte": start, f"{field_name}_folded__lt": end})]
        if len(token) > 1 and name_key(token):
            ways.append(Q(**{f"{field_name}_key": name_key(token)}))
        return ways

    def either(ways: list[Q]) -> Q:
        condition = Q()
        for way in ways:
            condition |= way
        return condition

    if len(tokens) == 1:
        return either(one(tokens[0], "last_name") + one(tokens[0], "first_name"))
    first, last = tokens[0], tokens[-1]
    # Every pairing of a way the surname matches with a way the first name does, as its own
    # alternative (a sum of products): each then holds a condition an index answers narrowly
    # (SQLite's planner takes one index for each alternative; "J" alone would scan every J).
    forwards = [
        surname & first_name
        for surname in one(last, "last_name")
        for first_name in one(first, "first_name")
    ]
    backwards = [
        surname & first_name
        for surname in one(first, "last_name")
        for first_name in one(last, "first_name")
    ]
    return either(forwards + backwards)


# How close a typed word is to a name (lower is closer): the same name (accents and case aside),
# a name starting with it, a sound-alike name, or none of these (`_MISSED`: a person found by a
# name they were known by before, whose current name is further than any sound-alike).
_SAME, _STARTS, _SOUNDS, _MISSED = 0, 1, 2, 9


def _closeness(token: str, field_name: str) -> Case:
    """How close `token` is to the name in `field_name` (first_name or last_name), as the
    search matched it in `_name_condition`."""
    folded = fold_name(token)
    start, end = prefix_range(folded)
    cases = [
        When(**{f"{field_name}_folded": folded}, then=Value(_SAME)),
        When(
            **{f"{field_name}_folded__gte": start, f"{field_name}_folded__lt": end},
            then=Value(_STARTS),
        ),
    ]
    if len(token) > 1 and name_key(token):
        cases.append(When(**{f"{field_name}_key": name_key(token)}, then=Value(_SOUNDS)))
    return Case(*cases, default=Value(_MISSED), output_field=IntegerField())


def _name_rank(name: str) -> Combinable:
    """How close a person's current name is to the typed `name` (one word at least; 0: the same
    name): the closer of the name read forwards (first name then surname) and backwards. A name
    known before ranks after every current name that matched."""
    tokens = _name_tokens(name)
    if len(tokens) == 1:
        return Least(_closeness(tokens[0], "last_name"), _closeness(tokens[0], "first_name"))
    first, last = tokens[0], tokens[-1]
    forwards = _closeness(last, "last_name") + _closeness(first, "first_name")
    backwards = _closeness(first, "last_name") + _closeness(last, "first_name")
    return Least(forwards, backwards)


def _ranked(people: QuerySet[Person], terms: SearchTerms) -> QuerySet[Person]:
    """`people` closest first (`_name_rank`), then by name and date of birth. Every row matches
    the date of birth, identifiers and postcode typed (they are conditions), so only the name
    ranks."""
    by_name = ("last_name", "first_name", "date_of_birth", "id")
    if not _name_tokens(terms.name):
        return people.order_by(*by_name)
    return people.alias(name_rank=_name_rank(terms.name)).order_by("name_rank", *by_name)


# The most matches a search reads: beyond them it says there are more and asks for a date of
# birth or a postcode (a page of the closest, never a count of the whole index's matches).
SEARCH_LIMIT = 50


def _known_before_as(name: str) -> list[int]:
    """The people who were known before by a name matching `name` (as the current name is
    matched): found first, in one query, so that the search stays on the index's keys."""
    found = PreviousName.objects.filter(_name_condition(name)).values_list("person_id", flat=True)
    return sorted(set(found))


def _conditions(terms: SearchTerms) -> Q:
    condition = Q()
    if terms.name.strip():
        # A child known before by another surname is found by it (a name changed at adoption,
        # or a mother's new surname): the result says which name matched.
        condition &= _name_condition(terms.name) | Q(pk__in=_known_before_as(terms.name) or [0])
    if terms.date_of_birth:
        condition &= Q(date_of_birth=terms.date_of_birth) | Q(
            expected_date_of_birth=terms.date_of_birth
        )
    if terms.nhs_number:
        condition &= Q(nhs_number=normalise_nhs_number(terms.nhs_number))
    if terms.upn:
        condition &= Q(upn=normalise_upn(terms.upn))
    if terms.postcode:
        condition &= Q(household__address__postcode=normalise_postcode(terms.postcode))
    return condition


def search_people(*, user: User, terms: SearchTerms) -> QuerySet[Person]:
    """People `user` may open who match every term given, closest names first (`_ranked`); none
    when the terms are too few to identify anyone (`SearchTerms.too_few`)."""
    if terms.too_few():
        return Person.objects.none()
    return _ranked(
        permissions.visible_people(user)
        .current()
        .filter(_conditions(terms))
        .select_related("household__address"),
        terms,
    )


def find_people(*, user: User, terms: SearchTerms) -> QuerySet[Person]:
    """Every current person matching the terms that `user`, a member of staff, may know exists:
    every child and adult, whoever holds them (so the front door finds a child already open to a
    team), except a restricted record that does not name `user` (its holders see it through
    `restricted_matches`). None for a role that may not search (a partner agency) or when the
    terms are too few. Closest names first (`_ranked`): a page reads at most `SEARCH_LIMIT` of
    them (`found_page`). Whether the record opens is need to know: see `found_rows`."""
    if terms.too_few() or not permissions.can(user, permissions.Action.SEARCH_PEOPLE):
        return Person.objects.none()
    named = Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")
    return _ranked(
        Person.objects.current()
        .filter(_conditions(terms))
        .filter(Q(is_restricted=False) | Q(pk__in=named))
        .select_related("household__address"),
        terms,
    )


def found_person(*, user: User, pk: int) -> Person | None:
    """The person of id `pk` if `find_people` would list them for `user` (whatever the terms):
    what the MASH may put on a contact. None otherwise, as for a missing record."""
    if not permissions.can(user, permissions.Action.SEARCH_PEOPLE):
        return None
    named = Person.named_staff.through.objects.filter(user_id=user.pk).values("person_id")
    return (
        Person.objects.current()
        .filter(Q(is_restricted=False) | Q(pk__in=named), pk=pk)
        .select_related("household__address")
        .first()
    )


@dataclass(frozen=True)
class FoundPerson:
    """One search result as the page shows it: the person, whether `user` may open the record,
    whom to ask when not, their postcode district and what children's services are doing now."""

    person: Person
    may_open: bool
    involvement: Involvement
    ask: str
    # The names the person was known by before, newest first (a search may match one of them).
    known_before: tuple[str, ...] = ()

    @property
    def district(self) -> str:
        household = self.person.household
        return postcode_district(household.address.postcode) if household else ""


MASH = "the MASH"


def found_rows(people: list[Person], *, user: User) -> list[FoundPerson]:
    """A page of search results with each person's involvement flag and whether `user` may open
    their record (need to know, or a grant such as an open contact at the front door): a fixed
    number of queries whatever the page holds."""
    ids = [person.pk for person in people]
    openable = permissions.openable_among(user, ids)
    others = [pk for pk in ids if pk not in openable] or [0]  # 0: none, the same queries
    openable |= set(permissions.granted_reasons(user, others))
    flags = involvements(ids)
    known_before: dict[int, list[str]] = {}
    for name in PreviousName.objects.filter(person_id__in=ids or [0]).order_by("-used_until"):
        known_before.setdefault(name.person_id, []).append(str(name))
    display.named_restricted_ids(user)  # read once now, whatever the page shows
    rows = []
    for person in people:
        flag = flags.get(person.pk, Involvement())
        rows.append(
            FoundPerson(
                person=person,
                may_open=person.pk in openable,
                involvement=flag,
                ask=flag.team_name or MASH,
                known_before=tuple(known_before.get(person.pk, ())),
            )
        )
    return rows


def restricted_matches(*, user: User, terms: SearchTerms) -> QuerySet[Person]:
    """Restricted records matching the search that `user` answers for but may not open (the
    holding team's managers, the MASH's for an unallocated child, heads of service): listed only
    as "Restricted record" with a link to the restriction. None for anyone else, without asking
    the database (a practitioner's search reads nothing more for it)."""
    if terms.too_few() or not permissions.answers_for_restrictions(user):
        return Person.objects.none()
    return (
        permissions.held_restricted(user)
        .filter(_conditions(terms))
        .only("pk")
        .order_by("pk")[:RESTRICTED_MATCHES_SHOWN]
    )


RESTRICTED_MATCHES_SHOWN = 20


@dataclass
class Relative:
    """A person linked to the one whose record is open, with the link read from their side."""

    person: Person
    label: str
    description: str
    has_parental_responsibility: bool
    may_open: bool = True


@dataclass
class PersonRecord:
    """Everything the person's record page shows apart from the paginated chronology."""

    person: Person
    relatives: list[Relative] = field(default_factory=list)
    household: list[Person] = field(default_factory=list)
    openable_ids: set[int] = field(default_factory=set)

    def people(self) -> list[Person]:
        """The person, their relatives and the rest of their household, as loaded."""
        return [
            self.person,
            *(relative.person for relative in self.relatives),
            *self.household,
        ]


_INVERSE = {
    Relationship.Kind.PARENT: "Child",
    Relationship.Kind.CARER: "Cared for",
    Relationship.Kind.SIBLING: "Sibling",
    Relationship.Kind.OTHER: "Other",
}


def person_record(person: Person, *, viewer: User) -> PersonRecord:
    """A person's family and household, in a fixed number of queries; each relative and household
    member says whether `viewer` may open their record (the panels link only those)."""
    record = PersonRecord(person=person)
    links = Relationship.objects.filter(Q(from_person=person) | Q(to_person=person)).select_related(
        "from_person", "to_person"
    )
    for link in links.order_by("kind", "id"):
        if link.to_person_id == person.pk:
            other, label = link.from_person, link.get_kind_display()
        else:
            other, label = link.to_person, _INVERSE[Relationship.Kind(link.kind)]
        record.relatives.append(
            Relative(other, label, link.description, link.has_parental_responsibility)
        )
    if person.household_id:
        record.household = list(
            Person.objects.current()
            .filter(household_id=person.household_id)
            .exclude(pk=person.pk)
            .order_by("date_of_birth")
        )
    # The person themself too, so that the query runs (and counts the same) with no relatives.
    others = {person.pk, *(relative.person.pk for relative in record.relatives)} | {
        member.pk for member in record.household
    }
    record.openable_ids = permissions.openable_among(viewer, others) - {person.pk}
    # A relative the viewer may open for a reason beyond need to know (an open contact).
    record.openable_ids |= set(
        permissions.granted_reasons(
            viewer, sorted(others - record.openable_ids - {person.pk}) or [0]
        )
    )
    for relative in record.relatives:
        relative.may_open = relative.person.pk in record.openable_ids
    return record


def alerts_for(record: PersonRecord, *, overdue_count: int, today: date) -> list[str]:
    """Warnings shown at the top of a child's record."""
    person = record.person
    alerts = []
    if person.is_restricted:
        alerts.append("Restricted record: only named staff can open it. Do not share its details.")
    if overdue_count:
        alerts.append(
            f"{overdue_count} overdue {'item' if overdue_count == 1 else 'items'} of work."
        )
    if (
        person.kind == Person.Kind.UNBORN
        and person.expected_date_of_birth
        and person.expected_date_of_birth < today
    ):
        alerts.append("The expected date of birth has passed: record the birth.")
    if person.kind == Person.Kind.CHILD and not person.nhs_number:
        alerts.append("No NHS number recorded.")
    if person.is_child and not any(r.has_parental_responsibility for r in record.relatives):
        alerts.append("No one with parental responsibility recorded.")
    return alerts


def merged_records(person: Person) -> QuerySet[Person]:
    """Records merged into this one."""
    return Person.objects.filter(merged_into=person).only("id", "first_name", "last_name", "kind")


def record_facts(pk: int) -> tuple[str, int | None] | None:
    """A person record's kind and the record it was merged into (None when it was not), in one
    query; None when there is no such record."""
    row = Person.objects.filter(pk=pk).values_list("kind", "merged_into").first()
    return (row[0], row[1]) if row else None


def survivor_of(pk: int) -> int | None:
    """The record a merged-away record now points to (following chains of merges), or None."""
    seen: set[int] = set()
    current: int | None = pk
    survivor: int | None = None
    while current is not None and current not in seen:
        seen.add(current)
        current = Person.objects.filter(pk=current).values_list("merged_into", flat=True).first()
        if current is not None:
            survivor = current
    return survivor


# A person's details with history (issue 12, part 3)

# The details the history page compares, in its order (services.EDITABLE_DETAILS and the kind).
HISTORY_FIELDS: tuple[str, ...] = (
    "kind",
    "first_name",
    "last_name",
    "other_names",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "gender_identity",
    "ethnicity",
    "first_language",
    "needs_interpreter",
    "religion",
    "nhs_number",
    "upn",
    "immigration_status",
    "is_uasc",
    "phone",
    "email",
    "gp_practice_name",
    "gp_practice_address",
    "school_name",
    "school_urn",
)


@dataclass(frozen=True)
class DetailChange:
    """One detail changed: its label and the values before and after, in words."""

    label: str
    old: str
    new: str


@dataclass(frozen=True)
class DetailsVersion:
    """One saved version of a person's details: when, by whom, why and what changed."""

    changed_at: datetime
    changed_by: str
    reason: str
    changes: list[DetailChange]
    is_creation: bool = False


def _shown_value(field_name: str, value: object) -> str:
    if value in (None, ""):
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, date):
        return f"{value:%-d %B %Y}"
    field = Person._meta.get_field(field_name)
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, value))


def detail_label(field_name: str) -> str:
    """The words a person's detail goes by on pages and in the access log ("NHS number")."""
    field = Person._meta.get_field(field_name)
    label = str(field.verbose_name) if isinstance(field, Field) else field_name
    return label[:1].upper() + label[1:].replace("_", " ")


def details_history(person: Person) -> QuerySet[Any]:
    """Every saved version of `person`'s record, newest first, with who saved it (a page of them
    and the version before it make the page: `details_versions`)."""
    return (
        person.history.all().select_related("history_user").order_by("-history_date", "-history_id")
    )


def details_versions(versions: Sequence[Any], *, before: Any | None) -> list[DetailsVersion]:
    """The changes each version made to the details the history shows, newest first; `before`
    is the version older than the last of `versions` (None when that one created the record).
    Versions that changed none of these details (a search key, a restriction) are left out."""
    if not versions:
        return []  # bulk-loaded records (the demo) have no versions
    shown = []
    older_ones = [*list(versions)[1:], before]
    for version, older in zip(versions, older_ones, strict=True):
        user = version.history_user
        changed_by = user.display_name if user is not None else "System"
        if older is None:
            shown.append(
                DetailsVersion(version.history_date, changed_by, "Record created", [], True)
            )
            continue
        changes = [
            DetailChange(
                detail_label(name),
                _shown_value(name, getattr(older, name)),
                _shown_value(name, getattr(version, name)),
            )
            for name in HISTORY_FIELDS
            if getattr(older, name) != getattr(version, name)
        ]
        if changes:
            reason = version.history_change_reason or ""
            shown.append(DetailsVersion(version.history_date, changed_by, reason, changes))
    return shown


def address_history(person: Person) -> QuerySet[PersonAddress]:
    """Where `person` lived, the current address first, then the older ones, newest first."""
    return (
        PersonAddress.objects.filter(person=person)
        .select_related("address", "recorded_by")
        .order_by(F("moved_out_on").desc(nulls_first=True), "-moved_in_on", "-pk")
    )


def previous_names(person: Person) -> QuerySet[PreviousName]:
    """The names `person` was known by before, most recent first."""
    return PreviousName.objects.filter(person=person).select_related("recorded_by")


@dataclass(frozen=True)
class LikelyMatch:
    """A record that may be the person about to be created, as the creator may see it: openable
    (a link), or shown to recognise only (name, date of birth, postcode district, no link), or a
    restricted record not naming them (nothing but who to ask: `ask`)."""

    person: Person
    may_open: bool
    is_hidden: bool
    district: str
    ask: str


MASH_MANAGER = "the MASH manager"


def _open_allocation_rows() -> QuerySet[Any]:
    """The open allocations (read through the person's relation: people sits below casework)."""
    model = Person._meta.get_field("allocations").related_model
    if not (isinstance(model, type) and issubclass(model, Model)):
        raise LookupError("Person has no relation named 'allocations'.")
    return model._default_manager.filter(ended_on=None)


def holding_teams(ids: set[int]) -> dict[int, str]:
    """The name of the team each of these people's open case is allocated to (one query)."""
    rows = _open_allocation_rows().filter(child_id__in=ids).values_list("child_id", "team__name")
    return dict(rows)


def shown_matches(user: User, matches: list[Person]) -> list[LikelyMatch]:
    """Likely matches as `user` may see them, in two queries whatever their number: which of them
    `user` may open, and who holds the restricted ones (to say who to ask)."""
    ids = {person.pk for person in matches}
    openable = set(permissions.visible_people(user).filter(pk__in=ids).values_list("pk", flat=True))
    holders = holding_teams({person.pk for person in matches if person.is_restricted} or {0})
    shown = []
    for person in matches:
        hidden = display.is_hidden(user, person)
        shown.append(
            LikelyMatch(
                person=person,
                may_open=person.pk in openable,
                is_hidden=hidden,
                district="" if hidden else display.postcode_district(user, person),
                ask=holders.get(person.pk, MASH_MANAGER) if hidden else "",
            )
        )
    return shown


def _sees_every_pair(user: User) -> bool:
    """Business support, heads of service and the MASH's managers review pairs across the index."""
    if user.role in {Role.BUSINESS_SUPPORT, Role.HEAD_OF_SERVICE}:
        return True
    return user.role == Role.TEAM_MANAGER and permissions.is_in_mash(user)


def duplicate_pairs_for(user: User) -> QuerySet[DuplicatePair]:
    """The likely duplicate pairs `user` may list (docs/duplicates.md): every pair for business
    support, heads of service and the MASH's managers; for any other team manager the pairs with a
    record their team holds (an open case) or recorded; none for anyone else. A restricted record
    in a listed pair is shown through `people.display` ("Restricted record" unless named)."""
    if not permissions.can(user, Action.REVIEW_DUPLICATES):
        return DuplicatePair.objects.none()
    pairs = DuplicatePair.objects.all()
    if _sees_every_pair(user):
        return pairs
    teams = permissions.team_ids(user)
    held = _open_allocation_rows().filter(team_id__in=teams).values("child_id")
    return pairs.filter(
        Q(person_a__recording_team_id__in=teams)
        | Q(person_b__recording_team_id__in=teams)
        | Q(person_a_id__in=held)
        | Q(person_b_id__in=held)
    )


PAIR_RELATED = ("person_a__household__address", "person_b__household__address", "reviewed_by")


def pair_list(user: User, *, reviewed: bool = False) -> QuerySet[DuplicatePair]:
    """The pairs waiting for review (or, with `reviewed`, those reviewed, latest first) that
    `user` may list; pairs with a record merged since are left out."""
    pairs = duplicate_pairs_for(user).select_related(*PAIR_RELATED)
    if reviewed:
        return pairs.exclude(outcome=DuplicatePair.Outcome.WAITING).order_by("-reviewed_at", "-pk")
    return pairs.filter(
        outcome=DuplicatePair.Outcome.WAITING,
        person_a__merged_into__isnull=True,
        person_b__merged_into__isnull=True,
    ).order_by("found_on", "pk")


def may_review(user: User, pair: DuplicatePair) -> bool:
    """Whether `user` may review `pair`: it is in their list, and every restricted record in it
    names them (nobody else sees what a review shows; a head of service who answers for the
    restriction names themself on it first)."""
    if not duplicate_pairs_for(user).filter(pk=pair.pk).exists():
        return False
    return not any(display.is_hidden(user, person) for person in (pair.person_a, pair.person_b))
