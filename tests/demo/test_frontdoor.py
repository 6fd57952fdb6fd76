"""The demo's year of front-door work (small, seed 7): volumes, decisions, referrals, worklists."""

from collections import Counter, defaultdict
from datetime import datetime, timedelta
from itertools import pairwise

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from opencsc import permissions
from opencsc.accounts.models import Agency, Role, Team, User
from opencsc.casework.models import Allocation, Referral, Transfer
from opencsc.chronology.models import ChronologyEntry
from opencsc.demo.frontdoor import CUT_OFF
from opencsc.demo.sizes import SIZES
from opencsc.frontdoor import selectors
from opencsc.frontdoor.codes import PHYSICAL_OR_SEXUAL, STATUTORY_OUTCOMES, Outcome
from opencsc.frontdoor.models import (
    AgencyCheck,
    Contact,
    ContactChild,
    ContactDecision,
    ContactRating,
    MeetingItem,
)
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales.models import DueItem

EPISODE_TEAMS = (
    Team.Kind.ASSESSMENT,
    Team.Kind.CHILD_PROTECTION,
    Team.Kind.CHILDREN_IN_CARE,
    Team.Kind.DISABLED_CHILDREN,
)


def _cut_off() -> datetime:
    return datetime.combine(timezone.localdate(), CUT_OFF, tzinfo=timezone.get_default_timezone())


def test_a_year_of_contacts_about_children_in_the_build(demo):
    today = timezone.localdate()
    received = [
        timezone.localtime(at).date()
        for at in Contact.objects.values_list("received_at", flat=True)
    ]
    links = ContactChild.objects.select_related("child")

    assert len(received) == SIZES["small"].contacts_per_year
    assert min(received) >= today - timedelta(days=400)
    assert max(received) <= today
    assert all(link.child.is_child for link in links if link.child_id)
    assert all(link.given_name for link in links if link.child_id is None)
    assert links.filter(child__isnull=False).values("child").distinct().count() >= 100


def test_nothing_happened_after_the_cut_off(demo):
    cut_off = _cut_off()
    moments = [
        *Contact.objects.values_list("received_at", flat=True),
        *ContactRating.objects.values_list("rated_at", flat=True),
        *AgencyCheck.objects.values_list("requested_at", flat=True),
        *AgencyCheck.objects.exclude(returned_at=None).values_list("returned_at", flat=True),
        *ContactDecision.objects.values_list("proposed_at", flat=True),
        *ContactDecision.objects.exclude(reviewed_at=None).values_list("reviewed_at", flat=True),
    ]

    assert max(moments) <= cut_off


def test_each_step_follows_the_one_before(demo):
    contacts = Contact.objects.prefetch_related("ratings", "checks", "decisions")

    for contact in contacts:
        ratings = sorted(rating.rated_at for rating in contact.ratings.all())
        if ratings:
            assert ratings[0] >= contact.received_at
        for check in contact.checks.all():
            assert check.requested_at >= ratings[0]
        decisions = sorted(contact.decisions.all(), key=lambda decision: decision.version)
        for decision in decisions:
            assert decision.proposed_at >= ratings[-1]
            if decision.reviewed_at:
                assert decision.reviewed_at >= decision.proposed_at


def test_ratings_consent_and_disclosures_are_mixed(demo):
    ratings = Counter(Contact.objects.values_list("rating", flat=True))
    consent = Counter(Contact.objects.values_list("consent", "is_consent_overridden"))
    overridden = Contact.objects.filter(is_consent_overridden=True)

    assert {"red", "amber", "green"} <= set(ratings)
    assert {("given", False), ("refused", False), ("refused", True)} <= set(consent)
    assert {("not_sought", False), ("not_sought", True)} <= set(consent)
    assert not overridden.filter(consent_override_rationale="").exists()
    # Authorised by a manager's login (issue 13), never a typed name.
    assert not overridden.filter(consent_override_authorised_by__isnull=True).exists()
    assert Contact.objects.exclude(disclosure="").exists()
    assert ContactRating.objects.count() > Contact.objects.exclude(rating="").count() * 0.95


def test_decisions_are_authorised_by_a_mash_manager_some_returned_first(demo):
    mash = Team.objects.get(kind=Team.Kind.MASH)
    managers = set(
        mash.memberships.filter(user__role=Role.TEAM_MANAGER).values_list("user", flat=True)
    )
    decided = Contact.objects.filter(status=Contact.Status.DECIDED).prefetch_related("decisions")
    outcomes = Counter(
        ContactDecision.objects.filter(status="authorised").values_list("outcome", flat=True)
    )

    for contact in decided:
        authorised = [d for d in contact.decisions.all() if d.status == "authorised"]
        assert len(authorised) == 1
        decision = authorised[0]
        assert decision.reviewed_by_id in managers
        assert decision.reviewed_by_id != decision.proposed_by_id
        assert timezone.localtime(decision.reviewed_at).date() == contact.decided_on
        assert decision.version == max(d.version for d in contact.decisions.all())
    assert set(outcomes) == set(Outcome.values)
    assert ContactDecision.objects.filter(status="returned").exclude(manager_comment="").exists()
    assert not ContactDecision.objects.filter(status="returned", manager_comment="").exists()


