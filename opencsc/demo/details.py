"""The demo's history of people's details: past addresses (a household that moved keeps the old
address with its dates) and previous names (docs/people.md, "The demo").

Drawn after every other stage, so adding it changed no seed's earlier rows. The shares are
assumptions for a London borough, not published figures: about 1 family in 7 known to children's
social care moved home in the last three years (private renting and temporary accommodation move
families often; the English Housing Survey puts private renters' moves at about 1 in 6 a year,
social renters' far fewer), and about 1 child in 40 is known by an earlier surname (a parent's
new partner, adoption of a stepfamily name, a deed poll)."""

from datetime import date, timedelta

from opencsc.demo.build import Build
from opencsc.demo.vocabulary import INWARD_LETTERS
from opencsc.people.models import Address, Person, PersonAddress, PreviousName

MOVED_SHARE = 0.15
MOVED_WITHIN_DAYS = (30, 3 * 365)
PREVIOUS_NAME_SHARE = 0.025
NAME_CHANGE_REASONS = (
    "Took stepfather's surname",
    "Change of name by deed poll",
    "Mother's surname after separation",
    "Spelling corrected from birth certificate",
)


def _earlier_address(build: Build, current: Address) -> Address:
    """A plausible earlier address: another street in the same postcode district."""
    outward = current.postcode.split(" ")[0]
    inward = f"{build.random.randint(0, 9)}{''.join(build.random.choices(INWARD_LETTERS, k=2))}"
    return Address(
        line_1=f"{build.random.randint(1, 240)} {build.fake.last_name()} Road",
        town="London",
        postcode=f"{outward} {inward}",
    )


def add_details_history(build: Build) -> None:
    """Past addresses for the families that moved (every member moved together) and previous
    names for a few children, in bulk."""
    moves: list[tuple[list[Person], Address, Address, date]] = []
    names: list[PreviousName] = []
    for family in build.families:
        members = [*family.adults, *family.children]
        if build.random.random() < MOVED_SHARE:
            moved_on = build.days_ago(*MOVED_WITHIN_DAYS)
            current = family.household.address
            moves.append((members, _earlier_address(build, current), current, moved_on))
        for child in family.children:
            if child.kind != Person.Kind.CHILD or build.random.random() >= PREVIOUS_NAME_SHARE:
                continue
            born = child.date_of_birth or build.today
            until = born + timedelta(days=build.random.randint(0, (build.today - born).days))
            names.append(
                PreviousName(
                    person=child,
                    first_name=child.first_name,
                    last_name=build.fake.last_name(),
                    used_from=born,
                    used_until=until,
                    reason=build.random.choice(NAME_CHANGE_REASONS),
                )
            )
    old_addresses = build.save("addresses (earlier)", Address, [old for _, old, _, _ in moves])
    rows: list[PersonAddress] = []
    for (members, _, current, moved_on), old in zip(moves, old_addresses, strict=True):
        for person in members:
            if person.kind == Person.Kind.UNBORN:
                continue  # not born yet: the record's address is the household's
            birth = person.date_of_birth
            if birth is not None and birth > moved_on:
                # Born after the move: lived only at the new address.
                rows.append(PersonAddress(person=person, address=current, moved_in_on=birth))
                continue
            rows.append(PersonAddress(person=person, address=old, moved_out_on=moved_on))
            rows.append(PersonAddress(person=person, address=current, moved_in_on=moved_on))
    build.save("person addresses", PersonAddress, rows)
    for name in names:
        name.fill_search_keys()
    build.save("previous names", PreviousName, names)
