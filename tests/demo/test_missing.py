"""The small demo's missing episodes (issue 14, part 7): a year of episodes with the returns, the
MASH's matching and decisions, the return home interviews, and the due items, tray notices and
chronology lines the services write; a child with many episodes for the benchmark; restricted
children never named on the lists."""

from datetime import datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from opencsc.accounts.models import Role, Team, User
from opencsc.chronology.models import ChronologyEntry
from opencsc.missing.codes import OfferOutcome
from opencsc.missing.models import (
    InterviewAttempt,
    MissingEpisode,
    MissingNotice,
    ReturnInterview,
)
from opencsc.missing.services import INTERVIEW_SUMMARY, MASH_SUMMARY, NOTICE_SUMMARY
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem

LONDON = timezone.get_default_timezone()


def _items(rule, model=MissingEpisode):
    return DueItem.objects.filter(
        rule=rule.code, record_type=ContentType.objects.get_for_model(model)
    )


def test_a_year_of_episodes_of_children_known_and_not_known(demo):
    episodes = MissingEpisode.objects.all()
    assert episodes.count() >= 40
    first = min(e.missing_since.date() for e in episodes)
    assert first >= timezone.localdate() - timedelta(days=365)
    assert all(e.reported_at.date() < timezone.localdate() for e in episodes)
    # Known (a team held the child) and not known (matched by the MASH, or still waiting).
    assert episodes.filter(held_by_team__isnull=False).exists()
    assert episodes.filter(child__isnull=False, held_by_team__isnull=True).exists()
    assert episodes.filter(child__isnull=True).exclude(given_name="").exists()
    # The police's reports and staff's; some children not found yet.
    assert episodes.filter(agency__kind="police", recorded_by__role=Role.PARTNER_AGENCY).exists()
    assert episodes.filter(agency=None).exclude(recorded_by__role=Role.PARTNER_AGENCY).exists()
    assert episodes.filter(returned_at=None).exists()
    assert episodes.filter(safe_and_well_at__isnull=False).exists()


def test_every_returned_episode_has_its_72_hour_item_as_the_return_opens_it(demo):
    returned = MissingEpisode.objects.filter(returned_at__isnull=False)
    items = {item.record_id: item for item in _items(rules.RETURN_HOME_INTERVIEW)}
    mash = Team.objects.filter(kind=Team.Kind.MASH).order_by("pk").first()
    assert set(items) == set(returned.values_list("pk", flat=True))
    for episode in returned:
        item = items[episode.pk]
        assert item.summary == INTERVIEW_SUMMARY
        assert item.due_at == rules.RETURN_HOME_INTERVIEW.due_at(episode.returned_at)
        assert item.child_id == episode.child_id
        assert item.team_id == (episode.held_by_team_id or mash.pk)
        assert item.owner_id is None


def test_the_72_hour_item_closes_on_a_decline_or_the_interview_and_only_then(demo):
    items = {item.record_id: item for item in _items(rules.RETURN_HOME_INTERVIEW)}
    declined = set(
        InterviewAttempt.objects.filter(outcome=OfferOutcome.DECLINED).values_list(
            "episode_id", flat=True
        )
    )
    held = set(ReturnInterview.objects.values_list("episode_id", flat=True))
    assert declined
    assert held
    for record_id, item in items.items():
        answered = record_id in declined or record_id in held
        assert (item.closed_at is not None) == answered, record_id
        if record_id in declined and item.closed_at is not None:
            assert item.close_note.endswith(": declined")
    # Overdue interviews for the lists: open items past their 72 hours.
    assert (
        _items(rules.RETURN_HOME_INTERVIEW)
        .filter(
            closed_at=None,
            due_at__lt=datetime.combine(timezone.localdate(), time(0), tzinfo=LONDON),
        )
        .exists()
    )


