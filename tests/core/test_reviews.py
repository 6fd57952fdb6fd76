"""The one review form: authorise, or return with a comment; a subclass sets the words."""

import uuid

from django import forms

from opencsc.core.reviews import ReviewForm


class _TransferLike(ReviewForm):
    authorise_label = "Accept"
    return_label = "Decline"
    choose_message = "Select whether you accept"
    comment_needed = "Enter why you are declining"
    comment_on_authorise = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"] = forms.CharField(required=False)


def _data(**values) -> dict[str, str]:
    return {"submission_key": str(uuid.uuid4()), **values}


def test_returning_needs_a_comment_next_to_the_comment_box():
    form = ReviewForm(_data(decision="return", comment=" "))

    assert not form.is_valid()
    assert form.errors == {"comment": ["Enter what more work is needed"]}


def test_a_subclass_words_the_choice_and_its_errors():
    unchosen = _TransferLike(_data())
    declined = _TransferLike(_data(decision="return"))

    assert (unchosen.is_valid(), declined.is_valid()) == (False, False)
    assert unchosen.errors["decision"] == ["Select whether you accept"]
    assert declined.errors["comment"] == ["Enter why you are declining"]
    assert list(unchosen.fields["decision"].choices) == [
        ("authorise", "Accept"),
        ("return", "Decline"),
    ]


def test_the_extra_fields_go_to_the_authorising_service_and_the_comment_when_it_belongs():
    plain = ReviewForm(_data(decision="authorise", comment="Well argued"))
    transfer = _TransferLike(_data(decision="authorise", worker="Di", comment="typed by mistake"))

    assert (plain.is_valid(), transfer.is_valid()) == (True, True)
    assert plain.authorise_details() == {"comment": "Well argued"}
    assert transfer.authorise_details() == {"worker": "Di"}
    assert [field.name for field in transfer.extra_fields()] == ["worker"]
