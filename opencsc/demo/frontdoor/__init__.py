"""A year of front-door work: contacts, RAG ratings, agency checks, MASH meetings, threshold
decisions, referrals, early help transfers, and their due items and chronology.

`plan_front_door` runs in memory after the cases are planned; `save_front_door` writes the rows
after the allocations. The rows follow what the front door's services would have written, as it
stands at 07:30 today (`CUT_OFF`): anything later has not happened yet, so the last days' contacts
are still open, some rated, some with checks out, some awaiting a manager.

How the front door fits the cases already planned:

- Each allocation that opens an episode of need (an assessment, or a long-term team without one just
  before it) has its referral, and one episode per child is open at most. When the episode started
  within the year, its referral comes from a contact decided "section 17" or "section 47" by the day
  the case started (the start moves to the decision day if need be); earlier episodes have a
  referral without a contact. An early help case starting within the year comes from a contact
  decided "early help" (a step-down transfer).
- Every other contact is about children whose record exists by then; a child's record is created by
  their first contact (`Build.recorded_on`, also used by the chronology).
- A contact about a child whose case or referral is open is passed to the allocated worker (advice).
- Other statutory decisions open a referral that closed before today: with no further action, or
  after an assessment by an assessment team (a closed allocation added to the cases). Children are
  picked so that about `la.re_referral_share` of the year's referrals are re-referrals, and each
  referral's flag is then computed from the child's referrals with `rules.RE_REFERRAL`.
- Due items are open for contacts without a decision (from their rating's rule, or
  `REFERRAL_DECISION` before triage) and for checks not returned; what follows a referral (the
  assessment, strategy discussion, enquiry, plans, visits, closure) is planned by `pathway/`.
"""

from opencsc.demo.frontdoor.planning import plan_front_door
from opencsc.demo.frontdoor.records import (
    ASSESSMENT_DAYS,
    CUT_OFF,
    LONG_TERM,
    Episode,
    FrontDoorPlan,
)
from opencsc.demo.frontdoor.saving import save_front_door

__all__ = [
    "ASSESSMENT_DAYS",
    "CUT_OFF",
    "LONG_TERM",
    "Episode",
    "FrontDoorPlan",
    "plan_front_door",
    "save_front_door",
]