def test_offers_and_interviews_follow_the_return_by_the_return_interview_officers(demo):
    attempts = InterviewAttempt.objects.select_related("episode")
    assert {a.outcome for a in attempts} == set(OfferOutcome.values)
    for attempt in attempts:
        assert attempt.attempted_at >= attempt.episode.returned_at
        assert attempt.recorded_by.role == Role.RETURN_INTERVIEW_OFFICER
    for interview in ReturnInterview.objects.select_related("episode"):
        assert interview.held_at >= interview.episode.returned_at
        assert interview.interviewer.role == Role.RETURN_INTERVIEW_OFFICER
        assert interview.episode.interview_attempts.filter(outcome=OfferOutcome.ACCEPTED).exists()
    assert ReturnInterview.objects.filter(actions__isnull=False).exists()
    assert User.objects.get(username="return.officer").pk in set(
        ReturnInterview.objects.values_list("interviewer", flat=True)
    )
    # Known and not-known children are offered the interview the same way.
    offered = MissingEpisode.objects.filter(interview_attempts__isnull=False)
    assert offered.filter(held_by_team__isnull=False).exists()
    assert offered.filter(held_by_team__isnull=True).exists()


def test_the_holding_team_is_told_and_the_mash_gets_the_police_reports(demo):
    held = MissingEpisode.objects.filter(held_by_team__isnull=False)
    notices = _items(rules.MISSING_POLICE_NOTIFICATION, MissingNotice)
    assert notices.count() == MissingNotice.objects.count() > 0
    assert set(notices.values_list("summary", flat=True)) == {NOTICE_SUMMARY}
    assert notices.filter(closed_at=None).count() < notices.count()
    told = set(MissingNotice.objects.values_list("episode_id", flat=True))
    assert told == set(held.values_list("pk", flat=True))
    for notice in MissingNotice.objects.select_related("told"):
        assert notice.told.role in {
            Role.SOCIAL_WORKER,
            Role.ADVANCED_PRACTITIONER,
            Role.TEAM_MANAGER,
        }
    mash = _items(rules.MISSING_POLICE_NOTIFICATION)
    police = MissingEpisode.objects.filter(agency__isnull=False)
    assert set(mash.values_list("record_id", flat=True)) == set(police.values_list("pk", flat=True))
    assert set(mash.values_list("summary", flat=True)) == {MASH_SUMMARY}
    # Open while the MASH has neither matched a held child nor decided.
    for item in mash:
        episode = police.get(pk=item.record_id)
        waiting = episode.child_id is None or (
            episode.held_by_team_id is None and not episode.follow_up
        )
        assert (item.closed_at is None) == waiting, episode.pk


def test_chronology_lines_as_the_services_write_them(demo):
    lines = ChronologyEntry.objects.filter(kind=ChronologyEntry.Kind.MISSING)
    matched = MissingEpisode.objects.filter(child__isnull=False)
    expected = (
        matched.count()
        + matched.filter(returned_at__isnull=False).count()
        + matched.exclude(follow_up="").count()
        + InterviewAttempt.objects.filter(episode__child__isnull=False)
        .exclude(outcome=OfferOutcome.NOT_REACHED)
        .count()
        + ReturnInterview.objects.filter(episode__child__isnull=False).count()
    )
    assert lines.count() == expected
    assert not lines.filter(child__isnull=True).exists()


def test_a_child_held_by_the_cp_workers_team_has_many_episodes(demo):
    most = MissingEpisode.objects.values("child").annotate(n=Count("id")).order_by("-n").first()
    assert most is not None
    assert most["n"] >= 20
    child = Person.objects.get(pk=most["child"])
    teams = User.objects.get(username="cp.worker").teams.all()
    assert child.allocations.filter(ended_on=None, team__in=teams).exists()
    assert not child.is_restricted
    many = MissingEpisode.objects.values("child").annotate(n=Count("id")).filter(n__gte=10)
    assert many.count() >= 3


def _list_pages(client, url):
    html, page = [], 1
    while True:
        response = client.get(f"{url}?page={page}")
        assert response.status_code == 200
        html.append(response.content.decode())
        if page >= response.context["page_obj"].paginator.num_pages:
            return "".join(html)
        page += 1


def test_restricted_children_go_missing_but_are_never_named_on_the_lists(demo, client):
    restricted = Person.objects.filter(is_restricted=True, missing_episodes__isnull=False)
    assert restricted.exists()
    assert not MissingEpisode.objects.filter(child__is_restricted=True).exclude(given_name="")
    for username, url in (
        ("mash", reverse("missing:mash")),
        ("return.officer", reverse("missing:interviews")),
    ):
        client.force_login(User.objects.get(username=username))
        html = _list_pages(client, url)
        assert "<td" in html, username
        for child in restricted.distinct():
            assert child.last_name not in html, (username, child.pk)
