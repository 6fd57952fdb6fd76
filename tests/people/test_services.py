"""Writes to the person index: creating records, linking family, merging duplicates, restricting."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opencsc.accounts.models import Role
from opencsc.audit.models import AccessLog
from opencsc.casework.models import Allocation
from opencsc.chronology.models import ChronologyEntry
from opencsc.people.models import Address, Person, Relationship
from opencsc.people.selectors import person_record
from opencsc.people.services import (
    AddressDetails,
    PersonDetails,
    create_person,
    create_relative,
    link_relative,
    merge_people,
    set_restriction,
)
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem
from opencsc.timescales.services import open_due_item
from tests.factories import (
    AllocationFactory,
    ChronologyEntryFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
)

CHILD = PersonDetails(
    kind=Person.Kind.CHILD,
    first_name="Amara",
    last_name="Okafor",
    date_of_birth=date(2019, 2, 14),
    sex="F",
    ethnicity="BAFR",
    nhs_number="943 476 5919",
    upn="a308 2018 1200 1",
)


def _adult(first_name: str = "Grace", last_name: str = "Okafor") -> PersonDetails:
    return PersonDetails(
        kind=Person.Kind.ADULT,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date(1990, 9, 3),
    )


# Creating a record


def test_creating_a_child_stores_identifiers_in_their_normal_form(social_worker, assessment_team):
    child = create_person(
        details=CHILD,
        address=AddressDetails(line_1=" 12 Example Road ", postcode="n182ab", town="London"),
        by=social_worker,
    )

    child.refresh_from_db()
    assert (child.nhs_number, child.upn) == ("9434765919", "A308201812001")
    assert str(child.household.address) == "12 Example Road, London, N18 2AB"
    assert (child.first_name_key, child.last_name_key) == ("AMR", "OKFR")
    assert (child.recording_team, child.created_by) == (assessment_team, social_worker)


def test_creating_a_child_starts_the_chronology_and_is_logged(social_worker):
    social_worker.first_name, social_worker.last_name = "Sam", "Worker"

    child = create_person(details=CHILD, by=social_worker)

    entries = ChronologyEntry.objects.filter(child=child)
    assert [(e.kind, e.happened_on, e.summary, e.recorded_by) for e in entries] == [
        ("record_created", timezone.localdate(), "Record created by Sam Worker", social_worker)
    ]
    log = AccessLog.objects.get(child=child)
    assert (log.kind, log.action, log.user, log.summary) == (
        "change",
        "people.create",
        social_worker,
        "Amara Okafor",
    )


def test_creating_an_adult_writes_no_chronology_but_is_logged(social_worker):
    adult = create_person(details=_adult(), by=social_worker)

    assert ChronologyEntry.objects.count() == 0
    assert AccessLog.objects.filter(child=adult, action="people.create").count() == 1


def test_an_unborn_child_is_named_unborn_baby_until_given_a_first_name(social_worker):
    unborn = create_person(
        details=PersonDetails(
            kind=Person.Kind.UNBORN, last_name="Okafor", expected_date_of_birth=date(2027, 3, 1)
        ),
        by=social_worker,
    )

    assert unborn.full_name == "Unborn baby Okafor"


@pytest.mark.parametrize(
    "details",
    [
        PersonDetails(kind=Person.Kind.CHILD, last_name="Okafor"),
        PersonDetails(kind=Person.Kind.UNBORN, last_name="Okafor"),
        PersonDetails(
            kind=Person.Kind.UNBORN,
            last_name="Okafor",
            date_of_birth=date(2019, 2, 14),
            expected_date_of_birth=date(2027, 3, 1),
        ),
        PersonDetails(
            kind=Person.Kind.CHILD,
            last_name="Okafor",
            date_of_birth=date(2019, 2, 14),
            expected_date_of_birth=date(2027, 3, 1),
        ),
    ],
    ids=[
        "child without a date of birth",
        "unborn without an expected date",
        "unborn with a date of birth",
        "child with an expected date",
    ],
)
def test_impossible_dates_of_birth_are_refused_and_nothing_is_saved(social_worker, details):
    with pytest.raises(ValidationError):
        create_person(
            details=details,
            address=AddressDetails(line_1="12 Example Road", postcode="N18 2AB"),
            by=social_worker,
        )

    assert (Person.objects.count(), Address.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("field", "held", "message"),
    [
        (
            "nhs_number",
            {"nhs_number": "9434765919"},
            "Another record already has this NHS number: search for it instead",
        ),
        (
            "upn",
            {"upn": "A308201812001", "nhs_number": ""},
            "Another record already has this UPN: search for it instead",
        ),
    ],
)
def test_an_identifier_another_current_record_holds_is_refused_on_its_field(
    social_worker, field, held, message
):
    PersonFactory(**held)

    with pytest.raises(ValidationError) as refused:
        create_person(details=CHILD, by=social_worker)

    assert refused.value.message_dict == {field: [message]}
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    "role",
    [Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST, Role.PARTNER_AGENCY, Role.ADMINISTRATOR],
)
def test_roles_that_do_not_record_cannot_create_a_record(make_user, role):
    with pytest.raises(PermissionDenied):
        create_person(details=CHILD, by=make_user(role))

    assert Person.objects.count() == 0


# Family


@pytest.fixture
def child(assessment_team):
    return PersonFactory(
        first_name="Amara",
        last_name="Okafor",
        recording_team=assessment_team,
        household=HouseholdFactory(),
    )


def test_a_parent_with_parental_responsibility_is_linked_and_noted_on_the_chronology(
    social_worker, child
):
    mother = PersonFactory(adult=True, first_name="Grace", last_name="Okafor")

    link = link_relative(
        person=child,
        relative=mother,
        kind=Relationship.Kind.PARENT,
        description=" mother ",
        has_parental_responsibility=True,
        by=social_worker,
    )

    assert (link.from_person, link.to_person, link.kind, link.description) == (
        mother,
        child,
        "parent",
        "mother",
    )
    assert link.has_parental_responsibility is True
    assert list(ChronologyEntry.objects.values_list("child", "kind", "summary")) == [
        (child.pk, "relationship", "Grace Okafor recorded as mother")
    ]
    assert AccessLog.objects.filter(child=child, action="people.add_relationship").count() == 1


def test_a_sibling_link_is_noted_on_both_childrens_chronologies(social_worker, child):
    brother = PersonFactory(first_name="Leo", last_name="Okafor")

    link_relative(person=child, relative=brother, kind=Relationship.Kind.SIBLING, by=social_worker)

    summaries = dict(ChronologyEntry.objects.values_list("child", "summary"))
    assert summaries == {
        child.pk: "Leo Okafor recorded as sibling",
        brother.pk: "Recorded as sibling of Amara Okafor",
    }


def test_a_relative_living_with_the_child_joins_the_childs_household(social_worker, child):
    father = PersonFactory(adult=True, household=HouseholdFactory())

    link_relative(
        person=child,
        relative=father,
        kind=Relationship.Kind.PARENT,
        same_household=True,
        by=social_worker,
    )

    father.refresh_from_db()
    assert father.household_id == child.household_id


@pytest.mark.parametrize(
    ("existing", "kind"),
    [
        ("relative is parent of child", Relationship.Kind.PARENT),
        ("relative is sibling of child", Relationship.Kind.SIBLING),
        ("child is sibling of relative", Relationship.Kind.SIBLING),
    ],
)
def test_the_same_link_cannot_be_recorded_twice(social_worker, child, existing, kind):
    relative = PersonFactory(first_name="Leo", last_name="Okafor")
    if existing.startswith("child"):
        RelationshipFactory(from_person=child, to_person=relative, kind=kind)
    else:
        RelationshipFactory(from_person=relative, to_person=child, kind=kind)

    with pytest.raises(ValidationError) as refused:
        link_relative(person=child, relative=relative, kind=kind, by=social_worker)

    assert refused.value.messages == [f"Leo Okafor is already recorded as this person's {kind}."]
    assert Relationship.objects.count() == 1


def test_a_person_cannot_be_their_own_relative(social_worker, child):
    with pytest.raises(ValidationError) as refused:
        link_relative(
            person=child, relative=child, kind=Relationship.Kind.SIBLING, by=social_worker
        )

    assert refused.value.messages == ["A person cannot be related to themselves."]
    assert Relationship.objects.count() == 0


def test_a_child_cannot_be_recorded_as_an_adults_parent(social_worker, assessment_team, child):
    adult = PersonFactory(adult=True, recording_team=assessment_team)

    with pytest.raises(ValidationError) as refused:
        link_relative(person=adult, relative=child, kind=Relationship.Kind.PARENT, by=social_worker)

    assert refused.value.messages == ["A child cannot be recorded as the parent of an adult."]


@pytest.mark.parametrize("role", [Role.QUALITY_ASSURANCE, Role.PERFORMANCE_ANALYST])
def test_reading_roles_cannot_link_family(make_user, child, role):
    with pytest.raises(PermissionDenied):
        link_relative(
            person=child,
            relative=PersonFactory(adult=True),
            kind=Relationship.Kind.PARENT,
            by=make_user(role),
        )


def test_a_new_relative_is_created_and_linked_in_one_step(social_worker, child):
    link = create_relative(
        person=child,
        details=_adult(),
        kind=Relationship.Kind.PARENT,
        description="mother",
        has_parental_responsibility=True,
        same_household=True,
        by=social_worker,
    )

    mother = link.from_person
    assert (mother.full_name, mother.kind, mother.household_id) == (
        "Grace Okafor",
        "adult",
        child.household_id,
    )
    assert (link.to_person, link.has_parental_responsibility) == (child, True)


def test_a_new_relative_whose_link_is_refused_is_not_created(social_worker, assessment_team):
    adult = PersonFactory(adult=True, recording_team=assessment_team)
    people_before = Person.objects.count()

    with pytest.raises(ValidationError):
        create_relative(
            person=adult, details=CHILD, kind=Relationship.Kind.PARENT, by=social_worker
        )

    assert Person.objects.count() == people_before
    assert ChronologyEntry.objects.count() == 0


# Merging duplicates


@pytest.fixture
def pair(assessment_team):
    """Two records of the same child, both seen by the assessment team."""
    survivor = PersonFactory(
        first_name="Jon",
        last_name="Smyth",
        upn="",
        sex="U",
        ethnicity="NOBT",
        recording_team=assessment_team,
    )
    duplicate = PersonFactory(
        first_name="Jon",
        last_name="Smith",
        nhs_number="",
        upn="A308201812001",
        sex="M",
        ethnicity="WBRI",
        recording_team=assessment_team,
        household=HouseholdFactory(),
    )
    return survivor, duplicate


def _merge(pair, by, reason="Same child, two referrals"):
    survivor, duplicate = pair
    merged = merge_people(survivor=survivor, duplicate=duplicate, reason=reason, by=by)
    duplicate.refresh_from_db()
    return merged, duplicate


def test_merging_moves_relationships_and_keeps_one_of_each(team_manager, pair):
    survivor, duplicate = pair
    father = RelationshipFactory(to_person=survivor).from_person
    RelationshipFactory(from_person=father, to_person=duplicate)  # recorded on both
    mother = RelationshipFactory(to_person=duplicate).from_person
    sister = PersonFactory()
    RelationshipFactory(from_person=duplicate, to_person=sister, kind=Relationship.Kind.SIBLING)

    survivor, duplicate = _merge(pair, team_manager)

    links = Relationship.objects.filter(to_person=survivor) | Relationship.objects.filter(
        from_person=survivor
    )
    assert sorted((link.from_person_id, link.to_person_id, link.kind) for link in links) == sorted(
        [
            (father.pk, survivor.pk, "parent"),
            (mother.pk, survivor.pk, "parent"),
            (survivor.pk, sister.pk, "sibling"),
        ]
    )


def test_merging_keeps_one_sibling_link_whichever_way_each_was_recorded(team_manager, pair):
    survivor, duplicate = pair
    sister = PersonFactory(first_name="Ada")
    RelationshipFactory(from_person=survivor, to_person=sister, kind=Relationship.Kind.SIBLING)
    RelationshipFactory(from_person=sister, to_person=duplicate, kind=Relationship.Kind.SIBLING)

    survivor, _ = _merge(pair, team_manager)

    assert [(r.person, r.label) for r in person_record(survivor).relatives] == [(sister, "Sibling")]


def test_merging_two_records_linked_to_each_other_links_no_one_to_themselves(team_manager, pair):
    survivor, duplicate = pair
    RelationshipFactory(from_person=survivor, to_person=duplicate, kind=Relationship.Kind.SIBLING)

    survivor, _ = _merge(pair, team_manager)

    assert Relationship.objects.filter(from_person=survivor, to_person=survivor).count() == 0


def test_merging_moves_the_chronology_and_notes_the_merge(team_manager, pair):
    survivor, duplicate = pair
    ChronologyEntryFactory(child=duplicate, summary="School raised a concern")
    ChronologyEntryFactory(child=survivor, summary="Health visitor called")

    survivor, duplicate = _merge(pair, team_manager)

    summaries = set(
        ChronologyEntry.objects.filter(child=survivor).values_list("summary", flat=True)
    )
    assert summaries == {
        "School raised a concern",
        "Health visitor called",
        f"Record {duplicate.la_child_id} merged into this record: Same child, two referrals",
    }
    assert ChronologyEntry.objects.filter(child=duplicate).count() == 0


def test_merging_moves_open_work_to_the_survivor(team_manager, pair):
    survivor, duplicate = pair
    item = open_due_item(
        rules.ASSESSMENT, child=duplicate, record=duplicate, start=date(2026, 11, 2)
    )

    survivor, _ = _merge(pair, team_manager)

    item.refresh_from_db()
    assert (item.child, item.due_on, item.closed_at) == (
        survivor,
        date(2027, 1, 7),
        None,
    )  # skips Christmas and New Year


def test_merging_moves_the_allocation_when_only_the_duplicate_is_allocated(
    team_manager, assessment_team, pair
):
    survivor, duplicate = pair
    allocation = AllocationFactory(child=duplicate, team=assessment_team)

    survivor, _ = _merge(pair, team_manager)

    allocation.refresh_from_db()
    assert (allocation.child, allocation.ended_on) == (survivor, None)


def test_merging_two_allocated_records_keeps_the_survivors_allocation_open(
    team_manager, assessment_team, pair
):
    survivor, duplicate = pair
    kept = AllocationFactory(child=survivor, team=assessment_team)
    ended = AllocationFactory(child=duplicate, team=assessment_team)

    survivor, _ = _merge(pair, team_manager)

    assert list(
        Allocation.objects.filter(child=survivor).order_by("pk").values_list("pk", "ended_on")
    ) == [(kept.pk, None), (ended.pk, timezone.localdate())]


def test_merging_withdraws_the_ended_allocations_directed_actions_not_done(
    team_manager, assessment_team, pair
):
    from opencsc.casework.models import DirectionAction

    survivor, duplicate = pair
    AllocationFactory(child=survivor, team=assessment_team)
    ended = AllocationFactory(child=duplicate, team=assessment_team)
    action = DirectionAction.objects.create(
        allocation=ended, action="See Jon alone", assignee=team_manager, due_on=date(2026, 6, 5)
    )

    _merge(pair, team_manager)

    action.refresh_from_db()
    assert (action.done_on, action.withdrawn_on) == (None, timezone.localdate())


def test_merging_fills_the_survivors_gaps_from_the_duplicate(team_manager, pair):
    survivor, duplicate = pair
    survivor.nhs_number, duplicate.nhs_number = "", "9434765919"
    survivor.save()
    duplicate.save()
    household = duplicate.household

    survivor, duplicate = _merge(pair, team_manager)

    survivor.refresh_from_db()
    assert (survivor.nhs_number, survivor.upn, survivor.household, survivor.sex) == (
        "9434765919",
        "A308201812001",
        household,
        "M",
    )
    assert survivor.ethnicity == "WBRI"
    assert (duplicate.nhs_number, duplicate.upn, duplicate.merged_into) == ("", "", survivor)


def test_merging_keeps_the_survivors_own_details(team_manager, pair):
    survivor, _ = pair
    survivor.sex, survivor.household = "F", HouseholdFactory()
    survivor.save()
    household = survivor.household

    survivor, _ = _merge(pair, team_manager)

    survivor.refresh_from_db()
    assert (survivor.last_name, survivor.sex, survivor.household) == ("Smyth", "F", household)


def test_merging_keeps_the_restriction_and_every_named_member_of_staff(
    team_manager, make_user, assessment_team, pair
):
    survivor, duplicate = pair
    colleague = make_user(Role.SOCIAL_WORKER, team=assessment_team)
    duplicate.is_restricted = True
    duplicate.save()
    duplicate.named_staff.add(team_manager, colleague)
    survivor.named_staff.add(team_manager)

    survivor, _ = _merge(pair, team_manager)

    survivor.refresh_from_db()
    assert survivor.is_restricted is True
    assert set(survivor.named_staff.all()) == {team_manager, colleague}


def test_merging_is_logged_on_both_records(team_manager, pair):
    survivor, duplicate = pair

    _merge(pair, team_manager)

    logged = AccessLog.objects.filter(action="people.merge").order_by("id")
    assert [(row.child, row.user, row.summary) for row in logged] == [
        (
            survivor,
            team_manager,
            f"Record {duplicate.la_child_id} merged into this record: Same child, two referrals",
        ),
        (
            duplicate,
            team_manager,
            f"Merged into {survivor.la_child_id}; filled upn, household, sex, ethnicity",
        ),
    ]


def test_an_unborn_childs_record_merges_into_the_record_made_at_birth(
    team_manager, assessment_team
):
    born = PersonFactory(
        last_name="Okafor", date_of_birth=date(2026, 11, 2), recording_team=assessment_team
    )
    unborn = PersonFactory(
        unborn=True,
        last_name="Okafor",
        nhs_number="",
        expected_date_of_birth=date(2026, 11, 9),
        recording_team=assessment_team,
    )

    merge_people(survivor=born, duplicate=unborn, reason="Baby born", by=team_manager)

    born.refresh_from_db()
    assert (born.kind, born.date_of_birth, born.expected_date_of_birth) == (
        "child",
        date(2026, 11, 2),
        None,
    )


def test_a_born_childs_record_merged_into_the_unborn_record_makes_it_a_child(
    team_manager, assessment_team
):
    unborn = PersonFactory(
        unborn=True,
        last_name="Okafor",
        expected_date_of_birth=date(2026, 11, 9),
        recording_team=assessment_team,
    )
    born = PersonFactory(
        last_name="Okafor",
        nhs_number="",
        date_of_birth=date(2026, 11, 2),
        recording_team=assessment_team,
    )

    merge_people(survivor=unborn, duplicate=born, reason="Baby born", by=team_manager)

    unborn.refresh_from_db()
    assert (unborn.kind, unborn.date_of_birth, unborn.expected_date_of_birth) == (
        "child",
        date(2026, 11, 2),
        None,
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"nhs_number": "9990000018"},
            "These records have different NHS numbers: they are not the same person.",
        ),
        (
            {"date_of_birth": date(2016, 4, 13)},
            "These records have different dates of birth: they are not the same person.",
        ),
        (
            {"kind": Person.Kind.ADULT, "date_of_birth": date(1990, 1, 1)},
            "A child's record cannot be merged with an adult's.",
        ),
    ],
    ids=["different NHS numbers", "different dates of birth", "child and adult"],
)
def test_merging_two_different_people_is_refused(team_manager, pair, change, message):
    survivor, duplicate = pair
    survivor.nhs_number = "9434765919"
    survivor.save()
    for field, value in change.items():
        setattr(duplicate, field, value)
    duplicate.save()

    with pytest.raises(ValidationError) as refused:
        merge_people(survivor=survivor, duplicate=duplicate, reason="Same", by=team_manager)

    duplicate.refresh_from_db()
    assert refused.value.messages == [message]
    assert duplicate.merged_into is None


def test_two_different_upns_mean_two_different_people(team_manager, pair):
    survivor, duplicate = pair
    survivor.upn = "Z308201812999"
    survivor.save()

    with pytest.raises(ValidationError) as refused:
        merge_people(survivor=survivor, duplicate=duplicate, reason="Same", by=team_manager)

    assert refused.value.messages == [
        "These records have different UPNs: they are not the same person."
    ]


def test_a_record_cannot_be_merged_into_itself(team_manager, pair):
    survivor, _ = pair

    with pytest.raises(ValidationError) as refused:
        merge_people(survivor=survivor, duplicate=survivor, reason="Same", by=team_manager)

    assert refused.value.messages == ["Choose two different records to merge."]


def test_a_record_already_merged_cannot_be_merged_again(team_manager, assessment_team, pair):
    _, duplicate = pair
    _merge(pair, team_manager)
    third = PersonFactory(nhs_number="", recording_team=assessment_team)

    with pytest.raises(ValidationError) as refused:
        merge_people(survivor=third, duplicate=duplicate, reason="Same", by=team_manager)

    assert refused.value.messages == ["One of these records has already been merged."]


def test_a_merge_needs_a_reason(team_manager, pair):
    survivor, duplicate = pair

    with pytest.raises(ValidationError) as refused:
        merge_people(survivor=survivor, duplicate=duplicate, reason="  ", by=team_manager)

    assert refused.value.message_dict == {"reason": ["Enter why these records are the same person"]}


def test_a_manager_cannot_merge_in_a_record_they_cannot_see(team_manager, pair):
    survivor, _ = pair
    elsewhere = AllocationFactory(team=TeamFactory(), child__nhs_number="").child

    with pytest.raises(PermissionDenied):
        merge_people(survivor=survivor, duplicate=elsewhere, reason="Same", by=team_manager)

    elsewhere.refresh_from_db()
    assert elsewhere.merged_into is None


def test_a_social_worker_cannot_merge(social_worker, pair):
    survivor, duplicate = pair

    with pytest.raises(PermissionDenied):
        merge_people(survivor=survivor, duplicate=duplicate, reason="Same", by=social_worker)


def test_merging_leaves_due_items_of_other_children_alone(team_manager, pair):
    other = PersonFactory()
    open_due_item(rules.ASSESSMENT, child=other, record=other, start=date(2026, 11, 2))

    _merge(pair, team_manager)

    assert DueItem.objects.get().child == other


# Restricting a record


def test_restricting_a_record_names_the_manager_and_the_staff_chosen(
    team_manager, make_user, assessment_team, child
):
    colleague = make_user(Role.SOCIAL_WORKER, team=assessment_team)
    AllocationFactory(child=child, team=assessment_team)

    set_restriction(
        person=child,
        is_restricted=True,
        named_staff=[colleague],
        reason="Child's mother works in the team",
        by=team_manager,
    )

    child.refresh_from_db()
    assert child.is_restricted is True
    assert set(child.named_staff.all()) == {team_manager, colleague}
    assert AccessLog.objects.get(action="people.restrict").summary == (
        f"Restricted to {sorted([team_manager.username, colleague.username])[0]}, "
        f"{sorted([team_manager.username, colleague.username])[1]}: "
        "Child's mother works in the team"
    )


def test_lifting_a_restriction_clears_the_named_staff(team_manager, assessment_team, child):
    AllocationFactory(child=child, team=assessment_team)
    child.is_restricted = True
    child.save()
    child.named_staff.add(team_manager)

    set_restriction(
        person=child,
        is_restricted=False,
        named_staff=[],
        reason="No longer needed",
        by=team_manager,
    )

    child.refresh_from_db()
    assert (child.is_restricted, list(child.named_staff.all())) == (False, [])


def test_a_social_worker_cannot_restrict_a_record(social_worker, child):
    with pytest.raises(PermissionDenied):
        set_restriction(
            person=child, is_restricted=True, named_staff=[], reason="x", by=social_worker
        )


def test_merging_two_records_each_with_an_open_episode_is_refused_and_changes_nothing(
    team_manager, pair
):
    from opencsc.casework.models import Referral
    from tests.casework.factories import ReferralFactory

    survivor, duplicate = pair
    ReferralFactory(child=survivor, referred_on=date(2026, 5, 1))
    ReferralFactory(child=duplicate, referred_on=date(2026, 5, 2))

    with pytest.raises(ValidationError, match="an open episode each"):
        merge_people(survivor=survivor, duplicate=duplicate, reason="Same child", by=team_manager)

    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert duplicate.upn == "A308201812001"
    assert Referral.objects.filter(child=duplicate).count() == 1
