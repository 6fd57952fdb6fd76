"""The child's record: what each app contributes for the child (record.contributors), with the
pathway's rows gathered under the child's episodes (CINdetails), every CIN census item on them.

The record is a summary and five more parts, each its own page behind the record's tabs
(people.record_parts.TABS): the case notes (the notes app's page), the chronology, the contacts and
episodes, missing and exploitation, and private fostering. A page reads only its own part's
sections, so the record's cost does not grow with each app that
contributes to it (issue 15: every page at most 50 ms at the size of a large borough).

Each app reads its section with the same queries whatever the child's history holds (none skipped
when a list is empty), so the page's query count does not depend on the record.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.assessments.models import Assessment
from opencsc.casework import access
from opencsc.casework.models import Referral
from opencsc.casework.selectors import current_allocation
from opencsc.people import selectors as people
from opencsc.people.models import Person
from opencsc.people.record_parts import tab_page
from opencsc.permissions import Action
from opencsc.plans.models import CINPlan
from opencsc.protection.models import ProtectionPlan, Section47Enquiry, StrategyDiscussion
from opencsc.record.contributors import RECORD_PARTS
from opencsc.timescales import selectors as timescales


@dataclass
class EpisodeRecord:
    """One episode (CINdetails) and what belongs to it, newest record first."""

    referral: Referral
    assessments: list[Assessment] = field(default_factory=list)
    enquiries: list[Section47Enquiry] = field(default_factory=list)
    protection_plans: list[ProtectionPlan] = field(default_factory=list)
    cin_plans: list[CINPlan] = field(default_factory=list)
    # Strategy discussions that decided a child protection medical is needed (issue 13).
    medicals: list[StrategyDiscussion] = field(default_factory=list)


EPISODE_PARTS = ("assessments", "enquiries", "protection_plans", "cin_plans", "medicals")


def sections_for_child(child: Person, *, user: User, part: str) -> dict[str, list[Any]]:
    """The sections of the record's `part` (contributors.RECORD_PARTS), by name."""
    sections: dict[str, list[Any]] = {}
    for app in RECORD_PARTS[part]:
        sections.update(app.record_section(child, user=user))
    return sections


def summary_page(person: Person, *, user: User, today: date) -> dict[str, Any]:
    """The record's first page: the person and their alerts, the family and household, who holds
    the case, the work due, and what `user` may do."""
    record = people.person_record(person, viewer=user)
    due_items = list(timescales.open_items_for_child(person, today=today))
    overdue = sum(1 for item in due_items if getattr(item, "status", "") == "overdue")
    allocation = current_allocation(person)
    # The page's permission checks below ask who holds the case: the allocation says.
    access.remember_holding_team(person, allocation.team_id if allocation else None)
    return {
        **tab_page(person, current="summary"),
        "record": record,
        "today": today,
        "age": person.age_on(today),
        "due_items": due_items,
        "allocation": allocation,
        "disabilities": list(person.disabilities.all()) if person.is_child else [],
        "alerts": people.alerts_for(record, overdue_count=overdue, today=today),
        "can_edit": permissions.can(user, Action.EDIT_PERSON, person),
        "can_add_relative": permissions.can(user, Action.ADD_RELATIONSHIP, person),
        "can_merge": permissions.can(user, Action.MERGE_PEOPLE, person),
        "can_restrict": permissions.can(user, Action.RESTRICT_RECORD, person),
        "can_write_note": person.is_child
        and (
            permissions.can(user, Action.RECORD_CASE_NOTE, person)
            or permissions.can(user, Action.RECORD_OVERSIGHT_NOTE, person)
        ),
    }


def work_page(person: Person, *, user: User) -> dict[str, Any]:
    """The contacts about the child and its episodes, each with what was recorded on it."""
    sections = sections_for_child(person, user=user, part="work")
    return {
        **tab_page(person, current="work"),
        "contacts": sections.get("contacts", []),
        "episodes": episodes_for_child(person, sections),
        # The contact form opens with this child on it (the MASH records contacts).
        "can_record_contact": permissions.can(user, Action.RECORD_CONTACT, person),
    }


def missing_page(person: Person, *, user: User, today: date) -> dict[str, Any]:
    """The child's missing episodes, exploitation screenings and National Referral Mechanism
    referrals."""
    sections = sections_for_child(person, user=user, part="missing")
    return {
        **tab_page(person, current="missing"),
        "today": today,
        "missing_episodes": sections.get("missing_episodes", []),
        "exploitation_screenings": sections.get("exploitation_screenings", []),
        "nrm_referrals": sections.get("nrm_referrals", []),
        "can_record_missing": permissions.can(user, Action.RECORD_MISSING_EPISODE, person),
        "can_record_exploitation": permissions.can(user, Action.RECORD_SCREENING, person),
    }


def fostering_page(person: Person, *, user: User) -> dict[str, Any]:
    """The child's private fostering arrangements, each with its next visit due."""
    sections = sections_for_child(person, user=user, part="fostering")
    return {
        **tab_page(person, current="fostering"),
        "private_fostering": sections.get("private_fostering", []),
        # A fostering team records the notification that opens an arrangement.
        "can_record_private_fostering": permissions.can(user, Action.RECORD_PRIVATE_FOSTERING)
        and permissions.is_in_fostering_team(user),
    }


def episodes_for_child(
    child: Person, sections: dict[str, list[Any]], *, limit: int = 10
) -> list[EpisodeRecord]:
    """The child's latest `limit` episodes, each with its rows from `sections`: assessments
    (`factor_list`), section 47 enquiries (and initial conferences), child protection plans
    (`reviews`: review conference dates) and child in need plans."""
    referrals = list(Referral.objects.filter(child=child).order_by("-referred_on", "-pk")[:limit])
    episodes = {referral.pk: EpisodeRecord(referral) for referral in referrals}
    for part in EPISODE_PARTS:
        for row in sections.get(part, []):
            if row.referral_id in episodes:
                getattr(episodes[row.referral_id], part).append(row)
    return [episodes[referral.pk] for referral in referrals]
