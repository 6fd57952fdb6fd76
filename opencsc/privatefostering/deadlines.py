"""When the next private fostering visit falls due: one function, from the rules in
timescales/rules.py (PF_VISIT_PROPOSED, PF_FIRST_VISIT, PF_VISIT_FIRST_YEAR, PF_VISIT_LATER_YEARS).

- No visit yet: 7 working days after the council was notified (across weekends and bank
  holidays): PF_VISIT_PROPOSED for an arrangement not yet begun, PF_FIRST_VISIT for one running.
- After a visit in the first year (counted from the day the council became aware, the notification,
  PF Regs 2005 reg 8(6)): at most 6 weeks after it (PF_VISIT_FIRST_YEAR).
- After a visit on or after the first anniversary: at most 12 weeks (PF_VISIT_LATER_YEARS).
Weeks are calendar weeks: a date on a weekend or bank holiday stays (the regulations count
calendar time), as the rules say.
"""

from datetime import date

from opencsc.timescales import calendar, rules


def first_year_ends(aware_on: date) -> date:
    """The first anniversary of the day the council became aware: the first year ends the day
    before it."""
    return calendar.add_months(aware_on, 12)


def next_visit(
    *, aware_on: date, proposed: bool, last_visit_on: date | None
) -> tuple[rules.Rule, date]:
    """The rule the next visit falls due by, and the day it counts from."""
    if last_visit_on is None:
        return (rules.PF_VISIT_PROPOSED if proposed else rules.PF_FIRST_VISIT), aware_on
    if last_visit_on < first_year_ends(aware_on):
        return rules.PF_VISIT_FIRST_YEAR, last_visit_on
    return rules.PF_VISIT_LATER_YEARS, last_visit_on


def next_visit_due(*, aware_on: date, proposed: bool, last_visit_on: date | None) -> date:
    """The day the next visit is due."""
    rule, start = next_visit(aware_on=aware_on, proposed=proposed, last_visit_on=last_visit_on)
    return rule.due_on(start)


# Every rule a visit falls due by: the arrangement's open visit item is of one of them.
VISIT_RULES = rules.PF_VISIT_RULES
