"""What the plans' writes share with each other and with child protection: the episode lock with
the date checked, dates in words, closing a child's due items under a rule."""

from datetime import date

from django.core.exceptions import ValidationError

from opencsc.accounts.models import User
from opencsc.casework import services as casework
from opencsc.casework.models import Referral
from opencsc.people.models import Person
from opencsc.timescales import rules
from opencsc.timescales import services as timescales


def lock_episode(referral: Referral, *, on: date, field: str) -> Referral:
    """Lock the child's episode for a write dated `on` (see casework.lock_open_episode), showing a
    date before the referral or in the future next to the form's `field`."""
    # Refuse a closed episode whatever the date, then check the date as a field's error.
    casework.lock_open_episode(referral)
    try:
        return casework.lock_open_episode(referral, on=on)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _d(day: date) -> str:
    return f"{day:%-d %B %Y}"


def close_child_items(child: Person, rule: rules.Rule, *, by: User, note: str) -> int:
    """Close the child's open items of `rule`, whatever record they hang on."""
    return timescales.close_open_items(child=child, of_rules=[rule], by=by, note=note)
