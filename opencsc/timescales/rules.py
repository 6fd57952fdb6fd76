"""Every deadline rule OpenCSC tracks, one named object each, as set out in TIMESCALES.md.

Rows in TIMESCALES.md with no period are not rules here; services record them without a due date:
- section 47 enquiry: no separate period; it concludes within ASSESSMENT and in time for the ICPC;
- visits to a child in a short-break placement: at intervals agreed with the IRO and parents
  (CPPCR 2010 reg 48);
- pathway plan prepared as soon as possible after the needs assessment (CPPCR 2010 reg 43);
- health history summary given by the 18th birthday (a date, not a period after an event);
- case audit actions: the auditor sets the date;
- repeat child protection plan (any earlier plan), CIN census year (1 April to 31 March) and
  workforce census year (1 October to 30 September): flags and reporting years, not periods.
"""

import dataclasses
import enum
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeAlias
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from opencsc.timescales import calendar

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class WorkingDays:
    """A number of working days in England and Wales, the event's day being day 0."""

    n: int

    def after(self, start: date) -> date:
        """The Nth working day after `start`; for N = 0, the same or next working day."""
        return calendar.add_working_days(start, self.n)

    def before(self, end: date) -> date:
        """The Nth working day before `end`; for N = 0, the same or previous working day."""
        return calendar.subtract_working_days(end, self.n)

    def __str__(self) -> str:
        if self.n == 0:
            return "same working day"
        return f"{self.n} working day{'s' if self.n != 1 else ''}"


@dataclass(frozen=True)
class CalendarDays:
    """A number of calendar days; weekends and bank holidays do not move the date."""

    n: int

    def after(self, start: date) -> date:
        """The date `n` days after `start`."""
        return start + timedelta(days=self.n)

    def before(self, end: date) -> date:
        """The date `n` days before `end`."""
        return end - timedelta(days=self.n)

    def __str__(self) -> str:
        if self.n == 0:
            return "same day"
        return f"{self.n} day{'s' if self.n != 1 else ''}"


@dataclass(frozen=True)
class Weeks:
    """A number of weeks of 7 calendar days; weekends and bank holidays do not move the date."""

    n: int

    def after(self, start: date) -> date:
        """The date `n` weeks after `start`."""
        return start + timedelta(weeks=self.n)

    def before(self, end: date) -> date:
        """The date `n` weeks before `end`."""
        return end - timedelta(weeks=self.n)

    def __str__(self) -> str:
        return f"{self.n} week{'s' if self.n != 1 else ''}"


@dataclass(frozen=True)
class Months:
    """A number of months: the same day number, or the last day of a shorter month."""

    n: int

    def after(self, start: date) -> date:
        """The same day number `n` months after `start`, clamped to the month's end."""
        return calendar.add_months(start, self.n)

    def before(self, end: date) -> date:
        """The same day number `n` months before `end`, clamped to the month's end."""
        return calendar.add_months(end, -self.n)

    def __str__(self) -> str:
        return f"{self.n} month{'s' if self.n != 1 else ''}"


@dataclass(frozen=True)
class Hours:
    """A number of elapsed hours, counted in UTC and shown in Europe/London time."""

    n: int

    def after(self, start: datetime) -> datetime:
        """The moment `n` elapsed hours after `start`, in Europe/London time."""
        return (_as_utc(start) + timedelta(hours=self.n)).astimezone(LONDON)

    def before(self, end: datetime) -> datetime:
        """The moment `n` elapsed hours before `end`, in Europe/London time."""
        return (_as_utc(end) - timedelta(hours=self.n)).astimezone(LONDON)

    def __str__(self) -> str:
        return f"{self.n} hour{'s' if self.n != 1 else ''}"


Period: TypeAlias = WorkingDays | CalendarDays | Weeks | Months | Hours


@dataclass(frozen=True)
class NextWorkingDay:
    """A date counted in weeks or months that lands on a weekend or bank holiday moves to the
    next working day: a meeting or visit staff hold in working hours (a core group, a review)."""

    def adjust(self, day: date) -> date:
        """`day`, or the next working day after it."""
        return calendar.add_working_days(day, 0)

    def __str__(self) -> str:
        return "the next working day"


@dataclass(frozen=True)
class Keep:
    """A date counted in weeks or months stays where it falls, weekend or bank holiday, for the
    stated `reason` (the statute counts calendar time, or the date is a flag, not a meeting)."""

    reason: str

    def adjust(self, day: date) -> date:
        """`day` unchanged."""
        return day

    def __str__(self) -> str:
        return f"kept: {self.reason}"


NEXT_WORKING_DAY = NextWorkingDay()
WhenNotWorkingDay: TypeAlias = NextWorkingDay | Keep

# Reasons for keeping a date, shared by the rules they apply to.
STATUTE_COUNTS_CALENDAR_TIME = Keep(
    "the regulations count calendar weeks or months; the work can be done on any day, and moving"
    " the date would hide a breach"
)
NOT_A_MEETING = Keep("a flag or reporting date, not work to be done on the day")


