"""Optional single sign-on with the council's identity provider, against a stub provider: real
RS256-signed id tokens, its JWKS, token and userinfo endpoints served through requests-mock."""

import json
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

import jwt
import pytest
import requests
import requests_mock
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from opencsc.accounts.models import Role, User
from opencsc.accounts.oidc import SIGN_IN_METHOD
from opencsc.accounts.sessions import SIGNED_IN_AT
from opencsc.audit.models import AccessLog

ISSUER = "https://login.council.example/tenant"
CLIENT_ID = "opencsc-client"


def _key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class StubProvider:
    """The council's identity provider, as far as OpenCSC sees it."""

    key: rsa.RSAPrivateKey = field(default_factory=_key)
    kid: str = "key-1"
    email: str = "pat.jones@council.example"
    claims: dict = field(default_factory=dict)  # id token claims to override
    userinfo: dict = field(default_factory=dict)  # userinfo claims to add
    signing_key: rsa.RSAPrivateKey | None = None  # sign with another key than the JWKS's
    nonce: str = ""
    token_requests: list = field(default_factory=list)

    def jwks(self) -> dict:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [public | {"kid": self.kid, "alg": "RS256", "use": "sig"}]}

    def id_token(self) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": "user-123",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce,
            "email": self.email,
        } | self.claims
        return jwt.encode(
            claims, self.signing_key or self.key, algorithm="RS256", headers={"kid": self.kid}
        )

    def token(self, request, context):
        self.token_requests.append(parse_qs(request.text))
        return {"access_token": "access-abc", "token_type": "Bearer", "id_token": self.id_token()}

    def user(self, request, context):
        return {"sub": "user-123", "email": self.email} | self.userinfo


@pytest.fixture
def provider(settings, db):
    stub = StubProvider()
    settings.OPENCSC_OIDC_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "opencsc.accounts.oidc.StaffOIDCBackend",
    ]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = "client-secret"
    settings.OPENCSC_OIDC_ISSUER = ISSUER
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/keys"
    with requests_mock.Mocker() as mock:
        mock.get(
            f"{ISSUER}/.well-known/openid-configuration",
            json={"issuer": ISSUER, "jwks_uri": f"{ISSUER}/keys"},
        )
        mock.get(f"{ISSUER}/keys", json=lambda request, context: stub.jwks())
        mock.post(f"{ISSUER}/token", json=stub.token)
        mock.get(f"{ISSUER}/userinfo", json=stub.user)
        yield stub


@pytest.fixture
def staff(make_user):
    return make_user(Role.HEAD_OF_SERVICE, email="Pat.Jones@council.example")


