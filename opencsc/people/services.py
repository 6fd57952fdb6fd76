"""Writes to the person index: each is one transaction with its audit and chronology rows."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.audit import services as audit
from opencsc.chronology import services as chronology
from opencsc.chronology.models import ChronologyEntry
from opencsc.core.codes import cin_code_list
from opencsc.core.forms import BIRTH, PAST_EVENT
from opencsc.people import display, entries, matching, selectors
from opencsc.people.identifiers import (
    normalise_nhs_number,
    normalise_postcode,
    normalise_upn,
    validate_nhs_number,
    validate_postcode,
    validate_upn,
)
from opencsc.people.models import (
    Address,
    Disability,
    DuplicatePair,
    Household,
    Person,
    PersonAddress,
    PreviousName,
    Relationship,
)
from opencsc.people.selectors import SearchTerms, detail_label
from opencsc.permissions import Action


@dataclass(frozen=True)
class PersonDetails:
    """What is typed about a person when their record is created."""

    kind: str
    last_name: str
    first_name: str = ""
    other_names: str = ""
    date_of_birth: date | None = None
    expected_date_of_birth: date | None = None
    sex: str = "U"
    ethnicity: str = "NOBT"
    nhs_number: str = ""
    upn: str = ""


@dataclass(frozen=True)
class AddressDetails:
    """A postal address as typed."""

    line_1: str
    postcode: str
    line_2: str = ""
    town: str = ""


def record_search(*, terms: SearchTerms, found: int, by: User, more_than: bool = False) -> None:
    """Write a search of the person index to the access log: who, the terms, how many found
    ("more than N" when the search stopped reading at N: `selectors.SEARCH_LIMIT`). Every page
    that searches the index calls it once it has counted the results."""
    permissions.require(by, Action.SEARCH_PEOPLE)
    noun = "record" if found == 1 and not more_than else "records"
    count = f"more than {found}" if more_than else str(found)
    audit.log_view(
        by=by,
        child=None,
        action=Action.SEARCH_PEOPLE,
        summary=f"Searched for {terms.describe()}: {count} {noun} found",
    )


def record_search_page(*, terms: SearchTerms, page: Page, by: User) -> None:
    """`record_search` for a page of results counted up to the search's limit."""
    paginator = page.paginator
    more_than = bool(getattr(paginator, "more_than_counted", False))
    record_search(terms=terms, found=paginator.count, by=by, more_than=more_than)


def _recording_team_id(user: User) -> int | None:
    membership = user.memberships.order_by("id").first()
    return membership.team_id if membership else None


def _new_household(address: AddressDetails) -> Household:
    saved = Address(
        line_1=address.line_1.strip(),
        line_2=address.line_2.strip(),
        town=address.town.strip(),
        postcode=normalise_postcode(address.postcode),
    )
    saved.full_clean()
    saved.save()
    return Household.objects.create(address=saved)


def _build_person(details: PersonDetails, *, by: User, household: Household | None) -> Person:
    person = Person(
        kind=details.kind,
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        other_names=details.other_names.strip(),
        date_of_birth=details.date_of_birth,
        expected_date_of_birth=details.expected_date_of_birth,
        sex=details.sex,
        ethnicity=details.ethnicity,
        nhs_number=normalise_nhs_number(details.nhs_number),
        upn=normalise_upn(details.upn),
        household=household,
        recording_team_id=_recording_team_id(by),
        created_by=by,
    )
    person.fill_search_keys()
    _check_identifiers_free(person)
    person.full_clean()
    person.save()
    return person


def _check_identifiers_free(person: Person, *, ignore: Person | None = None) -> None:
    """Refuse an NHS number or UPN that another current record already holds."""
    others = Person.objects.current().exclude(pk=person.pk)
    if ignore is not None:
        others = others.exclude(pk=ignore.pk)
    errors = {}
    if person.nhs_number and others.filter(nhs_number=person.nhs_number).exists():
        errors["nhs_number"] = "Another record already has this NHS number: search for it instead"
    if person.upn and others.filter(upn=person.upn).exists():
        errors["upn"] = "Another record already has this UPN: search for it instead"
    if errors:
        raise ValidationError(errors)