def _as_utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive datetime is refused because its hour is ambiguous."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("Hour deadlines need an aware datetime (with a time zone).")
    return moment.astimezone(UTC)


class SetBy(enum.StrEnum):
    """Who sets a timescale: law (a breach if missed), statutory guidance, or the council."""

    LAW = "law"
    GUIDANCE = "guidance"
    LOCAL = "local"


@dataclass(frozen=True)
class Rule:
    """A deadline: a period counted from one event to another, with its source and who sets it.

    A rule `counted_back` runs backwards: `start` is the later event (a conference, an
    arrangement starting) and the due date is the latest moment the earlier one may happen.
    """

    code: str
    label: str
    period: Period
    source: str
    set_by: SetBy
    counts_from: str
    counts_to: str
    counted_back: bool = False
    when_not_working_day: WhenNotWorkingDay | None = None

    def __post_init__(self) -> None:
        if isinstance(self.period, Weeks | Months) and self.when_not_working_day is None:
            raise ImproperlyConfigured(
                f"{self.code} is counted in {type(self.period).__name__.lower()}: set"
                " when_not_working_day (NEXT_WORKING_DAY, or Keep with the reason)."
            )
        if self.counted_back and self.when_not_working_day is NEXT_WORKING_DAY:
            raise ImproperlyConfigured(
                f"{self.code} is counted back: the next working day would pass its latest date."
            )

    @property
    def is_local(self) -> bool:
        """Whether the council sets this period (OPENCSC_LOCAL_TIMESCALES may change it)."""
        return self.set_by is SetBy.LOCAL

    def effective_period(self) -> Period:
        """The period in force: for a local rule, the council's setting if it has one."""
        if not self.is_local:
            return self.period
        local_timescales = getattr(settings, "OPENCSC_LOCAL_TIMESCALES", {})
        if self.code not in local_timescales:
            return self.period
        n = local_timescales[self.code]
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            message = f"OPENCSC_LOCAL_TIMESCALES[{self.code!r}] must be a whole number, not {n!r}."
            raise ImproperlyConfigured(message)
        return dataclasses.replace(self.period, n=n)

    def due_on(self, start: date) -> date:
        """The date this rule falls due, counted from (or back from) `start`."""
        period = self.effective_period()
        if isinstance(period, Hours):
            raise TypeError(f"{self.code} is counted in hours: use due_at with a datetime.")
        if self.counted_back:
            return period.before(start)
        due = period.after(start)
        if isinstance(period, Weeks | Months) and self.when_not_working_day is not None:
            return self.when_not_working_day.adjust(due)
        return due

    def due_at(self, start: datetime) -> datetime:
        """The moment this hour rule falls due, in Europe/London time; `start` must be aware."""
        period = self.effective_period()
        if not isinstance(period, Hours):
            raise TypeError(f"{self.code} is counted in {period}: use due_on with a date.")
        return period.before(start) if self.counted_back else period.after(start)


# Front door

REFERRAL_DECISION = Rule(
    code="referral_decision",
    label="Referral decision",
    period=WorkingDays(1),
    source="Working Together to Safeguard Children 2023, chapter 3",
    set_by=SetBy.GUIDANCE,
    counts_from="referral received",
    counts_to="decision on the type of response, and the referrer told",
)
CONTACT_DECISION_RED = Rule(
    code="contact_decision_red",
    label="Contact decision (red)",
    period=WorkingDays(0),
    source="OpenCSC default; MASH protocols vary",
    set_by=SetBy.LOCAL,
    counts_from="contact received or re-rated red",
    counts_to="threshold decision",
)
CONTACT_DECISION_AMBER = Rule(
    code="contact_decision_amber",
    label="Contact decision (amber)",
    period=WorkingDays(1),
    source="OpenCSC default; MASH protocols vary",
    set_by=SetBy.LOCAL,
    counts_from="contact received or re-rated amber",
    counts_to="threshold decision",
)
CONTACT_DECISION_GREEN = Rule(
    code="contact_decision_green",
    label="Contact decision (green)",
    period=WorkingDays(3),
    source="OpenCSC default; MASH protocols vary",
    set_by=SetBy.LOCAL,
    counts_from="contact received or re-rated green",
    counts_to="threshold decision",
)
AGENCY_CHECK_RED = Rule(
    code="agency_check_red",
    label="Agency check returned (red)",
    period=Hours(4),
    source="OpenCSC default; MASH protocols vary",
    set_by=SetBy.LOCAL,
    counts_from="check requested",
    counts_to="partner agency's answer recorded",
)
AGENCY_CHECK = Rule(
    code="agency_check",
    label="Agency check returned (amber and green)",
    period=WorkingDays(1),
    source="OpenCSC default; MASH protocols vary",
    set_by=SetBy.LOCAL,
    counts_from="check requested",
    counts_to="partner agency's answer recorded",
)
STRATEGY_DISCUSSION = Rule(
    code="strategy_discussion",
    label="Strategy discussion",
    period=WorkingDays(0),
    source=(
        "Working Together to Safeguard Children 2023, chapter 3 (as soon as there is reasonable"
        " cause to suspect significant harm; no day count); period is the OpenCSC default"
    ),
    set_by=SetBy.LOCAL,
    counts_from="decision that the threshold for a strategy discussion is met",
    counts_to="strategy discussion held",
)
DISCLOSURE_STRATEGY_DISCUSSION = Rule(
    code="disclosure_strategy_discussion",
    label="Strategy discussion after a child disclosed physical or sexual abuse",
    period=WorkingDays(1),
    source=(
        "OpenCSC default for the manager alert; Working Together to Safeguard Children 2023,"
        " chapter 3 (strategy discussion whenever there is reasonable cause to suspect significant"
        " harm)"
    ),
    set_by=SetBy.LOCAL,
    counts_from="contact with the disclosure received",
    counts_to="strategy discussion held, or the manager's recorded reason why not",
)
NO_STRATEGY_AFTER_DISCLOSURE = Rule(
    code="no_strategy_after_disclosure",
    label="No strategy discussion after a disclosure: seen by a head of service",
    period=WorkingDays(0),
    source=(
        "OpenCSC default; Working Together to Safeguard Children 2023, chapter 3 (strategy"
        " discussion whenever there is reasonable cause to suspect significant harm)"
    ),
    set_by=SetBy.LOCAL,
    counts_from="decision authorised with a reason for no strategy discussion after a child"
    " disclosed physical or sexual abuse",
    counts_to="head of service's acknowledgement",
)
LADO_NOTIFICATION = Rule(
    code="lado_notification",
    label="Designated officer (LADO) told of an allegation",
    period=WorkingDays(1),
    source=(
        "Local procedures (e.g. North Yorkshire); Working Together to Safeguard Children 2023,"
        " chapter 4 (role, no period)"
    ),
    set_by=SetBy.LOCAL,
    counts_from="employer or agency aware of the allegation",
    counts_to="designated officer informed",
)

