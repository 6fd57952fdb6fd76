"""The demo's protective decisions (issue 13, part 4) agree with its pathway: every "no section
47" and every enquiry ended without a conference was authorised by another manager; a few wait,
only on open work, and an unauthorised outcome has not ended its enquiry."""

from django.db.models import F

from opencsc.protection.models import ProtectiveDecision, Section47Enquiry, StrategyDiscussion


def test_every_no_section_47_has_one_decision(demo):
    discussions = set(
        StrategyDiscussion.objects.filter(start_section_47=False).values_list("pk", flat=True)
    )

    decided = list(
        ProtectiveDecision.objects.filter(decision_kind="no_section_47").values_list(
            "strategy_discussion_id", flat=True
        )
    )

    assert sorted(decided) == sorted(discussions)
    assert discussions


def test_every_enquiry_ended_without_a_conference_was_authorised(demo):
    ended = Section47Enquiry.objects.filter(outcome__in=["not_substantiated", "no_conference"])

    authorised = ProtectiveDecision.objects.filter(
        decision_kind="enquiry_outcome", status="authorised"
    )

    assert ended.exists()
    assert sorted(authorised.values_list("enquiry_id", "enquiry_outcome", "decided_on")) == sorted(
        ended.values_list("pk", "outcome", "completed_on")
    )


def test_no_decision_is_authorised_by_its_proposer(demo):
    assert ProtectiveDecision.objects.filter(reviewed_by=F("proposed_by")).exists() is False


def test_a_few_wait_on_open_work_and_have_not_ended_their_enquiry(demo):
    waiting = ProtectiveDecision.objects.filter(status="proposed")

    assert 0 < waiting.count() < ProtectiveDecision.objects.count() / 4
    assert set(waiting.values_list("referral__status", flat=True)) == {"open"}
    assert (
        waiting.filter(
            decision_kind="enquiry_outcome", enquiry__completed_on__isnull=False
        ).exists()
        is False
    )
