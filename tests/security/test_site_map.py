"""The site map the need-to-know and hostile-input tests walk covers every page of the app."""

import pytest
from django.urls import reverse

from tests.factories import AllocationFactory, PersonFactory
from tests.security.site_map import OPENS, page_urls, url_names


def test_every_pattern_that_takes_an_id_says_which_model_it_opens():
    missing = [item.name for item in url_names() if item.keywords and item.name not in OPENS]

    assert missing == []


def test_the_table_names_no_page_that_is_gone():
    names = {item.name for item in url_names()}

    assert sorted(set(OPENS) - names) == []


def test_the_site_map_holds_the_home_page_and_the_known_pages():
    names = {item.name for item in url_names()}

    assert {"record:home", "record:child", "frontdoor:queue", "workforce:my-caseload"} <= names
    assert not any(name.startswith("admin:") for name in names)


@pytest.mark.django_db
def test_a_pattern_with_an_id_gives_one_url_per_object():
    children = PersonFactory.create_batch(2)
    allocation = AllocationFactory()

    pages = [page for page in page_urls() if page.name == "record:child"]

    paths = {page.path for page in pages}
    for person in [*children, allocation.child]:
        assert reverse("record:child", args=[person.pk]) in paths
    first = [page for page in page_urls(limit_per_pattern=1) if page.name == "record:child"]
    assert len(first) == 1