# Assessment and children in need

ASSESSMENT = Rule(
    code="assessment",
    label="Child and family assessment",
    period=WorkingDays(45),
    source="Working Together to Safeguard Children 2023, chapter 3",
    set_by=SetBy.GUIDANCE,
    counts_from="referral received",
    counts_to="assessment completed and authorised by a manager",
)
CHILD_SEEN_RED = Rule(
    code="child_seen_red",
    label="Child seen during assessment (red)",
    period=WorkingDays(0),
    source="OpenCSC default; Working Together to Safeguard Children 2023 (no period)",
    set_by=SetBy.LOCAL,
    counts_from="referral received",
    counts_to="child seen, alone where appropriate",
)
CHILD_SEEN_AMBER = Rule(
    code="child_seen_amber",
    label="Child seen during assessment (amber)",
    period=WorkingDays(1),
    source="OpenCSC default; Working Together to Safeguard Children 2023 (no period)",
    set_by=SetBy.LOCAL,
    counts_from="referral received",
    counts_to="child seen, alone where appropriate",
)
CHILD_SEEN_GREEN = Rule(
    code="child_seen_green",
    label="Child seen during assessment (green)",
    period=WorkingDays(5),
    source="OpenCSC default; Working Together to Safeguard Children 2023 (no period)",
    set_by=SetBy.LOCAL,
    counts_from="referral received",
    counts_to="child seen, alone where appropriate",
)
SEEN_ALONE_REASON = Rule(
    code="seen_alone_reason",
    label="Reason the child was not seen alone during the assessment",
    period=WorkingDays(0),
    source="OpenCSC default; Working Together to Safeguard Children 2023, chapter 3 (children seen"
    " alone where appropriate)",
    set_by=SetBy.LOCAL,
    counts_from="assessment authorised without the child seen alone or a reason why not",
    counts_to="team manager's note on the alert",
)
RESTRICTED_WITH_OPEN_REFERRAL = Rule(
    code="restricted_with_open_referral",
    label="Record restricted while the child's referral is open",
    period=WorkingDays(0),
    source="OpenCSC default; a restriction hides the child from the staff who would act on the"
    " referral, so a head of service oversees it",
    set_by=SetBy.LOCAL,
    counts_from="record restricted while the child has an open referral",
    counts_to="head of service's note on the alert",
)
ROLE_GRANT_WAITING = Rule(
    code="role_grant_waiting",
    label="Role that reads every child waiting for a second administrator",
    period=WorkingDays(0),
    source="OpenCSC default; a role that reads every child is given by two administrators, and"
    " the heads of service oversee it",
    set_by=SetBy.LOCAL,
    counts_from="an administrator asks for a role that reads every child",
    counts_to="a second administrator approves or turns it down, or a head of service's note",
)
ROLE_GRANT_APPROVED = Rule(
    code="role_grant_approved",
    label="Role that reads every child approved",
    period=WorkingDays(0),
    source="OpenCSC default; a role that reads every child is given by two administrators, and"
    " the heads of service oversee it",
    set_by=SetBy.LOCAL,
    counts_from="a second administrator approves a role that reads every child",
    counts_to="head of service's note on the alert",
)
TRANSFER_AFTER_ASSESSMENT = Rule(
    code="transfer_after_assessment",
    label="Transfer to a long-term team after assessment",
    period=WorkingDays(10),
    source="OpenCSC default; council procedures vary",
    set_by=SetBy.LOCAL,
    counts_from="assessment authorised with a plan",
    counts_to="receiving team accepts the case",
)
CIN_PLAN = Rule(
    code="cin_plan",
    label="Child in need plan in place",
    period=WorkingDays(10),
    source="OpenCSC default; council procedures vary",
    set_by=SetBy.LOCAL,
    counts_from='assessment authorised with the outcome "child in need plan"',
    counts_to="plan agreed with the family",
)
CIN_PLAN_REVIEW = Rule(
    code="cin_plan_review",
    label="Child in need plan review",
    period=Months(3),
    source="OpenCSC default; council procedures vary",
    set_by=SetBy.LOCAL,
    counts_from="plan start or last review",
    counts_to="next review",
    when_not_working_day=NEXT_WORKING_DAY,
)
CIN_VISIT = Rule(
    code="cin_visit",
    label="Child in need visit (child seen)",
    period=WorkingDays(20),
    source="OpenCSC default; council procedures vary",
    set_by=SetBy.LOCAL,
    counts_from="last visit or plan start",
    counts_to="next visit",
)

