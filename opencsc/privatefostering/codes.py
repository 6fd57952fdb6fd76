"""The fixed lists of private fostering: who notified, the checks, the decision, the ending."""

from django.db import models


class Notifier(models.TextChoices):
    CARER = "carer", "The carer (proposed or actual)"
    PARENT = "parent", "A parent"
    SCHOOL = "school", "A school"
    HEALTH = "health", "Health"
    OTHER_COUNCIL = "other_council", "Another council"
    OTHER = "other", "Someone else"


class CheckKind(models.TextChoices):
    DBS = "dbs", "DBS check"
    REFERENCES = "references", "References"
    HOME = "home", "The home"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    OTHER_COUNCILS = "other_councils", "Other councils' records"


class CheckResult(models.TextChoices):
    NO_CONCERNS = "no_concerns", "No concerns"
    CONCERNS = "concerns", "Concerns"


class Outcome(models.TextChoices):
    SUITABLE = "suitable", "Suitable"
    REQUIREMENTS = "requirements", "Suitable with requirements"
    PROHIBITED = "prohibited", "Prohibited"


class EndReason(models.TextChoices):
    RETURNED_HOME = "returned_home", "The child returned home"
    AGED_OUT = "aged_out", "The child turned 16 (18 if disabled)"
    LOOKED_AFTER = "looked_after", "The child became looked after"
    MOVED = "moved", "The child moved elsewhere"
    OTHER = "other", "Other"
