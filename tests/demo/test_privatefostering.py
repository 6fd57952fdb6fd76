"""The small demo's private fostering arrangements (issue 14, part 7): a year of notifications and
older arrangements still running, held by the fostering teams, each with the next visit and the
checks due as the services work them out, the visits, decisions and ends consistent with them,
the chronology lines the services write, and an arrangement with many visits for the benchmark."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role, Team, User
from opencsc.chronology.models import ChronologyEntry
from opencsc.core import approvals
from opencsc.privatefostering.codes import CheckKind, Outcome
from opencsc.privatefostering.deadlines import next_visit_due
from opencsc.privatefostering.models import (
    Arrangement,
    FosteringVisit,
    SuitabilityCheck,
    SuitabilityDecision,
)
from opencsc.privatefostering.services import HOUSEHOLD_CHECKS
from opencsc.timescales import rules


def test_a_year_of_arrangements_and_older_ones_still_running(demo):
    today = timezone.localdate()
    arrangements = Arrangement.objects.all()
    year = arrangements.filter(notified_on__gt=today - timedelta(days=365))
    assert year.count() >= 5
    assert all(a.notified_on < today for a in arrangements)
    older = arrangements.filter(notified_on__lte=today - timedelta(days=365))
    assert older.filter(ended_on=None).count() >= 2
    # Most were already running when the council heard of them (a late notification).
    assert sum(1 for a in arrangements if not a.is_proposed) > arrangements.count() / 2
    # Every child is under 16 while the arrangement runs.
    for arrangement in arrangements.select_related("child"):
        until = arrangement.ended_on or today
        assert (until - arrangement.child.date_of_birth).days < 16 * 365, arrangement.pk


def test_the_fostering_teams_hold_them_with_the_demo_logins(demo):
    teams = set(arrangements_teams := Arrangement.objects.values_list("team__kind", flat=True))
    assert teams == {Team.Kind.FOSTERING}, arrangements_teams
    worker = User.objects.get(username="pf.worker")
    manager = User.objects.get(username="pf.manager")
    assert worker.role == Role.SOCIAL_WORKER
    assert manager.role == Role.TEAM_MANAGER
    first = Team.objects.filter(kind=Team.Kind.FOSTERING).order_by("pk").first()
    assert set(worker.teams.all()) == {first} == set(manager.teams.all())
    assert Arrangement.objects.filter(team=first, recorded_by=worker).exists()


def test_the_next_visit_is_due_as_the_visit_rules_say(demo):
    for arrangement in Arrangement.objects.prefetch_related("visits"):
        visits = sorted(arrangement.visits.all(), key=lambda v: (v.visited_on, v.pk))
        last = None
        for visit in visits:
            due = next_visit_due(
                aware_on=arrangement.notified_on,
                proposed=arrangement.is_proposed,
                last_visit_on=last,
            )
            assert visit.due_on == due, (arrangement.pk, visit.pk)
            assert visit.visited_on >= arrangement.notified_on
            assert arrangement.ended_on is None or visit.visited_on <= arrangement.ended_on
            last = visit.visited_on
        if arrangement.ended_on is None:
            assert arrangement.next_visit_due_on == next_visit_due(
                aware_on=arrangement.notified_on,
                proposed=arrangement.is_proposed,
                last_visit_on=last,
            )
            assert last is None or arrangement.next_visit_due_on > last
        else:
            assert arrangement.next_visit_due_on is None
            assert arrangement.end_reason


def test_the_checks_are_those_the_notification_and_household_open(demo):
    for arrangement in Arrangement.objects.prefetch_related("checks", "household"):
        checks = list(arrangement.checks.all())
        due = rules.PF_SUITABILITY_CHECKS.due_on(arrangement.notified_on)
        assert {c.due_on for c in checks} == {due}
        others = sorted(c.kind for c in checks if c.kind != CheckKind.DBS)
        assert others == sorted(HOUSEHOLD_CHECKS)
        adults = {m.pk for m in arrangement.household.all() if m.is_adult}
        assert {c.member_id for c in checks if c.kind == CheckKind.DBS} == adults
        assert any(m.is_carer for m in arrangement.household.all())
        for check in checks:
            if check.completed_on is not None:
                assert check.completed_on >= arrangement.notified_on
                assert check.completed_by_id is not None
    assert SuitabilityCheck.objects.filter(completed_on__isnull=False).exists()


def test_decisions_follow_the_checks_and_are_authorised_by_the_team_s_manager(demo):
    decisions = SuitabilityDecision.objects.select_related("arrangement", "reviewed_by")
    assert decisions.filter(status=approvals.AUTHORISED).exists()
    assert decisions.filter(outcome=Outcome.PROHIBITED, status=approvals.AUTHORISED).count() <= 1
    for decision in decisions:
        arrangement = decision.arrangement
        done = arrangement.checks.values_list("completed_on", flat=True)
        assert None not in done
        assert decision.proposed_at.date() >= max(done)
        if decision.reviewed_by is not None:
            assert decision.reviewed_by.role == Role.TEAM_MANAGER
            assert decision.reviewed_by.teams.filter(pk=arrangement.team_id).exists()
            assert decision.reviewed_by_id != decision.proposed_by_id
    for row in decisions.filter(outcome=Outcome.PROHIBITED, status=approvals.AUTHORISED):
        assert row.arrangement.ended_on is None or row.arrangement.end_reason


def test_the_chronology_holds_the_lines_the_services_write(demo):
    kind = ChronologyEntry.Kind.PRIVATE_FOSTERING
    record_type = ContentType.objects.get_for_model(Arrangement)
    lines = ChronologyEntry.objects.filter(kind=kind)
    assert set(lines.values_list("record_type", flat=True)) == {record_type.pk}
    for arrangement in Arrangement.objects.all():
        summaries = set(lines.filter(record_id=arrangement.pk).values_list("summary", flat=True))
        notified = (
            f"Private fostering notified ({arrangement.get_notifier_display().lower()}):"
            f" arrangement {arrangement.reference}"
        )
        assert notified in summaries
        if arrangement.ended_on is not None:
            ended = (
                f"Private fostering ended: {arrangement.get_end_reason_display().lower()}"
                f" ({arrangement.reference})"
            )
            assert ended in summaries
    visits = FosteringVisit.objects.count()
    visit_lines = lines.filter(summary__startswith="Private fostering visit (").count()
    assert visit_lines == visits > 0
    authorised = SuitabilityDecision.objects.filter(status=approvals.AUTHORISED).count()
    assert lines.filter(summary__contains="suitability authorised").count() == authorised


def test_the_benchmark_arrangement_has_many_visits_over_three_years(demo, client):
    worker = User.objects.get(username="pf.worker")
    busiest = (
        Arrangement.objects.filter(team__in=worker.teams.all(), ended_on=None)
        .annotate(visit_count=Count("visits"))
        .order_by("-visit_count")
        .first()
    )
    assert busiest.visit_count >= 40
    assert busiest.notified_on <= timezone.localdate() - timedelta(days=3 * 365)
    client.force_login(worker)

    response = client.get(reverse("privatefostering:arrangement", args=[busiest.pk]))

    assert response.status_code == 200
    assert busiest.reference in response.content.decode()
    listed = client.get(reverse("privatefostering:team")).context["page_obj"]
    assert busiest.pk in {a.pk for a in listed}