# Child protection

ICPC = Rule(
    code="icpc",
    label="Initial child protection conference",
    period=WorkingDays(15),
    source="Working Together to Safeguard Children 2023, chapter 3",
    set_by=SetBy.GUIDANCE,
    counts_from="strategy discussion that started the section 47 enquiry (the last, if several)",
    counts_to="initial child protection conference held",
)
PROTECTION_MEDICAL = Rule(
    code="protection_medical",
    label="Child protection medical held and recorded",
    period=WorkingDays(1),
    source=(
        "OpenCSC default; Working Together to Safeguard Children 2023, chapter 3 (the strategy"
        " discussion decides whether a child protection medical is needed; no period)"
    ),
    set_by=SetBy.LOCAL,
    counts_from="strategy discussion that decided a child protection medical is needed",
    counts_to=(
        "the medical's date, who examined the child and the outcome recorded, or a manager's"
        " authorised reason why it is not held"
    ),
)
ICPC_REPORTS_SHARED = Rule(
    code="icpc_reports_shared",
    label="Reports shared with parents before an initial conference",
    period=Hours(48),
    source="Local procedures (e.g. East Riding Safeguarding Children Partnership)",
    set_by=SetBy.LOCAL,
    counts_from="initial child protection conference (counted back)",
    counts_to="reports shared with parents",
    counted_back=True,
)
RCPC_REPORTS_SHARED = Rule(
    code="rcpc_reports_shared",
    label="Reports shared with parents before a review conference",
    period=WorkingDays(3),
    source="Local procedures (e.g. East Riding Safeguarding Children Partnership)",
    set_by=SetBy.LOCAL,
    counts_from="review child protection conference (counted back)",
    counts_to="reports shared with parents",
    counted_back=True,
)
FIRST_CORE_GROUP = Rule(
    code="first_core_group",
    label="First core group meeting",
    period=WorkingDays(10),
    source="Working Together to Safeguard Children 2023, chapter 3",
    set_by=SetBy.GUIDANCE,
    counts_from="initial child protection conference",
    counts_to="first core group meeting",
)
CORE_GROUP = Rule(
    code="core_group",
    label="Core group meeting",
    period=Weeks(6),
    source="OpenCSC default; council procedures vary",
    set_by=SetBy.LOCAL,
    counts_from="last core group meeting",
    counts_to="next core group meeting",
    when_not_working_day=NEXT_WORKING_DAY,
)
CP_VISIT = Rule(
    code="cp_visit",
    label="Child protection visit (child seen, alone where appropriate)",
    period=WorkingDays(10),
    source="OpenCSC default; council procedures vary",
    set_by=SetBy.LOCAL,
    counts_from="last visit or plan start",
    counts_to="next visit",
)
FIRST_RCPC = Rule(
    code="first_rcpc",
    label="First review child protection conference",
    period=Months(3),
    source="Working Together to Safeguard Children 2023, chapter 3",
    set_by=SetBy.GUIDANCE,
    counts_from="initial child protection conference",
    counts_to="first review conference",
    when_not_working_day=NEXT_WORKING_DAY,
)
LATER_RCPC = Rule(
    code="later_rcpc",
    label="Review child protection conference",
    period=Months(6),
    source="Working Together to Safeguard Children 2023, chapter 3",
    set_by=SetBy.GUIDANCE,
    counts_from="previous review conference",
    counts_to="next review conference, while the plan lasts",
    when_not_working_day=NEXT_WORKING_DAY,
)
PRE_BIRTH_REVIEW = Rule(
    code="pre_birth_review",
    label="Review after a pre-birth initial conference",
    period=CalendarDays(10),
    source="London Safeguarding Children Procedures",
    set_by=SetBy.LOCAL,
    counts_from="birth",
    counts_to="review conference or core group",
)
PRE_BIRTH_REVIEW_MOTHER_UNWELL = Rule(
    code="pre_birth_review_mother_unwell",
    label="Review after a pre-birth initial conference (mother not well enough)",
    period=CalendarDays(20),
    source="London Safeguarding Children Procedures",
    set_by=SetBy.LOCAL,
    counts_from="birth",
    counts_to="review conference or core group",
)

