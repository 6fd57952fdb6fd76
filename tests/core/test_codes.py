"""Official code lists come from the copies of the DfE lists, labels as DfE words them."""

from opencsc.core.codes import cin_choices, cin_code_list


def test_the_sex_list_is_the_cin_census_one():
    assert cin_choices("sex") == [("M", "Male"), ("F", "Female"), ("U", "Unknown")]


def test_codes_are_read_as_text_even_when_they_look_like_numbers():
    assert cin_code_list("gender_current_until_2023_24") == {
        "1": "Male",
        "2": "Female",
        "0": "Not recorded or unborn",
        "9": "Indeterminate",
    }


def test_the_ethnicity_list_holds_the_codes_new_records_default_to():
    ethnicity = cin_code_list("ethnicity")

    assert {"NOBT", "WBRI", "BAFR"} <= set(ethnicity)
