"""Code lists of missing episodes: missing or away, the police's risk grading, where from.

"Missing" and "away from placement without authorisation" follow the DfE statutory guidance on
children who run away or go missing from home or care (2014) and the SSDA903 return
(../shared/domain/GLOSSARY.md, section 7); the risk grades are the police's (College of Policing,
Authorised Professional Practice on missing persons)."""

from django.db import models


class AbsenceKind(models.TextChoices):
    MISSING = "missing", "Missing (whereabouts not known)"
    ABSENT = "absent", "Absent: away without authorisation (whereabouts known)"


class PoliceRisk(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class MissingFrom(models.TextChoices):
    HOME = "home", "Home"
    CARE_PLACEMENT = "care_placement", "Care placement"
    SCHOOL = "school", "School"
    OTHER = "other", "Somewhere else"


class FollowUp(models.TextChoices):
    """What the MASH decided for a child no team holds."""

    CONTACT = "contact", "A contact follows"
    NO_CONTACT = "no_contact", "No contact: the return home interview is offered"


class InterviewMethod(models.TextChoices):
    """How a return home interview was offered, or held."""

    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    VIDEO = "video", "Video call"
    THROUGH_CARER = "through_carer", "Through a parent or carer"


class OfferOutcome(models.TextChoices):
    """The child's answer to one offer or attempt to reach them."""

    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    NOT_REACHED = "not_reached", "Could not be reached"


# An attempt whose outcome is an answer: the child was offered the interview.
OFFERED = frozenset({OfferOutcome.ACCEPTED, OfferOutcome.DECLINED})


class HarmDisclosed(models.TextChoices):
    """The harm a child disclosed in the interview: the front door's list (frontdoor.codes
    .Disclosure), with exploitation, so a contact carries it unchanged."""

    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    PHYSICAL_AND_SEXUAL = "physical_and_sexual", "Physical and sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    NEGLECT = "neglect", "Neglect"
    OTHER = "other", "Other harm, including exploitation"


class ExploitationIndicator(models.TextChoices):
    """Indicators of exploitation heard in a return home interview (../shared/domain/GLOSSARY.md,
    section 7: CSE, CCE, county lines, trafficking; Working Together 2023 on extra-familial harm;
    the Home Office county lines guidance)."""

    SEXUAL = "sexual", "Child sexual exploitation"
    CRIMINAL = "criminal", "Child criminal exploitation"
    COUNTY_LINES = "county_lines", "County lines: carrying or selling drugs across areas"
    TRAFFICKING = "trafficking", "Trafficking or modern slavery"
    MISSING_FROM_CARE = "missing_from_care", "Going missing from care"
    REPEAT_MISSING = "repeat_missing", "Going missing often"
    MONEY_GIFTS = "money_gifts", "Unexplained money, phones, clothes or gifts"
    OLDER_ASSOCIATES = "older_associates", "Older associates, boyfriends or girlfriends"
    UNKNOWN_PLACES = "unknown_places", "Found far from home or at addresses not known"
    SUBSTANCES = "substances", "Drugs or alcohol"
    ONLINE = "online", "Contact with adults not known to the family online"
    INJURIES = "injuries", "Unexplained injuries"
    SCHOOL = "school", "Missing education or excluded from school"
    WEAPONS = "weapons", "Carrying weapons, or violence"