def candidate(details: PersonDetails, address: AddressDetails | None = None) -> matching.Candidate:
    """What the likely-match rules compare of a person about to be recorded."""
    return matching.Candidate(
        first_name=details.first_name,
        last_name=details.last_name,
        date_of_birth=details.date_of_birth or details.expected_date_of_birth,
        nhs_number=normalise_nhs_number(details.nhs_number),
        upn=normalise_upn(details.upn),
        postcode=address.postcode if address else "",
        address_line_1=address.line_1 if address else "",
    )


NOT_A_MATCH_REQUIRED = "Enter why none of the likely matches is this person"


@transaction.atomic
def create_person(
    *,
    details: PersonDetails,
    address: AddressDetails | None = None,
    not_a_match_reason: str = "",
    by: User,
) -> Person:
    """Create a person's record (and their household, when an address is given).

    No silent duplicates: when the likely-match rules (`people.matching`) find records of the
    whole index that may be this person, the creator must say why none of them is
    (`not_a_match_reason`); each of those pairs is then listed for review (`DuplicatePair`)."""
    permissions.require(by, Action.CREATE_PERSON)
    typed = candidate(details, address)
    # A number another record holds is refused as such (search for it), before any reason.
    _check_identifiers_free(Person(nhs_number=typed.nhs_number, upn=typed.upn))
    matches = matching.likely_matches(typed)
    reason = not_a_match_reason.strip()
    if matches and not reason:
        raise ValidationError({"not_a_match_reason": NOT_A_MATCH_REQUIRED})
    household = _new_household(address) if address is not None else None
    person = _build_person(details, by=by, household=household)
    if person.is_child:
        entries.record_created(person, on=timezone.localdate(), by=by).save()
    _record_pairs(person, matches, reason=reason)
    noun = "likely match" if len(matches) == 1 else "likely matches"
    audit.log_change(
        by=by,
        child=person,
        record=person,
        action=Action.CREATE_PERSON,
        # The reason may name people: it is kept on the pairs, never in the access log.
        summary=(
            f"Record created over {len(matches)} {noun}, confirmed as a new person with a reason"
            if matches
            else "Record created"
        ),
    )
    return person


def _record_pairs(person: Person, matches: list[Person], *, reason: str) -> None:
    """List the new record with each likely match it was created over, for review."""
    today = timezone.localdate()
    DuplicatePair.objects.bulk_create(
        [
            DuplicatePair(
                person_a_id=low,
                person_b_id=high,
                found_on=today,
                found_by=DuplicatePair.FoundBy.CREATION,
                creation_reason=reason[:500],
            )
            for low, high in (DuplicatePair.ordered(person.pk, match.pk) for match in matches)
        ],
        ignore_conflicts=True,
    )


def find_duplicate_pairs(*, step: Callable[[], None] | None = None) -> int:
    """List every pair of current records the pair rule finds (`matching.find_pairs`) that is not
    listed yet: a pair reviewed as "not the same person" is never listed again. A fixed number of
    queries whatever the size of the index; returns how many pairs were added."""
    found = matching.find_pairs(matching.index_rows(), step=step)
    known = set(DuplicatePair.objects.values_list("person_a_id", "person_b_id"))
    today = timezone.localdate()
    new = [
        DuplicatePair(person_a_id=low, person_b_id=high, found_on=today)
        for low, high in sorted(found - known)
    ]
    DuplicatePair.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
    return len(new)


def _check_relationship(kind: str, *, relative: Person, person: Person) -> None:
    if relative.pk == person.pk:
        raise ValidationError("A person cannot be related to themselves.")
    if kind == Relationship.Kind.PARENT and relative.is_child and person.kind == Person.Kind.ADULT:
        raise ValidationError("A child cannot be recorded as the parent of an adult.")
    exists = Relationship.objects.filter(kind=kind).filter(
        models.Q(from_person=relative, to_person=person)
        | models.Q(from_person=person, to_person=relative, kind=Relationship.Kind.SIBLING)
    )
    if exists.exists():
        raise ValidationError(f"{relative.full_name} is already recorded as this person's {kind}.")


