"""Risk first: the managers' queues (threshold decisions, assessments and closures to authorise,
referrals to allocate, the team tray) list the children most at risk first, then the longest
waiting, and show each child's RAG rating from the front door.

A child is at high risk when their open episode came from a contact rated red or a decision for a
strategy discussion (section 47), or a section 47 enquiry about them is under way. Each queue reads
these as annotations, so a page runs the same number of queries however long it is.
"""

from django.db.models import (
    Case,
    CharField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from opencsc.casework.models import Referral

# The front door's Rating.RED and Outcome.SECTION_47 (the kernel sits below the front door, so it
# names the codes; a test checks they agree).
RED = "red"
SECTION_47 = "section_47"


def _open_episodes(child_ref: str) -> QuerySet[Referral]:
    return Referral.objects.filter(child_id=OuterRef(child_ref), status=Referral.Status.OPEN)


def is_high_risk(child_ref: str) -> Q:
    """The child (at `child_ref`) has an open episode from a red contact or a section 47
    decision, or a section 47 enquiry not yet completed."""
    # One filter() call: the enquiry found is one row, both under way and existing.
    under_way = Q(enquiries__pk__isnull=False, enquiries__completed_on__isnull=True)
    risky = _open_episodes(child_ref).filter(
        Q(contact__rating=RED) | Q(decision__outcome=SECTION_47) | under_way
    )
    return Q(Exists(risky))


def risk_order(condition: Q) -> Case:
    """0 for the rows `condition` marks as high risk, 1 for the rest: ordered first."""
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def rating(child_ref: str) -> Subquery:
    """The RAG rating of the contact that opened the child's newest open episode ("" when it came
    without a rated contact)."""
    newest = _open_episodes(child_ref).order_by("-referred_on", "-pk").values("contact__rating")
    return Subquery(newest[:1], output_field=CharField())
