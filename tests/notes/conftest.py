"""A family of three children: two held by the worker's team, one by another team."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from opencsc.accounts.models import Role, Team, User
from opencsc.notes.models import NoteKind
from opencsc.notes.services import NoteDetails
from opencsc.people.models import Household, Person, Relationship
from tests.factories import (
    AllocationFactory,
    HouseholdFactory,
    PersonFactory,
    RelationshipFactory,
    TeamFactory,
    UserFactory,
)


@dataclass
class Family:
    team: Team
    other_team: Team
    worker: User
    manager: User
    other_worker: User
    head: User
    household: Household
    amy: Person
    ben: Person
    cal: Person  # held by the other team: the worker may not open her record


@pytest.fixture
def family(db) -> Family:
    team = TeamFactory(name="Children in need team 1")
    other_team = TeamFactory(name="Children in need team 2")
    household = HouseholdFactory()
    amy, ben, cal = (
        PersonFactory(first_name=name, last_name="Okafor", household=household)
        for name in ("Amy", "Ben", "Cal")
    )
    RelationshipFactory(from_person=amy, to_person=ben, kind=Relationship.Kind.SIBLING)
    RelationshipFactory(from_person=amy, to_person=cal, kind=Relationship.Kind.SIBLING)
    worker = UserFactory(team=team, first_name="Wendy", last_name="Worker")
    manager = UserFactory(team=team, role=Role.TEAM_MANAGER, first_name="Mo", last_name="Manager")
    other_worker = UserFactory(team=other_team, first_name="Olu", last_name="Other")
    head = UserFactory(role=Role.HEAD_OF_SERVICE)
    for child in (amy, ben):
        AllocationFactory(child=child, team=team, worker=worker)
    AllocationFactory(child=cal, team=other_team, worker=other_worker)
    return Family(team, other_team, worker, manager, other_worker, head, household, amy, ben, cal)


def kind(code: str) -> NoteKind:
    return NoteKind.objects.get(code=code)


def details(
    code: str = "home-visit", text: str = "Saw both children at home.", **extra: Any
) -> NoteDetails:
    values: dict[str, Any] = {
        "kind": kind(code),
        "happened_at": timezone.now() - timedelta(hours=3),
        "present": "Mother, both children",
        "text": text,
    }
    values.update(extra)
    return NoteDetails(**values)