@transaction.atomic
def link_relative(
    *,
    person: Person,
    relative: Person,
    kind: str,
    description: str = "",
    has_parental_responsibility: bool = False,
    same_household: bool = False,
    by: User,
) -> Relationship:
    """Record that `relative` is the parent, carer, sibling or other relation of `person`."""
    permissions.require(by, Action.ADD_RELATIONSHIP, person)
    _check_relationship(kind, relative=relative, person=person)
    relationship = Relationship(
        from_person=relative,
        to_person=person,
        kind=kind,
        description=description.strip(),
        has_parental_responsibility=has_parental_responsibility,
        created_by=by,
    )
    relationship.full_clean()
    relationship.save()
    if same_household and person.household_id and relative.household_id != person.household_id:
        relative.household_id = person.household_id
        relative.save(update_fields=["household", "updated_at"])
    label = description.strip() or relationship.get_kind_display().lower()
    for child, summary in (
        # Names as tokens: each reader of the chronology sees the relative as they may see them.
        (person, f"{display.token(relative)} recorded as {label}"),
        (relative, f"Recorded as {label} of {display.token(person)}"),
    ):
        if child.is_child:
            chronology.add_entry(
                child,
                kind=ChronologyEntry.Kind.RELATIONSHIP,
                happened_on=timezone.localdate(),
                summary=summary,
                record=relationship,
                by=by,
            )
    audit.log_change(
        by=by,
        child=person,
        record=relationship,
        action=Action.ADD_RELATIONSHIP,
        summary=f"Family member recorded as {label}",
    )
    return relationship


@transaction.atomic
def create_relative(
    *,
    person: Person,
    details: PersonDetails,
    kind: str,
    description: str = "",
    has_parental_responsibility: bool = False,
    same_household: bool = False,
    not_a_match_reason: str = "",
    by: User,
) -> Relationship:
    """Create a new person and record them as a relation of `person` (the likely-match rules
    apply as to any new record: `create_person`)."""
    permissions.require(by, Action.ADD_RELATIONSHIP, person)
    relative = create_person(details=details, not_a_match_reason=not_a_match_reason, by=by)
    return link_relative(
        person=person,
        relative=relative,
        kind=kind,
        description=description,
        has_parental_responsibility=has_parental_responsibility,
        same_household=same_household,
        by=by,
    )


def _move_relationships(*, duplicate: Person, survivor: Person) -> int:
    moved = 0
    for relationship in Relationship.objects.select_for_update().filter(
        models.Q(from_person=duplicate) | models.Q(to_person=duplicate)
    ):
        from_person = (
            survivor if relationship.from_person_id == duplicate.pk else relationship.from_person
        )
        to_person = (
            survivor if relationship.to_person_id == duplicate.pk else relationship.to_person
        )
        same_link = models.Q(from_person=from_person, to_person=to_person)
        if relationship.kind == Relationship.Kind.SIBLING:
            # A sibling link reads both ways: B sibling of A is the link A sibling of B.
            same_link |= models.Q(from_person=to_person, to_person=from_person)
        already = Relationship.objects.filter(same_link, kind=relationship.kind).exists()
        if from_person.pk == to_person.pk or already:
            # The survivor already holds this link (or it would link them to themselves): keep the
            # row on the merged-away record, where its history stays readable.
            continue
        relationship.from_person = from_person
        relationship.to_person = to_person
        relationship.save(update_fields=["from_person", "to_person", "updated_at"])
        moved += 1
    return moved


# Rows that stay with the record they describe, whatever happens to it.
_STAYS_WITH_MERGED_RECORD = {
    "merged_records",
    "relationships_from",
    "relationships_to",
    "addresses",  # moved by _move_addresses: a person has one current address
    # A likely duplicate pair is about the two records as they were found.
    "pairs_as_a",
    "pairs_as_b",
}


def _move_addresses(*, duplicate: Person, survivor: Person) -> None:
    """Give the survivor the duplicate's past addresses, and its current one only when the survivor
    lives in the duplicate's household and has no current address row of its own."""
    rows = PersonAddress.objects.filter(person=duplicate)
    keeps_current = PersonAddress.objects.filter(person=survivor, moved_out_on=None).exists()
    if keeps_current or survivor.household_id != duplicate.household_id:
        rows = rows.exclude(moved_out_on=None)
    rows.update(person=survivor, updated_at=timezone.now())


