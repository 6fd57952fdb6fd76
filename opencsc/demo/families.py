"""The demo's people: households at London addresses, parents and carers, children and unborn
children, and the disabilities recorded (`DisabilityPlanner`, part of the pathway's planner)."""

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from opencsc.accounts.models import Team
from opencsc.demo import vocabulary as words
from opencsc.demo.build import Build, Family
from opencsc.demo.pathway.base import PlannerBase
from opencsc.demo.pathway.records import (
    DISABILITIES_PER_CHILD,
    DISABLED_CHILDREN,
    NO_DISABILITY_SHARE,
    OTHER_DISABILITY_SHARE,
)
from opencsc.demo.pathway.saving import PathwaySaver
from opencsc.demo.vocabulary import (
    ADULTS_PER_FAMILY,
    CHILDREN_PER_FAMILY,
    ETHNICITY_WEIGHTS,
    INWARD_LETTERS,
    OUTWARD_CODES,
    STREET_SUFFIXES,
)
from opencsc.people.identifiers import fold_name
from opencsc.people.models import Address, Disability, Household, Person, Relationship


def plan_families(build: Build) -> None:
    """Households of parents and children with addresses, not yet saved."""
    first_female = [build.fake.first_name_female() for _ in range(2000)]
    first_male = [build.fake.first_name_male() for _ in range(2000)]
    surnames = [build.fake.last_name() for _ in range(3000)]
    first_names = first_female + first_male
    streets = [
        (
            f"{build.fake.last_name()} {build.random.choice(STREET_SUFFIXES)}",
            build.random.choice(OUTWARD_CODES),
        )
        for _ in range(build.size.street_count)
    ]
    mash = build.teams[Team.Kind.MASH][0]
    recorder = build.mash_staff[0] if build.mash_staff else None
    children_made = 0
    unborn_left = round(build.size.children * build.size.unborn_share)

    def address() -> Address:
        street, outward = build.random.choice(streets)
        number = build.random.randint(1, 240)
        inward = f"{build.random.randint(0, 9)}{''.join(build.random.choices(INWARD_LETTERS, k=2))}"
        flat = build.random.random() < 0.3
        return Address(
            line_1=f"Flat {build.random.randint(1, 24)}" if flat else f"{number} {street}",
            line_2=f"{number} {street}" if flat else "",
            town="London",
            postcode=f"{outward} {inward}",
        )

    def new_person(kind: str, first: str, last: str, sex: str, **extra: Any) -> Person:
        return Person(
            kind=kind,
            first_name=first,
            last_name=last,
            first_name_key=build.key(first),
            last_name_key=build.key(last),
            first_name_folded=fold_name(first),
            last_name_folded=fold_name(last),
            sex=sex,
            recording_team=mash,
            created_by=recorder,
            **extra,
        )

    while children_made < build.size.children:
        household = Household(address=address())
        family = Family(household=household)
        surname = build.random.choice(surnames)
        ethnicity = build.weighted(ETHNICITY_WEIGHTS)
        count = min(build.weighted(CHILDREN_PER_FAMILY), build.size.children - children_made)
        births = sorted(build.days_ago(0, 18 * 365 - 1) for _ in range(count))
        eldest = births[0]
        mother_born = eldest - timedelta(days=build.random.randint(18 * 365, 40 * 365))
        adults = build.weighted(ADULTS_PER_FAMILY)
        mother = new_person(
            Person.Kind.ADULT,
            build.random.choice(first_female),
            surname,
            "F",
            date_of_birth=mother_born,
            ethnicity=ethnicity,
            household=household,
        )
        family.adults.append(mother)
        other_surname = surname if build.random.random() < 0.6 else build.random.choice(surnames)
        if adults >= 2:
            family.adults.append(
                new_person(
                    Person.Kind.ADULT,
                    build.random.choice(first_male),
                    other_surname,
                    "M",
                    date_of_birth=mother_born - timedelta(days=build.random.randint(-900, 3000)),
                    ethnicity=build.weighted(ETHNICITY_WEIGHTS),
                    household=household,
                )
            )
        if adults >= 3:
            family.adults.append(
                new_person(
                    Person.Kind.ADULT,
                    build.random.choice(first_female),
                    surname,
                    "F",
                    date_of_birth=mother_born - timedelta(days=build.random.randint(18, 30) * 365),
                    ethnicity=ethnicity,
                    household=household,
                )
            )
        for born in births:
            sex = build.random.choice("MF")
            first = build.random.choice(first_female if sex == "F" else first_male)
            last = surname if build.random.random() < 0.8 else other_surname
            age = (build.today - born).days // 365
            child = new_person(
                Person.Kind.CHILD,
                first,
                last,
                sex,
                date_of_birth=born,
                ethnicity=ethnicity,
                household=household,
                nhs_number=build.nhs_number() if build.random.random() < 0.92 else "",
                upn=build.upn(born) if 4 <= age <= 17 and build.random.random() < 0.9 else "",
                other_names=(
                    f"{build.random.choice(first_names)} {last}"
                    if build.random.random() < 0.02
                    else ""
                ),
            )
            family.children.append(child)
        children_made += count
        if (
            unborn_left
            and children_made < build.size.children
            and mother_born.year > (build.today.year - 42)
        ):
            unborn_left -= 1
            children_made += 1
            family.children.append(
                new_person(
                    Person.Kind.UNBORN,
                    "",
                    surname,
                    "U",
                    expected_date_of_birth=build.today
                    + timedelta(days=build.random.randint(14, 200)),
                    ethnicity=ethnicity,
                    household=household,
                )
            )
        build.families.append(family)