# Children looked after

LAC_FIRST_REVIEW = Rule(
    code="lac_first_review",
    label="First looked-after review",
    period=WorkingDays(20),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33(1)",
    set_by=SetBy.LAW,
    counts_from="child becomes looked after",
    counts_to="first review",
)
LAC_SECOND_REVIEW = Rule(
    code="lac_second_review",
    label="Second looked-after review",
    period=Months(3),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33(2)",
    set_by=SetBy.LAW,
    counts_from="first review",
    counts_to="second review",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_LATER_REVIEW = Rule(
    code="lac_later_review",
    label="Looked-after review",
    period=Months(6),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 33(2)-(3)",
    set_by=SetBy.LAW,
    counts_from="previous review",
    counts_to="next review (earlier if the IRO asks or a placement changes)",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_FIRST_VISIT = Rule(
    code="lac_first_visit",
    label="First visit in a placement",
    period=Weeks(1),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)(a)",
    set_by=SetBy.LAW,
    counts_from="start of the placement",
    counts_to="visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_FIRST_YEAR = Rule(
    code="lac_visit_first_year",
    label="Visit to a looked-after child, first year of a placement",
    period=Weeks(6),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)(b)",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_AFTER_FIRST_YEAR = Rule(
    code="lac_visit_after_first_year",
    label="Visit to a looked-after child after the first year of a placement",
    period=Weeks(6),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)(c)",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_AFTER_FIRST_YEAR_UNTIL_18 = Rule(
    code="lac_visit_after_first_year_until_18",
    label="Visit after the first year of a placement meant to last until 18",
    period=Months(3),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(2)(c)",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_WITH_PARENT_UNTIL_FIRST_REVIEW = Rule(
    code="lac_visit_with_parent_until_first_review",
    label="Weekly visit, placed with a parent before assessment is complete",
    period=Weeks(1),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(3)",
    set_by=SetBy.LAW,
    counts_from="placement or previous visit, until the first review",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_WITH_PARENT = Rule(
    code="lac_visit_with_parent",
    label="Visit after the first review, placed with a parent before assessment is complete",
    period=Weeks(6),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(3)",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_TEMPORARY_UNTIL_FIRST_REVIEW = Rule(
    code="lac_visit_temporary_until_first_review",
    label="Weekly visit, temporary connected-person placement or interim care order at home",
    period=Weeks(1),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(4)",
    set_by=SetBy.LAW,
    counts_from="placement or previous visit, until the first review",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_TEMPORARY = Rule(
    code="lac_visit_temporary",
    label=(
        "Visit after the first review, temporary connected-person placement or interim care"
        " order at home"
    ),
    period=Weeks(4),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(4)",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_CARE_ORDER_AT_HOME_FIRST = Rule(
    code="lac_visit_care_order_at_home_first",
    label="First visit, care order with the child living at home",
    period=Weeks(1),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(5)",
    set_by=SetBy.LAW,
    counts_from="care order made",
    counts_to="visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
LAC_VISIT_CARE_ORDER_AT_HOME = Rule(
    code="lac_visit_care_order_at_home",
    label="Visit, care order with the child living at home",
    period=Weeks(6),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 28(5)",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
INITIAL_HEALTH_ASSESSMENT = Rule(
    code="initial_health_assessment",
    label="Initial health assessment",
    period=WorkingDays(20),
    source=(
        "Promoting the health and well-being of looked-after children (2015): in time for the"
        " first review"
    ),
    set_by=SetBy.GUIDANCE,
    counts_from="child becomes looked after",
    counts_to="health assessment done",
)
HEALTH_REVIEW_UNDER_5 = Rule(
    code="health_review_under_5",
    label="Health review (child under 5)",
    period=Months(6),
    source="Promoting the health and well-being of looked-after children (2015)",
    set_by=SetBy.GUIDANCE,
    counts_from="previous health assessment",
    counts_to="next health assessment",
    when_not_working_day=NEXT_WORKING_DAY,
)
HEALTH_REVIEW = Rule(
    code="health_review",
    label="Health review (child aged 5 or over)",
    period=Months(12),
    source="Promoting the health and well-being of looked-after children (2015)",
    set_by=SetBy.GUIDANCE,
    counts_from="previous health assessment",
    counts_to="next health assessment",
    when_not_working_day=NEXT_WORKING_DAY,
)

# Missing children

RETURN_HOME_INTERVIEW = Rule(
    code="return_home_interview",
    label="Return home interview offered (and held, if accepted)",
    period=Hours(72),
    source="Statutory guidance on children who run away or go missing from home or care (2014)",
    set_by=SetBy.GUIDANCE,
    counts_from="child found or returned",
    counts_to="return home interview",
)
MISSING_POLICE_NOTIFICATION = Rule(
    code="missing_police_notification",
    label="Council told of a missing child by the police",
    period=CalendarDays(0),
    source="OpenCSC default; police-council protocols vary",
    set_by=SetBy.LOCAL,
    counts_from="police missing report",
    counts_to="council notified",
)


@dataclass(frozen=True)
class EventsWithin:
    """A flag, not a deadline: `events` or more of one kind of event within `days` calendar days
    (the first and the last day both counted), as at a date. A local rule's council may change
    both numbers in OPENCSC_LOCAL_TIMESCALES[code] as {"events": N, "days": D}."""

    code: str
    label: str
    events: int
    days: int
    source: str
    set_by: SetBy
    counts: str

    def effective(self) -> tuple[int, int]:
        """(events, days) in force: for a local rule, the council's setting if it has one."""
        if self.set_by is not SetBy.LOCAL:
            return self.events, self.days
        local = getattr(settings, "OPENCSC_LOCAL_TIMESCALES", {}).get(self.code)
        if local is None:
            return self.events, self.days
        try:
            events, days = local["events"], local["days"]
        except (TypeError, KeyError):
            message = f"OPENCSC_LOCAL_TIMESCALES[{self.code!r}] must be {{'events': N, 'days': D}}."
            raise ImproperlyConfigured(message) from None
        for n in (events, days):
            if isinstance(n, bool) or not isinstance(n, int) or n < 1:
                message = f"OPENCSC_LOCAL_TIMESCALES[{self.code!r}] needs whole numbers above 0."
                raise ImproperlyConfigured(message)
        return events, days

    def window(self, as_at: date) -> tuple[date, date]:
        """The first and last days counted as at `as_at`: `days` days ending on it."""
        _, days = self.effective()
        return as_at - timedelta(days=days - 1), as_at

    def __str__(self) -> str:
        events, days = self.effective()
        return f"{events} or more within {days} days"


# A child is repeat missing with 3 or more missing episodes (by when each began) within 90 days.
REPEAT_MISSING = EventsWithin(
    code="repeat_missing",
    label="Repeat missing",
    events=3,
    days=90,
    source=(
        "OpenCSC default; local exploitation protocols vary (the DfE statutory guidance on"
        " children who run away or go missing, 2014, asks councils to identify children who go"
        " missing repeatedly, with no count)"
    ),
    set_by=SetBy.LOCAL,
    counts="missing episodes of one child, by the day the child was last seen",
)
EXPLOITATION_SCREENING_REVIEW = Rule(
    code="exploitation_screening_review",
    label="Exploitation screening reviewed",
    period=Months(3),
    source=(
        "OpenCSC default; local exploitation protocols vary (the screener may set an earlier date)"
    ),
    set_by=SetBy.LOCAL,
    counts_from="exploitation screening",
    counts_to="next screening (the review)",
    when_not_working_day=NEXT_WORKING_DAY,
)


# Private fostering: the "first year" starts when the council becomes aware of the arrangement,
# not when it began (PF Regs 2005 reg 8(6)); services choose between the two visit rules.

PF_NOTIFICATION = Rule(
    code="pf_notification",
    label="Private fostering arrangement notified by the proposed carer",
    period=Weeks(6),
    source=(
        "Children (Private Arrangements for Fostering) Regulations 2005, reg 3 (a duty on"
        " families; at once if the arrangement starts sooner)"
    ),
    set_by=SetBy.LAW,
    counts_from="start of the arrangement (counted back)",
    counts_to="notification",
    counted_back=True,
    when_not_working_day=Keep("a duty on the family, counted back from the arrangement's start"),
)
PF_VISIT_PROPOSED = Rule(
    code="pf_visit_proposed",
    label="Visit after notice of a proposed private fostering arrangement",
    period=WorkingDays(7),
    source="Children (Private Arrangements for Fostering) Regulations 2005, reg 4",
    set_by=SetBy.LAW,
    counts_from="council notified",
    counts_to="visit to the home, carer, household and child",
)
PF_FIRST_VISIT = Rule(
    code="pf_first_visit",
    label="First visit after notice of a private fostering arrangement already running",
    period=WorkingDays(7),
    source="Children (Private Arrangements for Fostering) Regulations 2005, reg 7",
    set_by=SetBy.LAW,
    counts_from="council notified",
    counts_to="child visited and spoken to alone",
)
PF_VISIT_FIRST_YEAR = Rule(
    code="pf_visit_first_year",
    label="Private fostering visit, first year",
    period=Weeks(6),
    source="Children (Private Arrangements for Fostering) Regulations 2005, reg 8(1)(a)",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
PF_VISIT_LATER_YEARS = Rule(
    code="pf_visit_later_years",
    label="Private fostering visit, second and later years",
    period=Weeks(12),
    source="Children (Private Arrangements for Fostering) Regulations 2005, reg 8(1)(b)",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)

PF_SUITABILITY_CHECKS = Rule(
    code="pf_suitability_checks",
    label="Private fostering suitability checks returned",
    period=WorkingDays(30),
    source=(
        "OpenCSC default; Children (Private Arrangements for Fostering) Regulations 2005, reg 4"
        " and schedule 2 (the council satisfies itself of the arrangement; no day count)"
    ),
    set_by=SetBy.LOCAL,
    counts_from="council notified",
    counts_to="check's result recorded (DBS, references, home, health, education, other councils)",
)

# Care leavers

PATHWAY_NEEDS_ASSESSMENT = Rule(
    code="pathway_needs_assessment",
    label="Needs assessment for the pathway plan",
    period=Months(3),
    source="Care Planning, Placement and Case Review (England) Regulations 2010, reg 42(1)",
    set_by=SetBy.LAW,
    counts_from="16th birthday, or becoming eligible after 16",
    counts_to="needs assessment completed",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
PATHWAY_PLAN_REVIEW = Rule(
    code="pathway_plan_review",
    label="Pathway plan review",
    period=Months(6),
    source=(
        "Care Leavers (England) Regulations 2010; Care Planning, Placement and Case Review"
        " (England) Regulations 2010"
    ),
    set_by=SetBy.LAW,
    counts_from="previous review",
    counts_to="next review (eligible children: alongside the looked-after review)",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
PA_VISIT_AFTER_MOVE = Rule(
    code="pa_visit_after_move",
    label="Personal adviser visits a relevant child after a move",
    period=CalendarDays(7),
    source="Care Leavers (England) Regulations 2010",
    set_by=SetBy.LAW,
    counts_from="move to new accommodation",
    counts_to="visit",
)
PA_VISIT = Rule(
    code="pa_visit",
    label="Personal adviser visits a relevant child",
    period=Months(2),
    source="Care Leavers (England) Regulations 2010",
    set_by=SetBy.LAW,
    counts_from="previous visit",
    counts_to="next visit",
    when_not_working_day=STATUTE_COUNTS_CALENDAR_TIME,
)
KEEPING_IN_TOUCH = Rule(
    code="keeping_in_touch",
    label="Keeping in touch with a former relevant young person",
    period=Weeks(8),
    source="Children Act 1989 s23C(2) (duty to keep in touch; no period); OpenCSC default",
    set_by=SetBy.LOCAL,
    counts_from="previous contact",
    counts_to="next contact",
    when_not_working_day=NEXT_WORKING_DAY,
)

# Workforce, quality and learning

SUPERVISION = Rule(
    code="supervision",
    label="Supervision",
    period=Weeks(4),
    source="OpenCSC default; council policies vary",
    set_by=SetBy.LOCAL,
    counts_from="previous supervision",
    counts_to="next supervision, per worker",
    when_not_working_day=NEXT_WORKING_DAY,
)
SERIOUS_INCIDENT_NOTIFICATION = Rule(
    code="serious_incident_notification",
    label="Serious incident notification to the national Panel",
    period=WorkingDays(5),
    source="Working Together to Safeguard Children 2023, chapter 5",
    set_by=SetBy.GUIDANCE,
    counts_from="council learns of the incident",
    counts_to="notification",
)
RAPID_REVIEW = Rule(
    code="rapid_review",
    label="Rapid review",
    period=WorkingDays(15),
    source="Working Together to Safeguard Children 2023, chapter 5",
    set_by=SetBy.GUIDANCE,
    counts_from="safeguarding partners learn of the incident",
    counts_to="rapid review completed and sent to the Panel",
)

# The worker's tray: work that waits on one person. Each is owned by the person who must act;
# where a manager sets the date (a directed action, a warning's review), the item is opened on the
# day and its due date agreed by that manager (timescales.services.agree_due_date).

DIRECTED_ACTION = Rule(
    code="directed_action",
    label="Action a manager directed",
    period=WorkingDays(0),
    source="OpenCSC default; the manager sets the date when directing the action",
    set_by=SetBy.LOCAL,
    counts_from="manager directs the action (due on the date the manager sets)",
    counts_to="action recorded as done, reassigned or withdrawn with a reason",
)
NEW_ALLOCATION = Rule(
    code="new_allocation",
    label="Case newly allocated to you",
    period=WorkingDays(1),
    source="OpenCSC default; the worker reads the record and the manager's direction",
    set_by=SetBy.LOCAL,
    counts_from="case allocated to the worker",
    counts_to="worker marks the allocation as read",
)
CONTACT_ON_HELD_CHILD = Rule(
    code="contact_on_held_child",
    label="New contact about a child you hold",
    period=WorkingDays(0),
    source="OpenCSC default; the allocated worker and manager hear of a new contact the same day",
    set_by=SetBy.LOCAL,
    counts_from="contact about a child with an open episode matched to the child",
    counts_to="worker or manager marks the contact as read",
)
RETURNED_TO_WORKER = Rule(
    code="returned_to_worker",
    label="Returned by a manager",
    period=WorkingDays(1),
    source="OpenCSC default; work a manager returns is revised the next working day",
    set_by=SetBy.LOCAL,
    counts_from="manager returns a decision, assessment or closure with a comment",
    counts_to="worker proposes it again or withdraws it",
)
NOTE_TO_READ = Rule(
    code="note_to_read",
    label="Case note to read",
    period=WorkingDays(2),
    source="OpenCSC default; council procedures vary",
    set_by=SetBy.LOCAL,
    counts_from="case note finalised with the reader asked to read it",
    counts_to="reader marks the note as read",
)
WARNING_REVIEW = Rule(
    code="warning_review",
    label="Warning to review",
    period=WorkingDays(0),
    source="OpenCSC default; the person setting a warning sets its review date",
    set_by=SetBy.LOCAL,
    counts_from="warning set (due on the review date set with it)",
    counts_to="warning reviewed (kept with a new review date) or ended",
)
IDENTITY_CHANGED = Rule(
    code="identity_changed",
    label="Date of birth or identifier changed on a child your team holds",
    period=WorkingDays(0),
    source="OpenCSC default; a change to who a child is must be seen by the holding manager",
    set_by=SetBy.LOCAL,
    counts_from="date of birth, NHS number or UPN changed on a child with an open episode",
    counts_to="holding manager's note on the alert",
)

# Periods that define flags, not deadlines

RE_REFERRAL = Rule(
    code="re_referral",
    label="Re-referral window",
    period=Months(12),
    source="Children in need census guide; DfE children in need statistics",
    set_by=SetBy.GUIDANCE,
    counts_from="the child's previous referral",
    counts_to="last day a new referral counts as a re-referral",
    when_not_working_day=NOT_A_MEETING,
)
LONG_PLAN = Rule(
    code="long_plan",
    label="Long child protection plan",
    period=Months(24),
    source="DfE children in need statistics (plans open 2 years or more)",
    set_by=SetBy.GUIDANCE,
    counts_from="plan start",
    counts_to="day the plan becomes a long plan",
    when_not_working_day=NOT_A_MEETING,
)


CIN_PLAN_AFTER_CP_PLAN = Rule(
    code="cin_plan_after_cp_plan",
    label="Child in need plan after a child protection plan",
    period=Months(3),
    source="OpenCSC default; council step-down procedures vary",
    set_by=SetBy.LOCAL,
    counts_from="child in need plan start, on the child protection plan's end",
    counts_to="earliest day the plan may close without a head of service's authorisation",
    when_not_working_day=NOT_A_MEETING,
)


# The MASH's own work: deadlines on a contact's decision and its agency checks. They stay with the
# MASH when a team takes the child's case, and are not part of the child's episode.
# A private fostering arrangement's visits: done by the fostering team whoever holds the child's
# case, so they stay with their owner when the case moves.
PF_VISIT_RULES = (PF_VISIT_PROPOSED, PF_FIRST_VISIT, PF_VISIT_FIRST_YEAR, PF_VISIT_LATER_YEARS)
FRONT_DOOR_RULES = (
    REFERRAL_DECISION,
    CONTACT_DECISION_RED,
    CONTACT_DECISION_AMBER,
    CONTACT_DECISION_GREEN,
    AGENCY_CHECK_RED,
    AGENCY_CHECK,
)
FRONT_DOOR_CODES = frozenset(rule.code for rule in FRONT_DOOR_RULES)
# Deadlines about the child that an episode of need neither holds nor ends: the MASH's own, and a
# private fostering arrangement's visits (the arrangement goes on when a child in need case closes).
OUTSIDE_THE_EPISODE = (*FRONT_DOOR_RULES, *PF_VISIT_RULES)
OUTSIDE_THE_EPISODE_CODES = frozenset(rule.code for rule in OUTSIDE_THE_EPISODE)

# Notices in a worker's tray: they end when the worker marks them read, not with the work, and are
# not deadlines of the child's episode (a closure need not explain them).
# The missing episode's same-day notice to the holding team's worker and managers is one of them
# (its item on the MASH, for a child no team holds, closes with the MASH's decision instead).
TRAY_NOTICES = (NEW_ALLOCATION, CONTACT_ON_HELD_CHILD, NOTE_TO_READ, MISSING_POLICE_NOTIFICATION)
TRAY_NOTICE_CODES = frozenset(rule.code for rule in TRAY_NOTICES)


def _registry() -> dict[str, Rule]:
    """Every rule in this module, by code; two rules sharing a code is a programming error."""
    registry: dict[str, Rule] = {}
    for value in list(globals().values()):
        if isinstance(value, Rule):
            if value.code in registry:
                raise ImproperlyConfigured(f"Two timescale rules share the code {value.code!r}.")
            registry[value.code] = value
    return registry


RULES: dict[str, Rule] = _registry()


def get(code: str) -> Rule:
    """The rule with this code, as stored on due items."""
    try:
        return RULES[code]
    except KeyError:
        raise KeyError(f"No timescale rule has the code {code!r}.") from None
