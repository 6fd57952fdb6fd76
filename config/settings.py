"""OpenCSC settings: one module; environments differ only by environment variables.

Embedded default: SQLite in ./var/, debug off. Development and the tests set OPENCSC_DEBUG=1 (then a
development secret key is used); with debug off the app refuses to start without OPENCSC_SECRET_KEY.
Production sets DATABASE_URL, OPENCSC_SECRET_KEY and OPENCSC_ALLOWED_HOSTS (README, "Deploying").
"""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from config import servers

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """Read a whole-number environment variable."""
    value = os.environ.get(name)
    return default if value is None or value == "" else int(value)


# --- Safe defaults (issue 11, part 6): debug only when asked for, never a committed key ---------
DEBUG = env_bool("OPENCSC_DEBUG", False)
# Only with OPENCSC_DEBUG=1; with debug off this key is refused (it has Django's insecure prefix).
DEVELOPMENT_SECRET_KEY = (
    "django-insecure-opencsc-development-only-never-use-in-production-0123456789"  # noqa: S105
)


def secret_key(value: str, *, debug: bool) -> str:
    """The secret key to sign with; outside debug only a long random one of the council's own.

    "Proper" is what `check --deploy` asks of a key (security.W009): at least 50 characters, at
    least 5 different ones, and not Django's `django-insecure-` prefix (the development key's).
    """
    if debug and not value:
        return DEVELOPMENT_SECRET_KEY
    if not value:
        raise ImproperlyConfigured(
            "OPENCSC_SECRET_KEY is not set. With debug off (OPENCSC_DEBUG is not 1) OpenCSC needs "
            "a secret key of its own: a random string of at least 50 characters, for example "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    if not debug and (
        len(value) < 50 or len(set(value)) < 5 or value.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            "OPENCSC_SECRET_KEY is too weak to run with debug off: use a random string of at least "
            "50 characters that does not start with 'django-insecure-', for example "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    return value


SECRET_KEY = secret_key(os.environ.get("OPENCSC_SECRET_KEY", "").strip(), debug=DEBUG)
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "OPENCSC_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
    ).split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("OPENCSC_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    # Before django.contrib.auth, so its `createsuperuser` command is the one that refuses.
    "opencsc.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "simple_history",
    "opencsc.core",
    "opencsc.people",
    "opencsc.frontdoor",
    "opencsc.casework",
    "opencsc.assessments",
    "opencsc.protection",
    "opencsc.plans",
    "opencsc.notes",
    "opencsc.missing",
    "opencsc.exploitation",
    "opencsc.privatefostering",
    "opencsc.workforce",
    "opencsc.record",
    "opencsc.timescales",
    "opencsc.chronology",
    "opencsc.audit",
    "opencsc.demo",
    "opencsc.benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After sign-in: a session without its second factor reaches only the sign-in steps. Before
    # OTPMiddleware, so it sees the session's device before django-otp drops a removed one.
    "opencsc.accounts.signin.middleware.SecondFactorMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "opencsc.accounts.sessions.SessionLifetimeMiddleware",
    # Before LoginRequiredMiddleware: a form sent after the session ended is kept (WCAG 2.2.5).
    "opencsc.accounts.kept_forms.KeepFormAcrossSignInMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    "opencsc.core.middleware.security_headers",
    "opencsc.audit.context.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Keep last: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "opencsc" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opencsc.record.context_processors.service",
                "opencsc.record.context_processors.banner",
            ],
            "builtins": ["opencsc.core.templatetags.govuk"],
        },
    }
]