def _move_related_rows(*, duplicate: Person, survivor: Person, by: User) -> int:
    """Point every other record about the duplicate (chronology, due items...) at the survivor."""
    moved = 0
    for relation in Person._meta.related_objects:
        if relation.many_to_many or relation.get_accessor_name() in _STAYS_WITH_MERGED_RECORD:
            continue
        model = relation.related_model
        if not isinstance(model, type):
            continue
        if model._meta.app_label == "audit" or model.__name__.startswith("Historical"):
            continue  # the access log and history keep what happened to the record as it was
        if (
            model._meta.label == "casework.Allocation"
            and survivor.allocations.filter(ended_on=None).exists()
        ):
            # As casework.end_allocation does: the ended allocation's directed actions not done
            # are withdrawn with it (read through its relation: people sits below casework).
            today = timezone.localdate()
            for allocation in model._default_manager.filter(child=duplicate, ended_on=None):
                actions = allocation.actions  # type: ignore[attr-defined]
                actions.filter(done_on=None, withdrawn_on=None).update(
                    withdrawn_on=today,
                    withdrawn_by=by,
                    withdrawn_reason="Record merged into another",
                    updated_at=timezone.now(),
                )
            model._default_manager.filter(child=duplicate, ended_on=None).update(ended_on=today)
        moved += model._default_manager.filter(**{relation.field.name: duplicate}).update(
            **{relation.field.name: survivor}
        )
    return moved


def _refuse_unless_mergeable(survivor: Person, duplicate: Person) -> None:
    """Two different, unmerged records of the same kind of person; identifiers that differ mean
    two different people."""
    if survivor.pk == duplicate.pk:
        raise ValidationError("Choose two different records to merge.")
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise ValidationError("One of these records has already been merged.")
    if survivor.is_child != duplicate.is_child:
        raise ValidationError("A child's record cannot be merged with an adult's.")
    for field, label in (
        ("nhs_number", "NHS numbers"),
        ("upn", "UPNs"),
        ("date_of_birth", "dates of birth"),
    ):
        mine, theirs = getattr(survivor, field), getattr(duplicate, field)
        if mine and theirs and mine != theirs:
            raise ValidationError(
                f"These records have different {label}: they are not the same person."
            )


def _fill_gaps(survivor: Person, *, from_record: Person) -> list[str]:
    """Fill what the survivor lacks from the duplicate; returns the fields filled."""
    duplicate = from_record
    filled = []
    for field in (
        "first_name",
        "other_names",
        "date_of_birth",
        "expected_date_of_birth",
        "nhs_number",
        "upn",
        "household",
    ):
        if field == "expected_date_of_birth" and survivor.kind != Person.Kind.UNBORN:
            continue  # only an unborn child has one: a born child's record keeps its birth date
        if not getattr(survivor, field) and getattr(duplicate, field):
            setattr(survivor, field, getattr(duplicate, field))
            filled.append(field)
    if survivor.sex == "U" and duplicate.sex != "U":
        survivor.sex = duplicate.sex
        filled.append("sex")
    if survivor.ethnicity == "NOBT" and duplicate.ethnicity != "NOBT":
        survivor.ethnicity = duplicate.ethnicity
        filled.append("ethnicity")
    if survivor.kind == Person.Kind.UNBORN and duplicate.kind == Person.Kind.CHILD:
        survivor.kind, survivor.expected_date_of_birth = Person.Kind.CHILD, None
        filled.append("kind")
    return filled


ALREADY_REVIEWED = "This pair has already been reviewed: each pair is reviewed once."


def _lock_waiting_pair(pair: DuplicatePair) -> DuplicatePair:
    """The pair, locked until the review is saved; refused when it was reviewed already (by
    someone else a moment ago, or a form sent twice)."""
    locked = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if locked.is_reviewed:
        raise ValidationError(ALREADY_REVIEWED)
    return locked


