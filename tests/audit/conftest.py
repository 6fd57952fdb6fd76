"""Fixtures for the access log's tests."""

import pytest


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client
