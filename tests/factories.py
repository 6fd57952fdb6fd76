"""One factory per model; synthetic people only (Faker en_GB)."""

from datetime import UTC, date, datetime
from typing import Any

import factory
from factory.django import DjangoModelFactory

from opencsc.accounts.models import Agency, Membership, Role, Team, User
from opencsc.casework.models import Allocation, Referral
from opencsc.chronology.models import ChronologyEntry
from opencsc.frontdoor.codes import CHECKED_OUTCOMES, ChecksAtProposal
from opencsc.frontdoor.models import (
    AgencyCheck,
    ConsentRecord,
    Contact,
    ContactChild,
    ContactDecision,
)
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


class TeamFactory(DjangoModelFactory[Team]):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name: object = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.ASSESSMENT


class MashTeamFactory(TeamFactory):
    """The council's MASH: one team, however often it is asked for."""

    name = "MASH"
    kind = Team.Kind.MASH


class EarlyHelpTeamFactory(TeamFactory):
    name = factory.Sequence(lambda n: f"Early help team {n}")
    kind = Team.Kind.EARLY_HELP


class AgencyFactory(DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.POLICE


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    role = Role.SOCIAL_WORKER
    password = factory.django.Password("correct-horse-battery")
    agency: object = factory.LazyAttribute(
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


class MashPractitionerFactory(UserFactory):
    role = Role.MASH_PRACTITIONER
    team = factory.SubFactory(MashTeamFactory)


class MashManagerFactory(UserFactory):
    """A team manager in the MASH: authorises threshold decisions."""

    role = Role.TEAM_MANAGER
    team = factory.SubFactory(MashTeamFactory)


class PartnerAgencyUserFactory(UserFactory):
    role = Role.PARTNER_AGENCY
    agency = factory.SubFactory(AgencyFactory)


class AddressFactory(DjangoModelFactory[Address]):
    class Meta:
        model = Address

    line_1 = factory.Faker("street_address")
    town = "London"
    postcode = factory.Iterator(["N18 2AB", "EN1 3XY", "N9 0PZ", "EN3 4LL"])


class HouseholdFactory(DjangoModelFactory[Household]):
    class Meta:
        model = Household

    address = factory.SubFactory(AddressFactory)


class PersonFactory(DjangoModelFactory[Person]):
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


class RelationshipFactory(DjangoModelFactory[Relationship]):
    class Meta:
        model = Relationship

    from_person = factory.SubFactory(PersonFactory, adult=True)
    to_person = factory.SubFactory(PersonFactory)
    kind = Relationship.Kind.PARENT
    has_parental_responsibility = True


class AllocationFactory(DjangoModelFactory[Allocation]):
    class Meta:
        model = Allocation

    child = factory.SubFactory(PersonFactory)
    team = factory.SubFactory(TeamFactory)
    worker = None
    started_on = date(2026, 1, 5)


class ChronologyEntryFactory(DjangoModelFactory[ChronologyEntry]):
    class Meta:
        model = ChronologyEntry

    child = factory.SubFactory(PersonFactory)
    kind = ChronologyEntry.Kind.OTHER
    happened_on = date(2026, 2, 3)
    summary = factory.Faker("sentence", nb_words=6)


class ReferralFactory(DjangoModelFactory[Referral]):
    """A referral as casework opens it; `closed` for an episode that has ended."""

    class Meta:
        model = Referral

    class Params:
        closed = factory.Trait(
            status=Referral.Status.CLOSED,
            closed_on=factory.LazyAttribute(lambda o: o.referred_on),
            closure_reason="RC7",
        )

    child = factory.SubFactory(PersonFactory)
    contact = None
    decision = None
    referred_on = date(2025, 6, 10)
    referral_source = "2A"
    primary_need = "N1"
    created_by = factory.SubFactory(MashManagerFactory)


class ContactFactory(DjangoModelFactory[Contact]):
    """A contact at the MASH, received at 09:30 on Monday 1 June 2026 from a school.

    Traits: `rated` (amber, due the next working day), `decided` (a decision authorised),
    `from_partner` (made by a partner agency through its own pages). Consent given or refused
    comes with the record of who was asked (a parent), as the contact page records it.
    """

    class Meta:
        model = Contact
        skip_postgeneration_save = True

    class Params:
        rated = factory.Trait(rating="amber", rating_order=2, decision_due_on=date(2026, 6, 2))
        decided = factory.Trait(status=Contact.Status.DECIDED, decided_on=date(2026, 6, 2))
        from_partner = factory.Trait(
            method="partner_portal",
            referral_source="6",
            referrer_agency=factory.SubFactory(AgencyFactory),
            referrer_organisation=factory.LazyAttribute(lambda o: str(o.referrer_agency)),
            practitioner=None,
        )

    received_at = datetime(2026, 6, 1, 8, 30, tzinfo=UTC)
    method = "phone"
    referral_source = "2A"
    referrer_name = factory.Faker("name")
    concerns = factory.LazyFunction(lambda: ["neglect"])
    concern_details = "Often arrives at school hungry and in unwashed clothes."
    consent = "given"
    team = factory.SubFactory(MashTeamFactory)
    practitioner = factory.SubFactory(MashPractitionerFactory)
    recorded_by = factory.LazyAttribute(lambda o: o.practitioner or MashPractitionerFactory())
    decision_due_on = date(2026, 6, 2)

    @factory.post_generation
    def consent_asked(obj: Contact, create: bool, extracted: str | None, **kwargs: Any) -> None:
        """Who was asked for consent (`consent_asked="young_person"`; a parent unless told)."""
        if create and obj.consent in ("given", "refused"):
            ConsentRecord.objects.create(
                contact=obj,
                asked=extracted or "parent",
                answer=obj.consent,
                asked_at=obj.received_at,
                asked_by=obj.recorded_by,
            )


class ContactChildFactory(DjangoModelFactory[ContactChild]):
    """A child on a contact: a record, or `named` as a partner agency gave them."""

    class Meta:
        model = ContactChild

    class Params:
        named = factory.Trait(
            child=None,
            given_name=factory.Faker("name"),
            given_date_of_birth=date(2017, 9, 1),
        )

    contact = factory.SubFactory(ContactFactory)
    child = factory.SubFactory(PersonFactory)


class AgencyCheckFactory(DjangoModelFactory[AgencyCheck]):
    """A check asked of a partner agency; `returned` once the agency has answered."""

    class Meta:
        model = AgencyCheck

    class Params:
        returned = factory.Trait(
            status=AgencyCheck.Status.RETURNED,
            returned_at=datetime(2026, 6, 1, 12, 0, tzinfo=UTC),
            returned_by=factory.LazyAttribute(lambda o: PartnerAgencyUserFactory(agency=o.agency)),
            information="Known to us: two call-outs to the address this year.",
        )

    contact = factory.SubFactory(ContactFactory, rated=True)
    agency = factory.SubFactory(AgencyFactory)
    question = "What do you know about the household?"
    requested_at = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    requested_by = factory.SubFactory(MashPractitionerFactory)
    due_on = date(2026, 6, 2)


class ContactDecisionFactory(DjangoModelFactory[ContactDecision]):
    """A proposed section 17 decision on a contact awaiting authorisation; `authorised` once a
    manager has agreed it (the contact then decided)."""

    class Meta:
        model = ContactDecision

    class Params:
        authorised = factory.Trait(
            status=ContactDecision.Status.AUTHORISED,
            reviewed_by=factory.SubFactory(MashManagerFactory),
            reviewed_at=datetime(2026, 6, 2, 11, 0, tzinfo=UTC),
            contact__status=Contact.Status.DECIDED,
            contact__decided_on=date(2026, 6, 2),
        )

    contact = factory.SubFactory(
        ContactFactory, rated=True, status=Contact.Status.AWAITING_AUTHORISATION
    )
    version = 1
    outcome = "section_17"
    threshold_level = "3"
    rationale = "Neglect is persistent and escalating; an assessment is needed."
    primary_need = "N1"
    proposed_by = factory.SubFactory(MashPractitionerFactory)
    proposed_at = datetime(2026, 6, 2, 10, 0, tzinfo=UTC)
    # No checks were asked for: statutory and early-help outcomes then need the reason.
    checks_at_proposal = ChecksAtProposal.NONE
    checks_reason = factory.LazyAttribute(
        lambda o: (
            "The school's and our own records are enough to decide today."
            if o.checks_at_proposal == ChecksAtProposal.OUTSTANDING
            or (o.checks_at_proposal == ChecksAtProposal.NONE and o.outcome in CHECKED_OUTCOMES)
            else ""
        )
    )
