"""The front door's own lists: how contacts arrive, what they are about, and what is decided.

Referral sources are the DfE CIN census list (`opencsc.core.codes`); the threshold levels come from
the council's threshold document, set in `OPENCSC_THRESHOLD_LEVELS`.
"""

from django.conf import settings
from django.db import models


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    ONLINE_FORM = "online_form", "Online form"
    PARTNER_PORTAL = "partner_portal", "Partner agency portal"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class Concern(models.TextChoices):
    """Presenting concerns, as MASH teams commonly categorise them."""

    PHYSICAL_ABUSE = "physical_abuse", "Physical abuse"
    SEXUAL_ABUSE = "sexual_abuse", "Sexual abuse"
    EMOTIONAL_ABUSE = "emotional_abuse", "Emotional abuse"
    NEGLECT = "neglect", "Neglect"
    DOMESTIC_ABUSE = "domestic_abuse", "Domestic abuse"
    PARENTAL_MENTAL_HEALTH = "parental_mental_health", "Parental mental health"
    PARENTAL_SUBSTANCE_MISUSE = "parental_substance_misuse", "Parental drug or alcohol misuse"
    CHILD_MENTAL_HEALTH = "child_mental_health", "Child's mental health"
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation", "Child sexual exploitation"
    CRIMINAL_EXPLOITATION = "criminal_exploitation", "Child criminal exploitation or gangs"
    MISSING = "missing", "Going missing"
    SELF_HARM = "self_harm", "Self-harm"
    DISABILITY = "disability", "Child's disability"
    HOUSING = "housing", "Housing or homelessness"
    UNACCOMPANIED = "unaccompanied", "Unaccompanied asylum-seeking child"
    PRIVATE_FOSTERING = "private_fostering", "Private fostering"
    OTHER = "other", "Other"


class Disclosure(models.TextChoices):
    """What a child has disclosed, if anything."""

    NONE = "", "No disclosure"
    PHYSICAL = "physical", "Physical abuse"
    SEXUAL = "sexual", "Sexual abuse"
    PHYSICAL_AND_SEXUAL = "physical_and_sexual", "Physical and sexual abuse"
    EMOTIONAL = "emotional", "Emotional abuse"
    NEGLECT = "neglect", "Neglect"
    OTHER = "other", "Other harm"


# Disclosures that must reach a strategy discussion, or the manager records why not.
PHYSICAL_OR_SEXUAL = frozenset(
    {Disclosure.PHYSICAL, Disclosure.SEXUAL, Disclosure.PHYSICAL_AND_SEXUAL}
)


class Consent(models.TextChoices):
    GIVEN = "given", "Sought and given"
    REFUSED = "refused", "Sought and refused"
    NOT_SOUGHT = "not_sought", "Not sought"


class ConsentAsked(models.TextChoices):
    """Who was asked for consent to share information and make enquiries."""

    PARENT = "parent", "A parent"
    CARER = "carer", "A carer"
    YOUNG_PERSON = "young_person", "The young person"
    OTHER = "other", "Someone else with parental responsibility"


class ConsentAnswer(models.TextChoices):
    GIVEN = "given", "Gave consent"
    REFUSED = "refused", "Refused consent"


class OverrideReason(models.TextChoices):
    """Why consent is overridden: the system offers the first two when the contact shows them."""

    RED_RATING = "red_rating", "The contact is rated red"
    DISCLOSURE = "disclosure", "A child disclosed harm"
    OTHER = "other", "Another risk of significant harm"


class ChecksAtProposal(models.TextChoices):
    """What the agency checks stood at when a decision was proposed."""

    RETURNED = "returned", "All checks returned"
    OUTSTANDING = "outstanding", "Checks still outstanding"
    NONE = "none", "No checks requested"


class OpenChecks(models.TextChoices):
    """What the authorising manager does with checks still outstanding."""

    WITHDRAW = "withdraw", "Withdraw them"
    KEEP_OPEN = "keep_open", "Let them come back to the child's record"


class Rating(models.TextChoices):
    """The MASH RAG rating: how urgently the contact needs a decision."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"


# Queue order: contacts not yet rated first (they need triage), then red, amber, green.
NOT_RATED_ORDER = 0
RATING_ORDER = {Rating.RED: 1, Rating.AMBER: 2, Rating.GREEN: 3}


class Outcome(models.TextChoices):
    """The threshold decision on a contact."""

    NO_FURTHER_ACTION = "nfa", "No further action"
    INFORMATION_AND_ADVICE = "advice", "Information, advice or universal services"
    EARLY_HELP = "early_help", "Early help"
    SECTION_17 = "section_17", "Statutory assessment (section 17)"
    SECTION_47 = "section_47", "Strategy discussion (section 47)"


# Outcomes that open statutory work, and so a referral.
STATUTORY_OUTCOMES = frozenset({Outcome.SECTION_17, Outcome.SECTION_47})
# Outcomes proposed without any agency check only with a recorded reason.
CHECKED_OUTCOMES = STATUTORY_OUTCOMES | {Outcome.EARLY_HELP}

DEFAULT_THRESHOLD_LEVELS = [
    ("1", "Level 1: universal needs"),
    ("2", "Level 2: additional needs (early help)"),
    ("3", "Level 3: complex needs (children in need)"),
    ("4", "Level 4: acute needs (child protection)"),
]


def threshold_levels() -> list[tuple[str, str]]:
    """The levels of the council's threshold document, as choices (OPENCSC_THRESHOLD_LEVELS)."""
    levels = getattr(settings, "OPENCSC_THRESHOLD_LEVELS", None) or DEFAULT_THRESHOLD_LEVELS
    return [(str(code), str(label)) for code, label in levels]


# The CIN census source of a contact a partner agency makes through its own pages, by agency kind.
AGENCY_REFERRAL_SOURCE = {
    "police": "6",
    "health": "3F",
    "education": "2A",
    "probation": "7",
    "housing": "4",
    "adult_services": "5A",
    "other": "8",
}