def test_a_disclosure_of_physical_or_sexual_abuse_goes_to_a_strategy_discussion_or_says_why_not(
    demo,
):
    decisions = ContactDecision.objects.filter(
        status="authorised", contact__disclosure__in=PHYSICAL_OR_SEXUAL
    ).exclude(outcome=Outcome.SECTION_47)

    assert not decisions.filter(no_strategy_discussion_reason="").exists()


def test_statutory_decisions_refer_each_child_and_early_help_steps_down(demo):
    statutory = ContactDecision.objects.filter(status="authorised", outcome__in=STATUTORY_OUTCOMES)
    early_help = ContactDecision.objects.filter(status="authorised", outcome=Outcome.EARLY_HELP)

    for decision in statutory.select_related("contact"):
        children = set(decision.contact.children.values_list("child", flat=True))
        referred = set(Referral.objects.filter(decision=decision).values_list("child", flat=True))
        assert children == referred
    for decision in early_help.select_related("contact"):
        children = set(decision.contact.children.values_list("child", flat=True))
        stepped_down = Transfer.objects.filter(
            contact=decision.contact, kind=Transfer.Kind.STEP_DOWN, to_team=decision.early_help_team
        )
        assert set(stepped_down.values_list("child", flat=True)) == children
    assert statutory.exists()
    assert early_help.exists()


def test_re_referral_flags_follow_the_12_month_rule(demo):
    by_child = defaultdict(list)
    for referral in Referral.objects.order_by("referred_on", "pk"):
        by_child[referral.child_id].append(referral)

    for referrals in by_child.values():
        for earlier, referral in zip([None, *referrals], referrals, strict=False):
            within = earlier is not None and referral.referred_on <= rules.RE_REFERRAL.due_on(
                earlier.referred_on
            )
            assert referral.is_re_referral == within
            assert referral.previous_referral_id == (earlier.pk if within else None)
    assert Referral.objects.filter(is_re_referral=True).exists()


def test_each_child_has_one_episode_at_a_time_open_while_their_case_is(demo):
    open_cases = set(
        Allocation.objects.filter(ended_on=None, team__kind__in=EPISODE_TEAMS).values_list(
            "child", flat=True
        )
    )
    by_child = defaultdict(list)
    for referral in Referral.objects.order_by("referred_on"):
        by_child[referral.child_id].append(referral)

    for referrals in by_child.values():
        for earlier, later in pairwise(referrals):
            assert earlier.status == Referral.Status.CLOSED
            assert earlier.closed_on < later.referred_on
    assert set(Referral.objects.filter(status="open").values_list("child", flat=True)) == open_cases
    assert not Referral.objects.filter(status="closed", closed_on=None).exists()


def test_cases_start_once_the_contact_is_decided(demo):
    for referral in Referral.objects.exclude(contact=None).select_related("contact"):
        case = (
            Allocation.objects.filter(child=referral.child_id, started_on__gte=referral.referred_on)
            .order_by("started_on")
            .first()
        )
        if case is not None and case.started_on < referral.referred_on + timedelta(days=30):
            assert case.started_on >= referral.contact.decided_on


def test_open_contacts_and_checks_have_due_items_some_overdue(demo):
    today = timezone.localdate()
    contact_type = ContentType.objects.get_for_model(Contact)
    check_type = ContentType.objects.get_for_model(AgencyCheck)
    open_items = DueItem.objects.filter(closed_at=None)
    undecided = Contact.objects.exclude(status=Contact.Status.DECIDED)
    requested = AgencyCheck.objects.filter(status=AgencyCheck.Status.REQUESTED)

    for contact in undecided:
        # A disclosure's strategy-discussion watch stays open through rating (issue 13).
        items = open_items.filter(record_type=contact_type, record_id=contact.pk).exclude(
            rule="disclosure_strategy_discussion"
        )
        rule = f"contact_decision_{contact.rating}" if contact.rating else "referral_decision"
        assert [(item.rule, item.due_on) for item in items] == [(rule, contact.decision_due_on)]
    for check in requested:
        items = open_items.filter(record_type=check_type, record_id=check.pk)
        rule = "agency_check_red" if check.due_at else "agency_check"
        assert [(item.rule, item.due_on) for item in items] == [(rule, check.due_on)]
    decided = Contact.objects.filter(status=Contact.Status.DECIDED).values_list("pk", flat=True)
    assert not open_items.filter(record_type=contact_type, record_id__in=list(decided)).exists()
    assert undecided.exists()
    assert requested.exists()
    assert undecided.filter(decision_due_on__lt=today).exists()


def test_the_mash_queue_and_meeting_have_work_today(demo):
    manager = User.objects.get(username="mash.manager")
    now, today = timezone.now(), timezone.localdate()

    queue = selectors.mash_queue(user=manager, now=now, today=today)

    assert queue.exists()
    assert selectors.overdue_checks(user=manager, now=now, today=today).exists()
    assert MeetingItem.objects.exclude(agreed="").exists()