def _answer(pair: DuplicatePair, *, outcome: str, reason: str, by: User) -> DuplicatePair:
    pair.outcome, pair.reason = outcome, reason.strip()[:500]
    pair.reviewed_at, pair.reviewed_by = timezone.now(), by
    pair.full_clean()
    pair.save()
    return pair


def _require_may_review(by: User, pair: DuplicatePair) -> None:
    if not selectors.may_review(by, pair):
        raise PermissionDenied("You cannot review this pair of records.")


@transaction.atomic
def mark_not_the_same_person(*, pair: DuplicatePair, reason: str, by: User) -> DuplicatePair:
    """Review a likely duplicate pair as two different people: the pair is never listed again."""
    permissions.require(by, Action.REVIEW_DUPLICATES)
    _require_may_review(by, pair)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why these are two different people"})
    pair = _answer(
        _lock_waiting_pair(pair), outcome=DuplicatePair.Outcome.NOT_SAME, reason=reason, by=by
    )
    people = {person.pk: person for person in (pair.person_a, pair.person_b)}
    for person, other in ((pair.person_a, pair.person_b), (pair.person_b, pair.person_a)):
        audit.log_change(
            by=by,
            child=people[person.pk],
            record=pair,
            action=Action.REVIEW_DUPLICATES,
            summary=f"Reviewed with record {other.la_child_id}: not the same person",
        )
    return pair


@transaction.atomic
def merge_people(
    *,
    survivor: Person,
    duplicate: Person,
    reason: str,
    by: User,
    pair: DuplicatePair | None = None,
) -> Person:
    """Merge two records of the same person: the survivor keeps everything from both; the duplicate
    redirects to it. Identifiers that differ mean two different people, so the merge is refused.

    From a likely duplicate pair's review (`pair`), the reviewer need not open either record: they
    may review the pair (`selectors.may_review`) and saw what its page shows. The pair, and any
    pair of the same two records waiting for review, is recorded as merged."""
    if pair is None:
        permissions.require(by, Action.MERGE_PEOPLE, survivor)
        permissions.require(by, Action.MERGE_PEOPLE, duplicate)
    else:
        permissions.require(by, Action.REVIEW_DUPLICATES)
        _require_may_review(by, pair)
        if {pair.person_a_id, pair.person_b_id} != {survivor.pk, duplicate.pk}:
            raise ValidationError("Choose which of this pair's two records to keep.")
        pair = _lock_waiting_pair(pair)
    # Both records in one statement, in order of id: two merges of the same pair in opposite
    # directions queue (the second is told the record was merged) instead of deadlocking.
    locked = {
        person.pk: person
        for person in Person.objects.select_for_update()
        .filter(pk__in=[survivor.pk, duplicate.pk])
        .order_by("pk")
    }
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    if not reason.strip():
        raise ValidationError({"reason": "Enter why these records are the same person"})
    _refuse_unless_mergeable(survivor, duplicate)
    filled = _fill_gaps(survivor, from_record=duplicate)
    survivor.is_restricted = survivor.is_restricted or duplicate.is_restricted
    survivor.fill_search_keys()

    # Free the identifiers first: the unique constraints allow one current record per number.
    duplicate.nhs_number, duplicate.upn, duplicate.merged_into = "", "", survivor
    duplicate.save(update_fields=["nhs_number", "upn", "merged_into", "updated_at"])
    survivor.full_clean()
    survivor.save()
    survivor.named_staff.add(*duplicate.named_staff.all())

    _move_relationships(duplicate=duplicate, survivor=survivor)
    try:
        with transaction.atomic():
            _move_related_rows(duplicate=duplicate, survivor=survivor, by=by)
            _move_addresses(duplicate=duplicate, survivor=survivor)
    except IntegrityError:
        # A row a person may have only one of (an open episode, a current plan) on both records:
        # the whole merge is undone, and the manager is told what to do first.
        raise ValidationError(
            "Both records have work that a child can have only once at a time (for example an "
            "open episode each): close one of them before merging. Nothing was changed."
        ) from None

    summary = f"Record {duplicate.la_child_id} merged into this record: {reason.strip()}"
    if survivor.is_child:
        chronology.add_entry(
            survivor,
            kind=ChronologyEntry.Kind.MERGED,
            happened_on=timezone.localdate(),
            summary=summary,
            record=duplicate,
            by=by,
        )
    audit.log_change(
        by=by, child=survivor, record=survivor, action=Action.MERGE_PEOPLE, summary=summary
    )
    audit.log_change(
        by=by,
        child=duplicate,
        record=duplicate,
        action=Action.MERGE_PEOPLE,
        summary=f"Merged into {survivor.la_child_id}"
        + (f"; filled {', '.join(filled)}" if filled else ""),
    )
    low, high = DuplicatePair.ordered(survivor.pk, duplicate.pk)
    waiting = DuplicatePair.objects.select_for_update().filter(
        person_a_id=low, person_b_id=high, outcome=DuplicatePair.Outcome.WAITING
    )
    for answered in [pair] if pair is not None else list(waiting):
        _answer(answered, outcome=DuplicatePair.Outcome.MERGED, reason=reason, by=by)
    return survivor


