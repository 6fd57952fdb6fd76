"""The statutory pathway of each episode of need: assessments, strategy discussions, section 47
enquiries, conferences, child protection and child in need plans, core groups, visits, transfers
between teams, closures, and the due items and chronology they leave.

`plan_pathway` runs in memory after the front door is planned (it sets each closed episode's CIN
census closure reason, saved with the referral); each app's demo module saves its own rows
after the front door, sharing a `PathwaySaver`. Each episode follows what its cases imply, and
the rules the services enforce (the CIN census record invariants in shared/domain/cin_census.md):

- A referral closed with no further action holds nothing but its closure. Every other episode
  has a child and family assessment, started when the case was allocated (siblings referred
  together share a family assessment), authorised by the team's manager when it ended, unless the
  episode is still open and the assessment within its 45 working days or late.
- A section 47 decision at the front door leads to a strategy discussion on the decision day (the
  police attending, a medical decision when physical or sexual harm is alleged), usually agreeing
  a section 47 enquiry. Some enquiries call an initial conference within 15 working days (CIN-2025
  table C4), never at a weekend; most conferences make a child protection plan that starts that
  day, in the categories of `shares.cp_initial_category`.
- Children held by a child protection team are either on a child protection plan (open plans last
  as CIN-2025 table D5 says), stepped down at a review conference to a child in need plan starting
  the day after (kept open at least 3 months), or on a child in need plan. Some open plans are a
  second plan in the episode (`england.child_protection_plans.second_or_subsequent_share`): the
  first ended and stepped down, and a later strategy discussion led back to a conference.
- Children held by a disabled children's team are on a child in need plan and have disabilities
  recorded; children in care were assessed as needing to be looked after.
- Plans have review conferences (first within 3 months, then at most every 6), core groups, visits
  about every 10 working days (child in need: 20), a few late, and child in need plans their
  actions, contingency and reviews. Open plans have their due items; a few visits have slipped.
- A case that moved from an assessment team to a long-term team was transferred (requested once
  the assessment was authorised, accepted the day the long-term team took it); some assessed
  children still wait for a team. Closed episodes have an authorised closure: RC8 or RC9 after an
  assessment alone, RC7 after an enquiry or a plan, or with no further action at referral.

- Children on long-term plans have their assessment updated each year. Each case of an episode
  names its referral and the manager's direction; each current one has directed actions.

The design shares in `records.py` are tuned so that `la` lands near the `la` targets in
shared/domain/rates.yaml (about 4,300 assessments, 1,400 section 47 enquiries, 390 initial
conferences and 310 plans started a year, 270 plans open, a quarter of them repeats); the build
prints its figures. Check an `la` build's invariants by hand with
`PYTHONPATH=. opencsc shell -c "from tests.demo.test_pathway import report; report()"`.

Everything random is drawn from the build's random source in a fixed order, so a seed builds the
same pathway. Deadlines come from `timescales.rules`; the gaps between events are drawn here.
"""