def _sign_in(client: Client, provider: StubProvider, *, next_url: str = ""):
    start = client.get(reverse("accounts:oidc-start") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    query = parse_qs(urlparse(start["Location"]).query)
    provider.nonce = provider.nonce or query["nonce"][0]
    return client.get(
        reverse("accounts:oidc-callback"), {"code": "code-xyz", "state": query["state"][0]}
    )


def _signed_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_the_stub_provider_publishes_its_discovery_document(provider):
    discovery = requests.get(f"{ISSUER}/.well-known/openid-configuration", timeout=5).json()

    assert discovery["jwks_uri"] == f"{ISSUER}/keys"


def test_sign_in_goes_to_the_provider_with_state_nonce_and_pkce(client, provider):
    response = client.get(reverse("accounts:oidc-start"))

    location = urlparse(response["Location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{ISSUER}/authorize"
    assert query["client_id"] == [CLIENT_ID]
    assert query["code_challenge_method"] == ["S256"]
    assert query["redirect_uri"] == ["http://testserver/sign-in/council/callback/"]
    assert len(query["state"][0]) == len(query["nonce"][0]) == 32


def test_an_existing_account_with_that_email_signs_in(client, provider, staff):
    response = _sign_in(client, provider, next_url="/people/")

    assert response.status_code == 302
    assert response["Location"] == "/people/"
    assert _signed_in_as(client) == str(staff.pk)
    assert client.session[SIGN_IN_METHOD] == "oidc"
    assert SIGNED_IN_AT in client.session
    # The code was exchanged with the PKCE verifier and this client's credentials.
    exchange = provider.token_requests[0]
    assert exchange["grant_type"] == ["authorization_code"]
    assert exchange["code_verifier"]


def test_a_single_sign_on_with_no_code_to_come_is_in_the_access_log(client, provider, staff):
    # Multi-factor sign-in is off in the tests: the provider's sign-in is the whole sign-in.
    _sign_in(client, provider, next_url="/people/")

    row = AccessLog.objects.get(action="accounts.sign_in")
    assert (row.user, row.summary) == (staff, f"{staff.username}: single sign-on")


def test_a_single_sign_on_with_a_code_to_come_is_logged_once_the_code_is_given(
    client, provider, staff, settings
):
    settings.OPENCSC_MFA_REQUIRED = True

    _sign_in(client, provider, next_url="/people/")

    assert not AccessLog.objects.filter(action="accounts.sign_in").exists()


def test_an_unknown_email_creates_no_account(client, provider, staff):
    provider.email = "stranger@council.example"
    accounts = User.objects.count()

    response = _sign_in(client, provider)

    assert response["Location"] == reverse("accounts:login")
    assert _signed_in_as(client) is None
    assert User.objects.count() == accounts
    assert "Single sign-on did not sign you in" in client.get(response["Location"]).content.decode()


def test_a_deactivated_account_is_not_signed_in(client, provider, staff):
    staff.is_active = False
    staff.save()

    _sign_in(client, provider)

    assert _signed_in_as(client) is None


def test_an_email_shared_by_two_accounts_signs_in_neither(client, provider, staff, make_user):
    make_user(Role.ADMINISTRATOR, email="pat.jones@council.example")

    response = _sign_in(client, provider)

    assert response["Location"] == reverse("accounts:login")
    assert _signed_in_as(client) is None


def test_an_unverified_email_is_refused(client, provider, staff):
    provider.userinfo = {"email_verified": False}

    _sign_in(client, provider)

    assert _signed_in_as(client) is None


@pytest.mark.parametrize(
    "claims",
    [
        {"aud": "another-client"},
        {"iss": "https://evil.example/"},
        {"exp": int(time.time()) - 60},
        {"nonce": "replayed-nonce"},
    ],
    ids=["audience", "issuer", "expired", "nonce"],
)
def test_a_token_not_for_this_sign_in_is_refused(client, provider, staff, claims):
    provider.claims = claims

    response = _sign_in(client, provider)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert _signed_in_as(client) is None


def test_a_token_signed_with_another_key_is_refused(client, provider, staff):
    provider.signing_key = _key()

    response = _sign_in(client, provider)

    assert response["Location"] == reverse("accounts:login")
    assert _signed_in_as(client) is None


def test_a_forged_state_is_refused_without_an_error_page(client, provider, staff):
    client.get(reverse("accounts:oidc-start"))

    response = client.get(reverse("accounts:oidc-callback"), {"code": "x", "state": "forged"})

    assert response.status_code == 302
    assert _signed_in_as(client) is None


def test_a_provider_that_is_down_ends_on_the_sign_in_page(client, provider, staff):
    with requests_mock.Mocker() as down:
        down.post(f"{ISSUER}/token", status_code=503)
        response = _sign_in(client, provider)

    assert response["Location"] == reverse("accounts:login")
    assert _signed_in_as(client) is None


def test_the_sign_in_page_offers_it_only_when_configured(client, db, settings):
    settings.OPENCSC_OIDC_ENABLED = False
    off = client.get(reverse("accounts:login")).content.decode()
    settings.OPENCSC_OIDC_ENABLED = True
    on = client.get(reverse("accounts:login")).content.decode()

    assert "Sign in with your council account" not in off
    assert "Sign in with your council account" in on


def test_it_is_off_unless_configured(client, db, settings):
    settings.OPENCSC_OIDC_ENABLED = False

    assert client.get(reverse("accounts:oidc-start")).status_code == 404
    assert client.get(reverse("accounts:oidc-callback")).status_code == 404


def test_production_has_it_off_without_a_client_id():
    import importlib

    production = importlib.import_module("config.settings")

    assert production.OPENCSC_OIDC_ENABLED is False
    assert "opencsc.accounts.oidc.StaffOIDCBackend" not in production.AUTHENTICATION_BACKENDS
    assert production.OIDC_CREATE_USER is False
