"""One factory per model; synthetic people only (Faker en_GB)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from opencsc.accounts.models import Agency, Membership, Role, Team, User
from opencsc.casework.models import Allocation
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.identifiers import fold_name, name_key, nhs_check_digit
from opencsc.people.models import Address, Household, Person, Relationship

factory.Faker._DEFAULT_LOCALE = "en_GB"


def synthetic_nhs_number(serial: int) -> str:
    """A valid NHS number in the 999 range the NHS keeps for testing (never a real patient's)."""
    for offset in range(20):
        first_nine = f"999{(serial + offset) % 1_000_000:06d}"
        check = nhs_check_digit(first_nine)
        if check is not None:
            return f"{first_nine}{check}"
    raise AssertionError("unreachable: one in eleven numbers has no check digit")


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.ASSESSMENT


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.POLICE


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.SOCIAL_WORKER
    password = factory.django.Password("correct-horse-battery")
    agency = factory.LazyAttribute(
        lambda o: (
            AgencyFactory(name="Metropolitan Police (demo)")
            if o.role == Role.PARTNER_AGENCY
            else None
        )
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        team = kwargs.pop("team", None)
        user = super()._create(model_class, *args, **kwargs)
        if team is not None:
            Membership.objects.create(user=user, team=team)
        return user


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    line_1 = factory.Faker("street_address")
    town = "London"
    postcode = factory.Iterator(["N18 2AB", "EN1 3XY", "N9 0PZ", "EN3 4LL"])


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    address = factory.SubFactory(AddressFactory)


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    class Params:
        adult = factory.Trait(kind=Person.Kind.ADULT, date_of_birth=date(1988, 5, 17))
        unborn = factory.Trait(
            kind=Person.Kind.UNBORN, date_of_birth=None, expected_date_of_birth=date(2027, 3, 1)
        )

    kind = Person.Kind.CHILD
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    first_name_folded = factory.LazyAttribute(lambda o: fold_name(o.first_name))
    last_name_folded = factory.LazyAttribute(lambda o: fold_name(o.last_name))
    first_name_key = factory.LazyAttribute(lambda o: name_key(o.first_name))
    last_name_key = factory.LazyAttribute(lambda o: name_key(o.last_name))
    date_of_birth = date(2016, 4, 12)
    sex = "F"
    ethnicity = "WBRI"
    nhs_number = factory.Sequence(lambda n: synthetic_nhs_number(n * 13 + 1))
    recording_team = None


class RelationshipFactory(DjangoModelFactory):
    class Meta:
        model = Relationship

    from_person = factory.SubFactory(PersonFactory, adult=True)
    to_person = factory.SubFactory(PersonFactory)
    kind = Relationship.Kind.PARENT
    has_parental_responsibility = True


class AllocationFactory(DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(PersonFactory)
    team = factory.SubFactory(TeamFactory)
    worker = None
    started_on = date(2026, 1, 5)


class ChronologyEntryFactory(DjangoModelFactory):
    class Meta:
        model = ChronologyEntry

    child = factory.SubFactory(PersonFactory)
    kind = ChronologyEntry.Kind.OTHER
    happened_on = date(2026, 2, 3)
    summary = factory.Faker("sentence", nb_words=6)