@transaction.atomic
def set_restriction(
    *, person: Person, is_restricted: bool, named_staff: list[User], reason: str, by: User
) -> Person:
    """Restrict a record to named staff (or lift the restriction); the manager who restricts it is
    always named. Only whoever holds the record may (`Action.RESTRICT_RECORD`, scope
    `HOLDS_RECORD`). Pages call it through `casework.services.restrict_record`, which also alerts
    the heads of service when the child's referral is open."""
    permissions.require(by, Action.RESTRICT_RECORD, person)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why access to this record is changing"})
    person = Person.objects.select_for_update().get(pk=person.pk)
    staff = {user.pk: user for user in named_staff if user.is_active}
    if is_restricted:
        staff.setdefault(by.pk, by)
    person.is_restricted = is_restricted
    person.save(update_fields=["is_restricted", "updated_at"])
    person.named_staff.set(staff.values() if is_restricted else [])
    names = ", ".join(sorted(user.username for user in staff.values()))
    summary = (
        f"Restricted to {names}: {reason.strip()}"
        if is_restricted
        else f"Restriction lifted: {reason.strip()}"
    )
    audit.log_change(
        by=by, child=person, record=person, action=Action.RESTRICT_RECORD, summary=summary
    )
    return person


@transaction.atomic
def set_disabilities(*, child: Person, codes: list[str], by: User) -> Person:
    """Record a child's disabilities (CIN census codes), replacing what was recorded: "No
    disability" stands alone and no code is given twice (CIN census 8790, 8794)."""
    permissions.require(by, Action.SET_DISABILITIES, child)
    if not child.is_child:
        raise ValidationError("Disabilities are recorded for children.")
    known = cin_code_list("disability")
    if not codes:
        raise ValidationError({"codes": "Choose the child's disabilities, or “No disability”"})
    if any(code not in known for code in codes):
        raise ValidationError({"codes": "Choose disabilities from the list"})
    if len(set(codes)) != len(codes):
        raise ValidationError({"codes": "Choose each disability once"})
    if Disability.NONE in codes and len(codes) > 1:
        raise ValidationError({"codes": "“No disability” cannot be chosen with a disability"})
    child = Person.objects.select_for_update().get(pk=child.pk)
    before = set(child.disabilities.values_list("code", flat=True))
    child.disabilities.exclude(code__in=codes).delete()
    Disability.objects.bulk_create(
        Disability(person=child, code=code, recorded_by=by) for code in codes if code not in before
    )
    labels = ", ".join(known[code] for code in codes)
    if set(codes) != before:
        chronology.add_entry(
            child,
            kind=ChronologyEntry.Kind.DETAILS_CHANGED,
            happened_on=timezone.localdate(),
            summary=f"Disability recorded: {labels}",
            record=child,
            by=by,
        )
    audit.log_change(
        by=by, child=child, record=child, action=Action.SET_DISABILITIES, summary=labels
    )
    return child


# A person's details with history (issue 12, part 3; docs/people.md)

# What `change_person_details` may change, in the order the history page lists them.
EDITABLE_DETAILS: tuple[str, ...] = tuple(
    name
    for name in selectors.HISTORY_FIELDS
    if name not in {"kind", "expected_date_of_birth"}  # set when the record is made
)
# A change to who the person is: on a child with an open episode the holding manager is told
# (casework.services.change_child_details).
IDENTITY_DETAILS = frozenset({"date_of_birth", "nhs_number", "upn"})