def test_mash_manager_is_a_team_manager_in_the_mash_who_authorises(demo):
    manager = User.objects.get(username="mash.manager")

    assert manager.role == Role.TEAM_MANAGER
    assert list(manager.teams.values_list("kind", flat=True)) == [Team.Kind.MASH]
    assert permissions.can(manager, permissions.Action.AUTHORISE_DECISION)
    assert ContactDecision.objects.filter(reviewed_by=manager, status="authorised").exists()


def test_police_login_sees_contacts_its_agency_made_and_checks_addressed_to_it(demo):
    police = User.objects.get(username="police")

    contacts = selectors.partner_contacts(user=police)
    waiting = selectors.partner_checks(user=police, waiting=True)
    answered = selectors.partner_checks(user=police, waiting=False)

    assert police.agency.kind == Agency.Kind.POLICE
    assert contacts.exists()
    assert set(contacts.values_list("referrer_agency", flat=True)) == {police.agency_id}
    assert contacts.exclude(status=Contact.Status.DECIDED).exists()
    assert waiting.exists()
    assert answered.filter(status="returned", returned_by=police).exists()


def test_children_have_contact_and_referral_entries_in_their_chronology(demo):
    links = ContactChild.objects.exclude(child=None).select_related("contact")[:200]
    contact_type = ContentType.objects.get_for_model(Contact)

    for link in links:
        entries = ChronologyEntry.objects.filter(
            child=link.child_id, record_type=contact_type, record_id=link.contact_id
        )
        assert entries.filter(summary__startswith=f"Contact {link.contact.reference} from").exists()
    for referral in Referral.objects.all():
        assert ChronologyEntry.objects.filter(
            child=referral.child_id,
            kind=ChronologyEntry.Kind.REFERRAL,
            happened_on=referral.referred_on,
        ).exists()
    first_contacts = {child: min(days) for child, days in _contact_days_by_child().items()}
    created = dict(
        ChronologyEntry.objects.filter(kind=ChronologyEntry.Kind.RECORD_CREATED).values_list(
            "child", "happened_on"
        )
    )
    assert all(created[child] <= day for child, day in first_contacts.items())


def _contact_days_by_child():
    days = defaultdict(list)
    for child, received in ContactChild.objects.exclude(child=None).values_list(
        "child", "contact__received_at"
    ):
        days[child].append(timezone.localtime(received).date())
    return days


def test_unborn_children_have_pre_birth_concerns(demo):
    unborn = Contact.objects.filter(children__child__kind=Person.Kind.UNBORN).distinct()

    for contact in unborn:
        if contact.children.count() == 1:
            assert "pregnant" in contact.concern_details


# Consent and checks at the decision (issue 13)


def test_consent_given_or_refused_records_who_was_asked(demo):
    from opencsc.frontdoor.models import ConsentRecord

    sought = Contact.objects.filter(consent__in=["given", "refused"])
    records = ConsentRecord.objects.all()
    answers = {record.contact_id: record.answer for record in records}

    assert records.count() == sought.count() > 0
    assert all(answers[contact.pk] == contact.consent for contact in sought)
    assert not records.filter(contact__consent="not_sought").exists()
    assert {record.asked for record in records} >= {"parent", "young_person"}


def test_every_override_was_authorised_by_a_managers_login(demo):
    from opencsc.frontdoor.models import ConsentOverride

    overridden = Contact.objects.filter(is_consent_overridden=True)
    overrides = ConsentOverride.objects.select_related("contact", "reviewed_by", "proposed_by")

    assert overridden.exists()
    assert not overridden.filter(consent_override_authorised_by=None).exists()
    assert all(
        override.status == "authorised"
        and override.reviewed_by == override.contact.consent_override_authorised_by
        and override.proposed_by != override.reviewed_by
        and override.reviewed_by.role == Role.TEAM_MANAGER
        for override in overrides
    )
    assert overrides.count() == overridden.exclude(practitioner=None).count()


def test_decisions_say_what_the_checks_stood_at_with_a_reason_where_needed(demo):
    from opencsc.frontdoor.codes import CHECKED_OUTCOMES

    decisions = list(ContactDecision.objects.all())
    needs_reason = [
        d
        for d in decisions
        if d.checks_at_proposal == "outstanding"
        or (d.checks_at_proposal == "none" and d.outcome in CHECKED_OUTCOMES)
    ]

    assert all(d.checks_at_proposal in {"returned", "outstanding", "none"} for d in decisions)
    assert {d.checks_at_proposal for d in decisions} == {"returned", "outstanding", "none"}
    assert needs_reason
    assert all(d.checks_reason for d in needs_reason)
    assert not [d for d in decisions if d.checks_reason and d not in needs_reason]
    # A check the demo withdrew at authorisation was the manager's recorded choice.
    withdrawn = set(
        AgencyCheck.objects.filter(status="withdrawn").values_list("contact_id", flat=True)
    )
    chosen = set(
        ContactDecision.objects.filter(status="authorised", open_checks="withdraw").values_list(
            "contact_id", flat=True
        )
    )
    assert withdrawn == chosen
