"""Likely duplicate records in the demo (docs/duplicates.md), in realistic numbers.

Councils that check report a few duplicate records per thousand in a person index (a child recorded
again at the front door under a new address, an NHS number not yet known). We make about 0.4% of
the index look like a second record of someone else: a child or adult of another household is given
the same name and date of birth and no NHS number or UPN (its own family, chronology and work stay
as they were). With the pairs the rule finds by chance, that is about 0.5% of the index: 2 to 4
pairs at `small`, about 170 at `la`. A third of them were reviewed in the last month, as "not the
same person" by business support (two people who share a name and a birthday); the rest wait.

No rows are added: the counts of children and adults stay those of docs/demo.md. The stage draws
from its own random source (a copy of the build's), so the rest of the demo is as before.
"""

import random
from datetime import timedelta

from opencsc.accounts.models import Role, User
from opencsc.demo.build import Build
from opencsc.people import matching
from opencsc.people.identifiers import fold_name
from opencsc.people.models import DuplicatePair, Person

SHARE_MADE_TO_LOOK_ALIKE = 0.004
SHARE_REVIEWED = 1 / 3
NOT_SAME_REASONS = (
    "Two different children: the schools confirmed two pupils with these details.",
    "Different people: the GP practice holds a record for each.",
    "Not the same person: checked the addresses and family members with the MASH.",
)


def _source(build: Build) -> random.Random:
    """A copy of the build's random source: drawing here leaves the build's own draws alone."""
    copy = random.Random()
    copy.setstate(build.random.getstate())
    return copy


def plan_duplicates(build: Build) -> None:
    """Make about 0.4% of the planned people a second record of another household's person."""
    draw = _source(build)
    people = [
        person
        for family in build.families
        for person in (*family.adults, *family.children)
        if person.kind != Person.Kind.UNBORN
    ]
    wanted = max(3, round(len(people) * SHARE_MADE_TO_LOOK_ALIKE))
    household_of = {
        id(person): id(family)
        for family in build.families
        for person in (
            *family.adults,
            *family.children,
        )
    }
    chosen: set[int] = set()
    while len(chosen) < 2 * wanted and len(chosen) < len(people) - 1:
        original, copy = draw.sample(people, 2)
        if (
            id(original) in chosen
            or id(copy) in chosen
            or original.kind != copy.kind
            or household_of[id(original)] == household_of[id(copy)]
        ):
            continue
        chosen.update({id(original), id(copy)})
        copy.first_name, copy.last_name = original.first_name, original.last_name
        copy.first_name_key, copy.last_name_key = original.first_name_key, original.last_name_key
        copy.first_name_folded = fold_name(copy.first_name)
        copy.last_name_folded = fold_name(copy.last_name)
        copy.date_of_birth = original.date_of_birth
        copy.nhs_number, copy.upn = "", ""


def save_pairs(build: Build) -> None:
    """List the pairs the rule finds in the saved index; review a third of them."""
    draw = _source(build)
    found = sorted(matching.find_pairs(matching.index_rows()))
    if build.area > 1:
        # The pairs an earlier area listed stay as they are.
        listed = set(DuplicatePair.objects.values_list("person_a_id", "person_b_id"))
        found = [pair for pair in found if pair not in listed]
    reviewer = User.objects.filter(role=Role.BUSINESS_SUPPORT).order_by("pk").first()
    pairs = []
    draw.shuffle(found)
    reviewed = round(len(found) * SHARE_REVIEWED)
    for number, (low, high) in enumerate(found):
        found_on = build.today - timedelta(days=draw.randint(0, 60))
        pair = DuplicatePair(person_a_id=low, person_b_id=high, found_on=found_on)
        if reviewer is not None and number < reviewed:
            reviewed_on = min(build.today, found_on + timedelta(days=draw.randint(0, 10)))
            pair.outcome = DuplicatePair.Outcome.NOT_SAME
            pair.reviewed_by = reviewer
            pair.reviewed_at = build.moment(reviewed_on)
            pair.reason = draw.choice(NOT_SAME_REASONS)
        pairs.append(pair)
    build.save("likely duplicate pairs", DuplicatePair, pairs)
    build.summary.figures["likely duplicate pairs waiting"] = sum(
        1 for pair in pairs if not pair.outcome
    )