VAR_DIR = Path(os.environ.get("OPENCSC_VAR_DIR", BASE_DIR / "var"))
# The database (DATABASE_URL; SQLite in var/ without it), an optional read replica for reports
# (DATABASE_REPLICA_URL), psycopg's connection pool (OPENCSC_DB_POOL): config/servers.py.
DATABASES = servers.databases(os.environ, default_url=f"sqlite:///{VAR_DIR / 'opencsc.sqlite3'}")
# Writes, the access log and the sign-in tables always on the primary; only reads a report asks
# for (opencsc.core.replica.for_reports) on the replica.
DATABASE_ROUTERS = ["opencsc.core.replica.PrimaryReplicaRouter"]
# A cache shared by every process and server (Redis, OPENCSC_REDIS_URL), or each process's own.
OPENCSC_REDIS_URL = os.environ.get("OPENCSC_REDIS_URL", "").strip()
CACHES = servers.caches(OPENCSC_REDIS_URL)
SESSION_ENGINE = servers.session_engine(OPENCSC_REDIS_URL)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "record:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Part 10 (accounts): lock-out, session lifetime, the client address behind a proxy ---------
# Lock-out: a username is locked after AXES_FAILURE_LIMIT failures from any mix of addresses, and an
# address after OPENCSC_LOGIN_ADDRESS_FAILURE_LIMIT failures across any usernames (higher: a
# council's staff may share one address). opencsc.accounts.lockout counts each against its limit.
AXES_HANDLER = "opencsc.accounts.lockout.UsernameOrAddressHandler"
AXES_FAILURE_LIMIT = env_int("OPENCSC_LOGIN_FAILURE_LIMIT", 5)
OPENCSC_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("OPENCSC_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OPENCSC_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# The client's address: REMOTE_ADDR, or X-Forwarded-For when REMOTE_ADDR is one of these proxies
# (addresses or CIDR ranges, comma-separated). Used by the access log and the lock-out alike.
# A mistyped entry stops the app at start-up (ValueError) rather than trusting the wrong sender.
OPENCSC_TRUSTED_PROXIES = [
    str(ipaddress.ip_network(entry.strip(), strict=False))
    for entry in os.environ.get("OPENCSC_TRUSTED_PROXIES", "").split(",")
    if entry.strip()
]
AXES_CLIENT_IP_CALLABLE = "opencsc.audit.context.client_address"
# A session ends this many hours after sign-in, however busy (on top of the idle timeout below).
OPENCSC_SESSION_MAX_HOURS = env_int("OPENCSC_SESSION_MAX_HOURS", 10)
# Optional single sign-on with the council's identity provider (OpenID Connect; docs/security.md).
# Off unless OPENCSC_OIDC_CLIENT_ID is set; accounts are matched by email, never created.
OPENCSC_OIDC_ENABLED = bool(os.environ.get("OPENCSC_OIDC_CLIENT_ID"))
if OPENCSC_OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("opencsc.accounts.oidc.StaffOIDCBackend")
    OIDC_RP_CLIENT_ID = os.environ["OPENCSC_OIDC_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = os.environ.get("OPENCSC_OIDC_CLIENT_SECRET", "")
    OPENCSC_OIDC_ISSUER = os.environ["OPENCSC_OIDC_ISSUER"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["OPENCSC_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["OPENCSC_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["OPENCSC_OIDC_USERINFO_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ["OPENCSC_OIDC_JWKS_ENDPOINT"]
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid email"
OIDC_CREATE_USER = False
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"

# Sessions end after an idle period: a request restarts the idle clock (the session's expiry and the
# cookie's age), saving the session at most once every OPENCSC_SESSION_TOUCH_SECONDS
# (opencsc.accounts.sessions.restart_idle_clock): saving it on every request cost three database
# statements a page.
SESSION_COOKIE_AGE = env_int("OPENCSC_SESSION_IDLE_MINUTES", 30) * 60
OPENCSC_SESSION_TOUCH_SECONDS = env_int("OPENCSC_SESSION_TOUCH_SECONDS", 60)
# Pages warn this many seconds before the idle sign-out, with a button to stay signed in (WCAG
# 2.2.1; opencsc/static/opencsc/timeout.js).
OPENCSC_SESSION_WARNING_SECONDS = env_int("OPENCSC_SESSION_WARNING_SECONDS", 120)
# A form sent after the session ended is kept this long for its user to sign in again and see
# what they typed (WCAG 2.2.5; opencsc.accounts.kept_forms).
OPENCSC_KEPT_FORM_MINUTES = env_int("OPENCSC_KEPT_FORM_MINUTES", 30)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Cookies only over https, unless the app runs on plain http on this machine (scripts/start).
SESSION_COOKIE_SECURE = env_bool("OPENCSC_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("OPENCSC_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# Consent to the browsers' HSTS preload list (docs/security.md): nothing changes until the council
# submits its domain at hstspreload.org. OPENCSC_HSTS_PRELOAD=0 leaves it out (check --deploy
# then warns, security.W021).
SECURE_HSTS_PRELOAD = env_bool("OPENCSC_HSTS_PRELOAD", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("OPENCSC_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Content security policy and headers (issue 11, part 6; docs/security.md) ------------------
# Every script, style, font and image comes from the app itself (govuk-frontend through WhiteNoise):
# no 'unsafe-inline', no CDN. The one inline script, GOV.UK's `js-enabled` line at the top of
# base.html, is allowed by its hash (tests/core/test_safe_defaults.py checks that it matches).
JS_ENABLED_SCRIPT_HASH = "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", JS_ENABLED_SCRIPT_HASH],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features the service never uses, refused for every page (opencsc.core.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
    "fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
    "payment=(), picture-in-picture=(), screen-wake-lock=(), usb=(), xr-spatial-tracking=()"
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "opencsc" / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
]
# govuk-frontend's compiled CSS asks for fonts and images at /assets/: serve its folder at the root.
WHITENOISE_ROOT = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "axes": {"handlers": ["console"], "level": "WARNING"},
        "opencsc": {"handlers": ["console"], "level": "INFO"},
    },
}

# --- OpenCSC settings ---------------------------------------------------------------------------
OPENCSC_SERVICE_NAME = os.environ.get("OPENCSC_SERVICE_NAME", "OpenCSC")
OPENCSC_LOCAL_AUTHORITY_NAME = os.environ.get(
    "OPENCSC_LOCAL_AUTHORITY_NAME", "Demo Borough Council"
)
# Local timescales (TIMESCALES.md marks them local): rule code -> number of units. Unset rules use
# OpenCSC's defaults in opencsc/timescales/rules.py.
OPENCSC_LOCAL_TIMESCALES: dict[str, int] = {}
# One-off bank holidays proclaimed after the holidays package was released (ISO dates).
OPENCSC_EXTRA_BANK_HOLIDAYS: list[str] = [
    day.strip()
    for day in os.environ.get("OPENCSC_EXTRA_BANK_HOLIDAYS", "").split(",")
    if day.strip()
]
# The levels of the local threshold document (code, label), offered on every threshold decision.
OPENCSC_THRESHOLD_LEVELS: list[tuple[str, str]] = [
    ("1", "Level 1: universal needs"),
    ("2", "Level 2: additional needs (early help)"),
    ("3", "Level 3: complex needs (children in need)"),
    ("4", "Level 4: acute needs (child protection)"),
]
OPENCSC_CASELOAD_STANDARD = env_int("OPENCSC_CASELOAD_STANDARD", 21)

# --- Email (alerts to heads of service: role changes waiting for approval) ----------------------
# Production names its relay with OPENCSC_EMAIL_HOST (and port, user, password, TLS); the demo and
# development write messages to the console. A failed send is logged, never shown to the user.
EMAIL_BACKEND = os.environ.get(
    "OPENCSC_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("OPENCSC_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("OPENCSC_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("OPENCSC_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("OPENCSC_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("OPENCSC_EMAIL_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("OPENCSC_EMAIL_FROM", "opencsc@localhost")

# --- Races (issue 11, part 8) --------------------------------------------------------------------
# A chase of an agency check repeated within this many minutes of the last one counted (a double
# click, two MASH colleagues pressing at once, a resent form) is not counted again.
OPENCSC_CHASE_REPEAT_MINUTES = env_int("OPENCSC_CHASE_REPEAT_MINUTES", 10)
OPENCSC_PAGE_SIZE = 25

# --- Multi-factor sign-in (issue 11, part 10; docs/security.md) ---------------------------------
# Every role signs in with a password and then a code from an authenticator app (or a recovery
# code). On unless OPENCSC_MFA_REQUIRED=0: scripts/start turns it off for the demo logins, and
# tests/conftest.py for the tests that do not test it.
OPENCSC_MFA_REQUIRED = env_bool("OPENCSC_MFA_REQUIRED", True)
# The name an authenticator app shows beside the codes.
OTP_TOTP_ISSUER = f"{OPENCSC_SERVICE_NAME} {OPENCSC_LOCAL_AUTHORITY_NAME}"
# After each wrong code the next try waits 1, 2, 4, 8... seconds (per device).
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A sign-in through the council's identity provider (single sign-on) asks for our code too, unless
# the provider enforces multi-factor sign-in itself and this is set to 1.
OPENCSC_MFA_TRUST_SINGLE_SIGN_ON = env_bool("OPENCSC_MFA_TRUST_SINGLE_SIGN_ON", False)

# --- Hostile input (issue 11, part 7): the plausible range of typed dates (core/forms.py) -----
# How far back a recorded event (a contact received, a visit, a meeting) may be dated.
OPENCSC_OLDEST_RECORD_YEARS = env_int("OPENCSC_OLDEST_RECORD_YEARS", 10)
# How far ahead a due date, a review or a meeting may be set.
OPENCSC_DUE_DATE_HORIZON_YEARS = env_int("OPENCSC_DUE_DATE_HORIZON_YEARS", 2)

# --- Issue 11, part 9: the tamper-evident access log (docs/security.md, "The access log") ---
# With a key, each access-log row's hash is an HMAC-SHA-256, which someone who can write to the
# database but does not hold the key cannot recompute. Set it before the first row is written and
# never change it: `opencsc audit verify` checks every row with the one key.
OPENCSC_AUDIT_KEY = os.environ.get("OPENCSC_AUDIT_KEY", "")
