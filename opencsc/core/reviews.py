"""One review page for every approval: authorise it, or return it with a comment.

A review page has a `ReviewForm` (its wording set by a subclass), renders it with the partial
`core/_review_form.html` and hands the POST to `review_approval`, which runs the authorising or
returning service once (a double submit saves once) and puts the service's errors on the form: a
late second review reads "This decision has already been authorised by ...".
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from opencsc.core.requests import signed_in
from opencsc.core.submissions import SubmitOnceForm, save_once

AUTHORISE = "authorise"
RETURN = "return"


class ReviewForm(SubmitOnceForm):
    """The reviewer's choice and comment. A subclass sets the wording, and may add fields that the
    authorising service takes (they render between the choice and the comment)."""

    authorise_label = "Authorise"
    return_label = "Return for more work"
    choose_message = "Choose whether to authorise or return it"
    comment_label = "Comment"
    comment_hint = "Required if you return it: say what more work is needed"
    comment_needed = "Enter what more work is needed"
    # Whether the comment also goes with an authorisation (a transfer's is only why it declined).
    comment_on_authorise = True

    decision = forms.ChoiceField(label="Your decision", widget=forms.RadioSelect)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        decision.choices = [(AUTHORISE, self.authorise_label), (RETURN, self.return_label)]  # type: ignore[attr-defined]
        decision.error_messages["required"] = self.choose_message
        self.fields["comment"].label = self.comment_label
        self.fields["comment"].help_text = self.comment_hint

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == RETURN and not (data.get("comment") or "").strip():
            self.add_error("comment", self.comment_needed)
        return data

    def extra_fields(self) -> list[forms.BoundField]:
        """The fields a subclass added, for the partial to render."""
        shared = {"submission_key", "decision", "comment"}
        return [self[name] for name in self.fields if name not in shared]

    def authorise_details(self) -> dict[str, Any]:
        """What the authorising service takes besides the approval and `by`."""
        shared = {"submission_key", "decision", "comment"}
        details = {name: value for name, value in self.cleaned_data.items() if name not in shared}
        if self.comment_on_authorise:
            details["comment"] = self.cleaned_data["comment"]
        return details


def review_approval(
    request: HttpRequest,
    form: ReviewForm,
    *,
    authorise: Callable[..., Model],
    give_back: Callable[..., Model],
    authorised: str | Callable[[Any], str],
    returned: str,
    then_authorised: str = "",
    then_returned: str = "",
) -> HttpResponse | None:
    """Carry out a valid review form: `authorise(by=..., **form.authorise_details())` or
    `give_back(by=..., comment=...)`, each once, with `authorised` or `returned` as the message,
    then go to `then_*` (by default the record the service returns); `authorised` may be made from
    the authorised record. None: show the form again."""
    if not form.is_valid():
        return None
    by = signed_in(request)
    if form.cleaned_data["decision"] == AUTHORISE:
        details = form.authorise_details()
        return save_once(
            request,
            form,
            lambda: authorise(by=by, **details),
            authorised,
            then=then_authorised,
        )
    comment = form.cleaned_data["comment"]
    return save_once(
        request, form, lambda: give_back(by=by, comment=comment), returned, then=then_returned
    )