def save_people(build: Build) -> None:
    """Addresses, households, people and the family relationships between them."""
    build.save("addresses", Address, [family.household.address for family in build.families])
    build.save("households", Household, [family.household for family in build.families])
    people = [person for family in build.families for person in (*family.adults, *family.children)]
    build.save("people", Person, people)
    build.save("relationships", Relationship, list(_relationships(build)))


def _relationships(build: Build) -> Iterator[Relationship]:
    """Parents (with parental responsibility), a grandparent, and siblings."""
    recorder = build.mash_staff[0] if build.mash_staff else None
    for family in build.families:
        for index, adult in enumerate(family.adults):
            for child in family.children:
                if index == 0:
                    description, kind, responsible = "mother", Relationship.Kind.PARENT, True
                elif index == 1:
                    father = child.last_name == adult.last_name or child.kind == "unborn"
                    description = "father" if father else "stepfather"
                    kind = Relationship.Kind.PARENT if father else Relationship.Kind.CARER
                    responsible = father
                else:
                    description, kind, responsible = (
                        "grandmother",
                        Relationship.Kind.OTHER,
                        False,
                    )
                yield Relationship(
                    from_person=adult,
                    to_person=child,
                    kind=kind,
                    description=description,
                    has_parental_responsibility=responsible,
                    created_by=recorder,
                )
        born = [child for child in family.children if child.kind == Person.Kind.CHILD]
        for older_index, older in enumerate(born):
            for younger in born[older_index + 1 :]:
                yield Relationship(
                    from_person=older,
                    to_person=younger,
                    kind=Relationship.Kind.SIBLING,
                    description="sister" if older.sex == "F" else "brother",
                    created_by=recorder,
                )


def save_disabilities(saver: PathwaySaver) -> None:
    saver.build.insert(
        "disabilities",
        Disability,
        ("person_id", "code", "recorded_by_id"),
        [(child.pk, code, by.pk if by else None) for child, code, by in saver.plan.disabilities],
    )


class DisabilityPlanner(PlannerBase):
    """Plans the disabilities recorded for children the disabled children's team holds."""

    def plan_disabilities(self) -> None:
        """Disabilities of children held by disabled children's teams; none recorded for most
        other children in need, a disability for a few."""
        seen: set[int] = set()
        for path in self.plan.paths:
            if path.episodes[0].nfa or not path.cases:
                continue
            kind = path.cases[-1].team.kind
            for episode in path.episodes:
                child = episode.child
                if id(child) in seen or child.date_of_birth is None:
                    continue
                seen.add(id(child))
                by = path.assessments[0].worker if path.assessments else None
                if kind == DISABLED_CHILDREN or self.r.random() < OTHER_DISABILITY_SHARE:
                    count = self.weighted(DISABILITIES_PER_CHILD)
                    codes: set[str] = set()
                    while len(codes) < count:
                        codes.add(self.weighted(words.DISABILITY_WEIGHTS))
                    for code in sorted(codes):
                        self.plan.disabilities.append((child, code, by))
                elif self.r.random() < NO_DISABILITY_SHARE:
                    self.plan.disabilities.append((child, Disability.NONE, by))
