"""Fixtures for the staff accounts' tests."""

import uuid

import pytest

from opencsc.accounts.models import Role


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def new_staff():
    """The add-a-member-of-staff form, filled in for a social worker in `team`."""

    def fill(team=None, **overrides):
        return {
            "submission_key": str(uuid.uuid4()),
            "username": "nia.worker",
            "password": "a-long-enough-Passphrase-9",
            "first_name": "Nia",
            "last_name": "Worker",
            "email": "nia.worker@example.org",
            "job_title": "Social worker",
            "role": Role.SOCIAL_WORKER,
            "agency": "",
            "teams": [team.pk] if team else [],
        } | overrides

    return fill
