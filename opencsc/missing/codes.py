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
