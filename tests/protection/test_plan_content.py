"""Why: a child protection plan held a category and dates and nothing else, and a conference
recorded no attendance, participation or reports. Inspectors read the plan first. These tests
hold the plan's content, the conference's record and the core group's progress."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencsc.accounts.models import Agency
from opencsc.protection import services
from opencsc.protection.models import (
    ActionProgress,
    ConferenceAttendee,
    ConferenceReport,
    CoreGroupAttendance,
    ProtectionPlanAction,
)
from tests.protection.fixtures import enquiry, plan

CONTENT = {
    "outcomes": "Amara is safe from physical harm at home and goes to school every day.",
    "what_must_change": "Dad no longer uses physical punishment; mum protects Amara.",
    "contingency": "If a new injury is seen, a strategy discussion is held the same working day.",
    "child_views": "Amara wants dad to stop shouting and to stay at her school.",
    "parents_views": "Mum agrees with the plan; dad disagrees that he hits Amara.",
}


def _content(worker, **changes):
    return services.PlanContent(**(CONTENT | {"lead_social_worker": worker} | changes))


def _action(text="Dad attends the Caring Dads programme every Thursday", **changes):
    values = {"action": text, "who": "Caring Dads facilitator", "due_on": date(2027, 3, 1)}
    values.update(changes)
    return services.PlanActionRow(**values)


MEMBERS = [
    services.MemberRow("Ola Reed", "social_care", "Social worker"),
    services.MemberRow("Kim Lee", "education", "Designated safeguarding lead"),
]


def _write(made, worker, actions=None, members=None, **changes):
    return services.write_protection_plan(
        plan=made,
        content=_content(worker, **changes),
        actions=[_action()] if actions is None else actions,
        members=MEMBERS if members is None else members,
        by=worker,
    )


def test_why_a_plan_holds_outcomes_actions_contingency_lead_core_group_and_views(referral, worker):
    made = plan(referral, worker)
    police = Agency.objects.create(name="Metropolitan Police", kind="police")

    _write(
        made,
        worker,
        actions=[
            _action(),
            _action(
                "Police share any call-out to the home by the next morning", agency=police, who=""
            ),
        ],
    )

    made.refresh_from_db()
    assert made.outcomes.startswith("Amara is safe")
    assert all((made.what_must_change, made.contingency, made.child_views, made.parents_views))
    assert made.lead_social_worker == worker
    assert [action.doer for action in made.actions.order_by("pk")] == [
        "Caring Dads facilitator",
        "Metropolitan Police",
    ]
    assert [m.name for m in made.core_group_members.all()] == ["Ola Reed", "Kim Lee"]


def test_revising_a_plan_keeps_every_version_and_a_member_who_leaves(referral, worker):
    made = plan(referral, worker)
    _write(made, worker)
    first = made.actions.get()
    members = list(made.core_group_members.order_by("pk"))

    _write(
        made,
        worker,
        actions=[_action("Dad attends the Caring Dads programme every Monday", pk=first.pk)],
        members=[services.MemberRow("Ola Reed", "social_care", "Social worker", pk=members[0].pk)],
        outcomes="Amara is safe at home and her attendance is above 95%.",
    )

    made.refresh_from_db()
    assert made.history.count() >= 3  # started, written, revised
    assert made.history.first().outcomes.endswith("above 95%.")
    assert first.history.count() == 2
    assert made.history.all()[1].outcomes.startswith("Amara is safe from physical harm")
    members[1].refresh_from_db()
    assert members[1].left_on is not None
    assert members[0].left_on is None


@pytest.mark.parametrize(
    "field",
    ["outcomes", "what_must_change", "contingency", "child_views", "parents_views"],
)
def test_a_plan_needs_each_part_of_its_content(referral, worker, field):
    made = plan(referral, worker)

    with pytest.raises(ValidationError) as refused:
        _write(made, worker, **{field: " "})

    assert field in refused.value.message_dict


def test_a_plan_needs_a_lead_social_worker_and_an_action(referral, worker):
    made = plan(referral, worker)

    with pytest.raises(ValidationError) as refused:
        _write(made, worker, actions=[], lead_social_worker=None)

    assert {"lead_social_worker", "action_1"} <= set(refused.value.message_dict)


def test_an_action_needs_who_does_it_an_agency_or_a_person(referral, worker):
    made = plan(referral, worker)

    with pytest.raises(ValidationError) as refused:
        _write(made, worker, actions=[_action(who="")])

    assert "who_1" in refused.value.message_dict


@pytest.mark.parametrize("text", ["Support", "Monitor", "Continue to support mum", "Ongoing"])
def test_a_vague_action_is_refused_next_to_it(referral, worker, text):
    made = plan(referral, worker)

    with pytest.raises(ValidationError) as refused:
        _write(made, worker, actions=[_action(), _action(text)])

    assert "standard phrase" in refused.value.message_dict["action_2"][0]
    assert not ProtectionPlanAction.objects.exists()


def test_a_vague_contingency_is_refused(referral, worker):
    made = plan(referral, worker)

    with pytest.raises(ValidationError) as refused:
        _write(made, worker, contingency="Re-refer as needed")

    assert "standard phrase" in refused.value.message_dict["contingency"][0]


def _record(**changes):
    values = {
        "parents_participation": "attended",
        "child_participation": "views_another_way",
        "attendees": [
            services.ConferenceAttendance("police", "DC Sam Hart", "Detective constable", True),
            services.ConferenceAttendance("health", "Dr Ade Bello", "GP", False),
        ],
        "reports": [
            services.ReportRow("education", received=True, shared_with_parents=True),
            services.ReportRow("health", received=False, shared_with_parents=False),
        ],
        "dissented_by": "Dr Ade Bello (GP), in writing",
        "dissent_reason": "Thought a child in need plan would be enough.",
    }
    values.update(changes)
    return services.ConferenceRecord(**values)


def test_why_a_conference_records_attendance_participation_reports_and_dissent(referral, worker):
    conference = services.hold_initial_conference(
        enquiry=enquiry(referral, worker),
        held_on=date(2026, 12, 17),
        chair="Jo Chair",
        outcome="plan",
        category="PHY",
        summary="Risk of physical harm from a parent.",
        by=worker,
        record=_record(),
    )

    assert (conference.parents_participation, conference.child_participation) == (
        "attended",
        "views_another_way",
    )
    assert [(a.agency, a.attended) for a in ConferenceAttendee.objects.order_by("pk")] == [
        ("police", True),
        ("health", False),
    ]
    assert [
        (r.received, r.shared_with_parents) for r in ConferenceReport.objects.order_by("pk")
    ] == [
        (True, True),
        (False, False),
    ]
    assert conference.dissent_reason.startswith("Thought")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"parents_participation": ""}, "parents_participation"),
        ({"child_participation": "maybe"}, "child_participation"),
        ({"dissent_reason": ""}, "dissent_reason"),
        ({"reports": [services.ReportRow("health", False, True)]}, "report_shared_1"),
    ],
)
def test_a_conference_record_is_refused_next_to_what_is_missing(referral, worker, changes, field):
    with pytest.raises(ValidationError) as refused:
        services.hold_initial_conference(
            enquiry=enquiry(referral, worker),
            held_on=date(2026, 12, 17),
            chair="Jo Chair",
            outcome="no_plan",
            category="",
            summary="No plan needed.",
            by=worker,
            record=_record(**changes),
        )

    assert field in refused.value.message_dict


def test_a_core_group_records_attendance_progress_per_action_and_new_actions(referral, worker):
    made = plan(referral, worker)
    _write(made, worker)
    action = made.actions.get()
    ola, kim = made.core_group_members.order_by("pk")

    meeting = services.record_core_group(
        plan=made,
        held_on=date(2026, 12, 30),
        attendees="",
        progress="Dad has been to two sessions.",
        by=worker,
        record=services.CoreGroupRecord(
            present={ola.pk: True, kim.pk: False},
            progress={action.pk: services.Progress("in_progress", "Two sessions of twelve")},
            new_actions=[_action("School nurse sees Amara weekly to check for injuries")],
        ),
    )

    assert {(row.member_id, row.present) for row in CoreGroupAttendance.objects.all()} == {
        (ola.pk, True),
        (kim.pk, False),
    }
    assert ActionProgress.objects.get().note == "Two sessions of twelve"
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert made.actions.get(added_at=meeting).action.startswith("School nurse")


def test_a_core_group_must_say_how_every_action_stands_and_who_was_there(referral, worker):
    made = plan(referral, worker)
    _write(made, worker)

    with pytest.raises(ValidationError) as refused:
        services.record_core_group(
            plan=made,
            held_on=date(2026, 12, 30),
            attendees="",
            progress="Dad has been to two sessions.",
            by=worker,
            record=services.CoreGroupRecord(new_actions=[_action("Monitor")]),
        )

    errors = refused.value.message_dict
    assert {f"status_{made.actions.get().pk}", "attendees", "new_action_1"} <= set(errors)
    assert any(key.startswith("present_") for key in errors)


def test_a_plan_cannot_be_written_by_someone_outside_the_case(referral, worker, other_worker):
    made = plan(referral, worker)

    with pytest.raises(PermissionDenied):
        _write(made, other_worker)