@dataclass(frozen=True)
class ChangedDetails:
    """What `change_person_details` changed: the person as saved and the fields, in order."""

    person: Person
    fields: tuple[str, ...]

    @property
    def changes_identity(self) -> bool:
        return bool(IDENTITY_DETAILS.intersection(self.fields))


def _in_a_sentence(field_name: str) -> str:
    """A detail's label inside a sentence: "date of birth", "NHS number", "UPN"."""
    if field_name == "upn":
        return "UPN"
    label = detail_label(field_name)
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def _check_urn(urn: str) -> None:
    if not (urn.isascii() and urn.isdigit() and len(urn) == 6):
        raise ValidationError("Enter a school URN of 6 digits, like 100000")


def _normalised(field_name: str, value: object) -> object:
    """A typed value in the form the record keeps it, refused when it is not a valid one."""
    if field_name == "nhs_number" and isinstance(value, str) and value.strip():
        validate_nhs_number(value)
        return normalise_nhs_number(value)
    if field_name == "upn" and isinstance(value, str) and value.strip():
        validate_upn(value)
        return normalise_upn(value)
    if field_name == "school_urn" and isinstance(value, str) and value.strip():
        _check_urn(value.strip())
    if field_name == "date_of_birth" and isinstance(value, date):
        BIRTH.check(value, label="Date of birth")
    return value.strip() if isinstance(value, str) else value


def _check_age_fits_kind(person: Person) -> None:
    born, today = person.date_of_birth, timezone.localdate()
    age = person.age_on(today) if born else None
    if person.kind == Person.Kind.CHILD and age is not None and age >= 18:
        raise ValidationError(
            {"date_of_birth": "A child must be under 18: check the date of birth"}
        )
    if person.kind == Person.Kind.ADULT and age is not None and age < 18:
        raise ValidationError({"date_of_birth": "An adult must be 18 or over"})
    if person.kind == Person.Kind.UNBORN and born is not None:
        raise ValidationError({"date_of_birth": "An unborn child has no date of birth yet"})


def _normalise_all(changes: dict[str, object]) -> dict[str, object]:
    unknown = sorted(set(changes) - set(EDITABLE_DETAILS))
    if unknown:
        raise ValueError(f"Not a detail that can be changed here: {', '.join(unknown)}")
    errors: dict[str, list[str]] = {}
    normalised: dict[str, object] = {}
    for field_name, value in changes.items():
        try:
            normalised[field_name] = _normalised(field_name, value)
        except ValidationError as error:
            errors[field_name] = error.messages
    if errors:
        raise ValidationError(errors)
    return normalised


@transaction.atomic
def change_person_details(
    *, person: Person, changes: dict[str, object], reason: str, by: User
) -> ChangedDetails:
    """Change a person's details: one transaction, audited, each change kept in the record's
    history with who, when and why; a changed name is kept as a previous name. Nothing is saved
    when any value is refused. A child's chronology says which details changed (never the
    values)."""
    permissions.require(by, Action.EDIT_PERSON, person)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the details are changing"})
    normalised = _normalise_all(changes)
    person = Person.objects.select_for_update().get(pk=person.pk)
    changed = tuple(
        name
        for name in EDITABLE_DETAILS
        if name in normalised and normalised[name] != getattr(person, name)
    )
    if not changed:
        raise ValidationError("Nothing has changed: change a detail, or go back to the record")
    today = timezone.localdate()
    if {"first_name", "last_name"} & set(changed):
        previous = PreviousName(
            person=person,
            first_name=person.first_name,
            last_name=person.last_name,
            used_until=today,
            reason=reason.strip()[:100],
            recorded_by=by,
        )
        previous.fill_search_keys()
        previous.save()
    for name in changed:
        setattr(person, name, normalised[name])
    person.fill_search_keys()
    _check_age_fits_kind(person)
    _check_identifiers_free(person)
    person.full_clean()
    # Who and why, for the record's history (django-simple-history reads these).
    person._change_reason = reason.strip()[:100]  # type: ignore[attr-defined]
    person._history_user = by  # type: ignore[attr-defined]
    person.save()
    labels = ", ".join(_in_a_sentence(name) for name in changed)
    if person.is_child:
        chronology.add_entry(
            person,
            kind=ChronologyEntry.Kind.DETAILS_CHANGED,
            happened_on=today,
            summary=f"Details changed ({labels}): {reason.strip()}",
            record=person,
            by=by,
        )
    audit.log_change(
        by=by,
        child=person,
        record=person,
        action=Action.EDIT_PERSON,
        summary=f"Changed {labels}: {reason.strip()}",
    )
    return ChangedDetails(person=person, fields=changed)


