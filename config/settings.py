"""OpenCSC settings: one module; environments differ only by environment variables.

Embedded default: SQLite in ./var/, DEBUG on, a development secret key. Production sets
DATABASE_URL, OPENCSC_SECRET_KEY, OPENCSC_ALLOWED_HOSTS and OPENCSC_DEBUG=0 (README, "Deploying").
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext

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


DEBUG = env_bool("OPENCSC_DEBUG", True)
SECRET_KEY = os.environ.get(
    "OPENCSC_SECRET_KEY",
    "django-insecure-opencsc-development-only-never-use-in-production-0123456789",
)
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "simple_history",
    "opencsc.core",
    "opencsc.accounts",
    "opencsc.people",
    "opencsc.frontdoor",
    "opencsc.casework",
    "opencsc.assessments",
    "opencsc.protection",
    "opencsc.plans",
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
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
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
            ],
            "builtins": ["opencsc.core.templatetags.govuk"],
        },
    }
]

VAR_DIR = Path(os.environ.get("OPENCSC_VAR_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'opencsc.sqlite3'}",
        conn_max_age=env_int("OPENCSC_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait rather than fail when two requests write at once; WAL lets reads go on during a write.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation pays off for long analytical queries, not for a page's short ones: with the
    # permission subqueries it added seconds to a search whose plan runs in milliseconds.
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
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

# Lock an account (username + address) for a while after repeated failed logins; log every failure.
AXES_FAILURE_LIMIT = env_int("OPENCSC_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("OPENCSC_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False

# Sessions end after an idle period: the cookie's age restarts at every request.
SESSION_COOKIE_AGE = env_int("OPENCSC_SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Cookies only over https, unless the app runs on plain http on this machine (scripts/start).
SESSION_COOKIE_SECURE = env_bool("OPENCSC_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("OPENCSC_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = env_bool("OPENCSC_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

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
OPENCSC_PAGE_SIZE = 25

# --- Issue 11, part 9: the tamper-evident access log (docs/security.md, "The access log") ---
# With a key, each access-log row's hash is an HMAC-SHA-256, which someone who can write to the
# database but does not hold the key cannot recompute. Set it before the first row is written and
# never change it: `opencsc audit verify` checks every row with the one key.
OPENCSC_AUDIT_KEY = os.environ.get("OPENCSC_AUDIT_KEY", "")
