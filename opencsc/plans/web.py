"""What the pages of plans and of child protection share: saving a form once through a service,
and who records work on a child's case."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from opencsc import permissions
from opencsc.accounts.models import User
from opencsc.casework import selectors as casework
from opencsc.core.forms import add_service_errors
from opencsc.core.requests import signed_in_user
from opencsc.core.submissions import AlreadySubmitted, run_once
from opencsc.people.models import Person


def save_once(
    request: HttpRequest,
    form: Form,
    write: Callable[[], Model],
    done: str,
    *,
    field_for: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Run a service once for this form's submission key; show its errors on the form (a
    service's error about `key` goes next to the field `field_for[key]`)."""
    user = signed_in_user(request)
    try:
        record = run_once(key=form.cleaned_data["submission_key"], by=user, write=write)
    except AlreadySubmitted as error:
        messages.info(request, "That form was already sent: it was saved once.")
        return HttpResponseRedirect(error.url or request.path)
    except PermissionDenied as error:
        form.add_error(None, str(error) or "You do not have permission to do this.")
        return None
    except ValidationError as error:
        if field_for and hasattr(error, "error_dict"):
            error = ValidationError(
                {field_for.get(key, key): value for key, value in error.error_dict.items()}
            )
        add_service_errors(form, error)
        return None
    messages.success(request, done)
    return HttpResponseRedirect(record.get_absolute_url())  # type: ignore[attr-defined]


def require_works(user: User, child: Person) -> None:
    """Refuse (403) a user who may read the child's record but not record work on it."""
    permissions.require_works_case(user, child)


def case_workers(child: Person, *, also: User) -> QuerySet[User]:
    """Active members of the team holding the child's case (and `also`), by name."""
    allocation = casework.current_allocation(child)
    condition = Q(pk=also.pk)
    if allocation is not None:
        condition |= Q(memberships__team_id=allocation.team_id)
    return (
        User.objects.filter(condition, is_active=True)
        .distinct()
        .order_by("first_name", "last_name")
    )