def _current_address_row(person: Person, *, since: date | None) -> PersonAddress | None:
    """The person's current address row, locked; a record made before addresses had dates gets
    one for its household's address (moved in: not known)."""
    current = PersonAddress.objects.select_for_update().filter(person=person, moved_out_on=None)
    row = current.first()
    if row is None and person.household_id is not None:
        household = Household.objects.get(pk=person.household_id)
        row = PersonAddress.objects.create(
            person=person, address_id=household.address_id, moved_in_on=since
        )
    return row


def _refuse_bad_move(person: Person, row: PersonAddress | None, moved_on: date) -> None:
    PAST_EVENT.check(moved_on, label="The date of the move")
    if person.date_of_birth and moved_on < person.date_of_birth:
        raise ValidationError({"moved_on": "The date of the move must be after the birth"})
    if row is not None and row.moved_in_on and moved_on < row.moved_in_on:
        raise ValidationError(
            {
                "moved_on": "The date of the move must be on or after "
                f"{row.moved_in_on:%-d %B %Y}, when the current address began"
            }
        )


def _move_one(person: Person, *, to: Household, moved_on: date, by: User) -> None:
    row = _current_address_row(person, since=None)
    _refuse_bad_move(person, row, moved_on)
    if row is not None:
        row.moved_out_on = moved_on
        row.full_clean()
        row.save(update_fields=["moved_out_on", "updated_at"])
    PersonAddress.objects.create(
        person=person, address=to.address, moved_in_on=moved_on, recorded_by=by
    )
    person.household = to
    person._change_reason = "Moved address"  # type: ignore[attr-defined]
    person._history_user = by  # type: ignore[attr-defined]
    person.save(update_fields=["household", "updated_at"])


@transaction.atomic
def record_move(
    *,
    person: Person,
    address: AddressDetails,
    moved_on: date,
    with_household: bool = False,
    by: User,
) -> PersonAddress:
    """Record that a person moved to a new address on `moved_on`: the old address is kept with
    its dates (moved in, moved out) and the new one starts that day.

    `Person.household` still means "lives with": the person moves to a new household at the new
    address, alone (they left the people they lived with) or, `with_household`, together with
    everyone in their household (the family moved). The old household keeps its address and any
    members who stayed (docs/people.md)."""
    permissions.require(by, Action.EDIT_PERSON, person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    try:
        validate_postcode(address.postcode)
    except ValidationError as error:
        raise ValidationError({"postcode": error.messages}) from None
    if not address.line_1.strip():
        raise ValidationError({"address_line_1": "Enter the first line of the address"})
    movers = [person]
    if with_household and person.household_id is not None:
        movers += list(
            Person.objects.select_for_update()
            .current()
            .filter(household_id=person.household_id)
            .exclude(pk=person.pk)
            .order_by("pk")
        )
    household = _new_household(address)
    for mover in movers:
        _move_one(mover, to=household, moved_on=moved_on, by=by)
    for mover in movers:
        if mover.is_child:
            chronology.add_entry(
                mover,
                kind=ChronologyEntry.Kind.DETAILS_CHANGED,
                happened_on=moved_on,
                summary="Moved to a new address"
                + (" with their household" if len(movers) > 1 else ""),
                record=mover,
                by=by,
            )
        audit.log_change(
            by=by,
            child=mover,
            record=mover,
            action=Action.EDIT_PERSON,
            summary=f"Moved address on {moved_on.isoformat()}",
        )
    return PersonAddress.objects.get(person=person, moved_out_on=None)
