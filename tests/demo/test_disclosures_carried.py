"""Every strategy discussion the demo holds after a disclosure of physical or sexual abuse alleges
harm or says why not, and decides on a medical (issue 13, part 3). Its own module: it builds the
demo on a fixed day rather than using the module's demo of today."""

from django.db.models import Q

from opencsc.protection.models import StrategyDiscussion
from tests.demo.conftest import build_in_savepoint


def _carried_discussions() -> tuple[int, int, int]:
    carried = StrategyDiscussion.objects.exclude(contact_disclosure="")
    unexplained = carried.filter(Q(harm_alleged=False, harm_alleged_change_reason=""))
    return carried.count(), unexplained.count(), carried.filter(medical_decision="").count()


def test_every_discussion_after_a_disclosure_alleges_harm_or_says_why_not(db):
    # Built on a fixed day: the small demo has only a handful of disclosures, and on some days
    # none of them has reached a strategy discussion yet (it is still due), which is no fault.
    carried, unexplained, undecided = build_in_savepoint(seed=7, digest=_carried_discussions)

    assert carried > 0
    assert unexplained == 0
    assert undecided == 0
