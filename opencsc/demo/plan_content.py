"""The content of the demo's child protection plans and what their meetings record: outcomes,
actions, contingency, lead social worker, core group, views; conference attendance by agency,
participation, reports and dissent; core group attendance and progress on each action. The
proportions are in docs/plans.md ("The demo's plans").

Each plan, conference and meeting draws from its own random generator seeded by its key, so
adding content leaves the rest of the demo's draws unchanged."""

from collections import defaultdict
from datetime import date, timedelta
from random import Random
from typing import Any

from opencsc.demo import vocabulary as words
from opencsc.demo.build import Build
from opencsc.protection.models import (
    ActionProgress,
    ConferenceAttendee,
    ConferenceReport,
    CoreGroupAttendance,
    CoreGroupMember,
    Participation,
    ProtectionPlanAction,
)

AGENCY_CODES = ("social_care", "police", "health", "education", "probation", "other")


def plan_content(seed: str, lead: int) -> tuple[Any, ...]:
    """(outcomes, what must change, contingency, child's views, parents' views, lead) for the
    plan `seed` names."""
    r = Random(f"cp-plan-{seed}")
    return (
        r.choice(words.CP_OUTCOMES),
        r.choice(words.CP_WHAT_MUST_CHANGE),
        r.choice(words.CP_CONTINGENCIES),
        r.choice(words.CP_CHILD_VIEWS),
        r.choice(words.CP_PARENTS_VIEWS),
        lead,
    )


def save_plan_actions_and_members(
    build: Build, plans: list[tuple[int, date]], fake_names: list[str]
) -> None:
    """2 to 6 actions a plan (most 3 or 4; about two in five by a partner agency) and a core
    group of 3 to 6 members."""
    agencies: dict[str, list[int]] = defaultdict(list)
    for partner in build.agencies:
        agencies[partner.kind].append(partner.pk)
    actions: list[tuple[Any, ...]] = []
    members: list[tuple[Any, ...]] = []
    for key, started_on in plans:
        r = Random(f"cp-actions-{key}")
        count = r.choices((2, 3, 4, 5, 6), weights=(10, 35, 35, 12, 8))[0]
        for what, who, kind in r.sample(words.CP_ACTIONS, count):
            agency_id = r.choice(agencies[kind]) if kind and agencies.get(kind) else None
            if agency_id is None and not who:
                who = "Social worker"
            due = started_on + timedelta(days=r.randint(28, 180))
            actions.append(
                (key, what, agency_id, who, due, ProtectionPlanAction.Status.NOT_STARTED.value)
            )
        for agency, role in [
            words.CORE_GROUP_MEMBERS[0],
            *r.sample(words.CORE_GROUP_MEMBERS[1:], r.randint(2, 5)),
        ]:
            members.append((key, r.choice(fake_names), agency, role))
    build.insert(
        "plan actions (CP)",
        ProtectionPlanAction,
        ("plan_id", "action", "agency_id", "who", "due_on", "status"),
        actions,
    )
    build.insert(
        "core group members", CoreGroupMember, ("plan_id", "name", "agency", "role"), members
    )


def conference_record(seed: str, child_age: int | None) -> tuple[str, str, str, str]:
    """(parents' participation, child's participation, dissented by, dissent reason) for the
    conference `seed` names."""
    r = Random(f"conference-{seed}")
    ways = [way.value for way in Participation]  # attended, another way, did not take part
    parents = r.choices(ways, weights=(70, 20, 10))[0]
    # Children of 10 and over mostly take part or give views; younger children's views come
    # another way (through the social worker, drawings, an advocate).
    weights = (45, 40, 15) if child_age is not None and child_age >= 10 else (0, 85, 15)
    child = r.choices(ways, weights=weights)[0]
    dissented_by, reason = r.choice(words.DISSENTS) if r.random() < 1 / 12 else ("", "")
    return parents, child, dissented_by, reason


def save_conference_attendance(build: Build, keys: list[int], fake_names: list[str]) -> None:
    """4 to 7 people invited a conference (about 80% attend) and 2 to 4 reports (about 85%
    received, 70% of those shared with the parents beforehand)."""
    attendees: list[tuple[Any, ...]] = []
    reports: list[tuple[Any, ...]] = []
    for key in keys:
        r = Random(f"conference-people-{key}")
        invited = [("social_care", "Social worker"), ("police", "Police representative")]
        invited += [
            (agency, role)
            for agency, role in r.sample(words.CORE_GROUP_MEMBERS[1:], r.randint(2, 5))
        ]
        for agency, role in invited:
            attended = r.random() < 0.8 or agency == "social_care"
            attendees.append((key, agency, r.choice(fake_names), role, attended))
        for agency in r.sample(("police", "health", "education", "other"), r.randint(2, 4)):
            received = r.random() < 0.85
            reports.append((key, agency, received, received and r.random() < 0.7))
    build.insert(
        "conference attendees",
        ConferenceAttendee,
        ("conference_id", "agency", "name", "role", "attended"),
        attendees,
    )
    build.insert(
        "conference reports",
        ConferenceReport,
        ("conference_id", "agency", "received", "shared_with_parents"),
        reports,
    )


def save_core_group_progress(build: Build, meetings: list[tuple[int, int, date]]) -> None:
    """Each meeting marks every member (about 85% present) and each action's progress; an
    action's status is the latest meeting's."""
    members: dict[int, list[int]] = defaultdict(list)
    for plan_id, pk in CoreGroupMember.objects.values_list("plan_id", "pk").order_by("pk"):
        members[plan_id].append(pk)
    actions: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for plan_id, pk, due_on in ProtectionPlanAction.objects.values_list(
        "plan_id", "pk", "due_on"
    ).order_by("pk"):
        actions[plan_id].append((pk, due_on))
    attendance: list[tuple[Any, ...]] = []
    progress: list[tuple[Any, ...]] = []
    latest: dict[int, str] = {}
    for meeting, plan_id, held_on in meetings:
        r = Random(f"core-group-{meeting}")
        attendance.extend((meeting, member, r.random() < 0.85) for member in members[plan_id])
        for action, due_on in actions[plan_id]:
            if held_on < due_on:
                status = r.choices(("not_started", "in_progress"), weights=(25, 75))[0]
            else:
                status = r.choices(("done", "not_done", "in_progress"), weights=(70, 15, 15))[0]
            progress.append((meeting, action, status, r.choice(words.PROGRESS_NOTES)))
            latest[action] = status
    build.insert(
        "core group attendance",
        CoreGroupAttendance,
        ("meeting_id", "member_id", "present"),
        attendance,
    )
    build.insert(
        "action progress",
        ActionProgress,
        ("meeting_id", "action_id", "status", "note"),
        progress,
    )
    by_status: dict[str, list[int]] = defaultdict(list)
    for action, status in latest.items():
        by_status[status].append(action)
    for status, pks in by_status.items():
        for first in range(0, len(pks), 500):
            ProtectionPlanAction.objects.filter(pk__in=pks[first : first + 500]).update(
                status=status
            )
