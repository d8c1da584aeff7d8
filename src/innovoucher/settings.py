"""Settings, read from the environment with safe defaults for the embedded (SQLite) setup.

Environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, PORT, INNOVOUCHER_VAR_DIR,
INNOVOUCHER_PII_KEY (hex, 32 bytes: SM4 key + SM3 HMAC key for personal data).
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("INNOVOUCHER_VAR_DIR", PROJECT_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)
POLICY_DIR = Path(os.environ.get("INNOVOUCHER_POLICY_DIR", PROJECT_DIR / "policies"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    # Embedded default: a random key kept under var/ so sessions survive restarts.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# The audit chain's HMAC-SM3 key (INNOVOUCHER_AUDIT_KEY, hex, or this file — keep it apart from
# the PII key) and the append-only anchor file outside the database (core/audit.py).
AUDIT_KEY_PATH = Path(os.environ.get("INNOVOUCHER_AUDIT_KEY_FILE", VAR_DIR / "audit_key"))
AUDIT_ANCHOR_PATH = Path(os.environ.get("INNOVOUCHER_AUDIT_ANCHORS", VAR_DIR / "audit_anchors.log"))
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    f"http://{h}:{os.environ.get('PORT', '8000')}" for h in ALLOWED_HOSTS if h != "*"
]

INSTALLED_APPS = [
    "innovoucher.security.apps.SecuredAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "innovoucher.core",
    "innovoucher.accounts",
    "innovoucher.security.apps.SecurityConfig",
    "innovoucher.regions",
    "innovoucher.workdays",
    "innovoucher.policies",
    "innovoucher.ledger",
    "innovoucher.exports",
    "innovoucher.registry",
    "innovoucher.providers",
    "innovoucher.notifications",
    "innovoucher.vouchers",
    "innovoucher.orders",
    "innovoucher.redemptions",
    "innovoucher.supervision",
    "innovoucher.evaluation",
    "innovoucher.stats",
    "innovoucher.notices",
    "innovoucher.simulation",
    "innovoucher.portal",
    "innovoucher.api",
    "django_tasks_db",
    "django_tasks_rq",
    "innovoucher.jobs",
]

MIDDLEWARE = [
    "innovoucher.core.dbrouter.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "innovoucher.accounts.middleware.SessionRenewMiddleware",
    "innovoucher.portal.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "innovoucher.core.requestcache.RequestCacheMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "innovoucher.security.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "innovoucher.portal.middleware.NulCharacterMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "innovoucher.portal.middleware.DomainErrorMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "innovoucher.security.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innovoucher.urls"
WSGI_APPLICATION = "innovoucher.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "innovoucher.portal.context.navigation",
                "innovoucher.notifications.context.notification_counts",
                "innovoucher.security.context.session_timeout",
            ],
        },
    }
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        db = dj_database_url.parse(url, conn_max_age=60)
        if db["ENGINE"].endswith("sqlite3"):
            db.setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "innovoucher.sqlite3",
        "OPTIONS": dict(_SQLITE_OPTIONS),
        "TEST": {"NAME": VAR_DIR / "test.sqlite3"},
    }


# WAL lets readers work during a write; IMMEDIATE takes the write lock at BEGIN so two writers
# queue on busy_timeout instead of failing with "database is locked" half-way through.
_SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}

DATABASES = {"default": _database()}

# A streaming replica for the read-only public pages (core.dbrouter, docs/deployment.md §4).
if os.environ.get("DATABASE_REPLICA_URL", "").strip():
    DATABASES["replica"] = {
        **dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"].strip(), conn_max_age=60),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["innovoucher.core.dbrouter.ReplicaRouter"]
if os.environ.get("INNOVOUCHER_REPLICA_PATHS", "").strip():
    INNOVOUCHER_REPLICA_PATHS = tuple(
        p.strip() for p in os.environ["INNOVOUCHER_REPLICA_PATHS"].split(",") if p.strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# 身份鉴别 (docs/security.md): password policy, throttling and lockout, second factor, idle timeout.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "innovoucher.accounts.passwords.SimilarityValidator"},
    {"NAME": "innovoucher.accounts.passwords.LengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "innovoucher.accounts.passwords.CommonValidator"},
    {"NAME": "innovoucher.accounts.passwords.NumericValidator"},
    {"NAME": "innovoucher.accounts.passwords.CharacterClassValidator", "OPTIONS": {"classes": 3}},
]
# django-axes counts failed logins per account; its backend comes first and needs the request
# (`security.backends.ThrottledBackend` lets request-less calls such as the test client through).
AUTHENTICATION_BACKENDS = [
    "innovoucher.security.backends.ThrottledBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("INNOVOUCHER_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("INNOVOUCHER_LOCKOUT_MINUTES", "30")))
# Per account (GB/T 22239 限制非法登录次数), not per IP: behind the production reverse proxy every
# client shares one address, and an IP lock would lock everyone out (ADR 0019).
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "innovoucher.security.views.lockout_response"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # the security administrator unlocks accounts in its own page
# TOTP second factor (django-otp): required for officials, finance, operator and the three
# administrators (accounts.otp.otp_required); tests switch the enforcement off by default.
INNOVOUCHER_OTP_ENFORCED = env_bool("INNOVOUCHER_OTP_ENFORCED", True)
OTP_TOTP_ISSUER = "科技创新券服务平台"
# Idle timeout: a session ends after this many minutes without a request (the page warns a few
# minutes before and lets the user extend it); closing the browser ends it too.
SESSION_IDLE_MINUTES = int(os.environ.get("INNOVOUCHER_SESSION_IDLE_MINUTES", "30"))
SESSION_WARNING_MINUTES = 3
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Renewed at most once a minute by accounts.middleware.SessionRenewMiddleware (not one write per
# request): a session ends between SESSION_IDLE_MINUTES - 1 and SESSION_IDLE_MINUTES after the
# last request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "login"
# The landing page after login: the person's to-dos with their deadlines.
LOGIN_REDIRECT_URL = "notifications:todos"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "zh-hans"
# Simplified Chinese first, English available; the choice lives in a cookie that lasts as long
# as the browser session (LANGUAGE_COOKIE_AGE None), set by the switch in the header.
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LANGUAGE_COOKIE_AGE = None
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Background work (innovoucher/jobs): Django's tasks framework. `database` (default) keeps tasks in
# the database for `innovoucher worker`; `rq` keeps them in Redis (INNOVOUCHER_REDIS_URL), the
# production option for many nodes (docs/deployment.md); `immediate` runs them in the calling
# process (the test suite, one-off scripts). INNOVOUCHER_TICK_SECONDS: how often the worker's
# scheduler runs the tick.
INNOVOUCHER_REDIS_URL = os.environ.get("INNOVOUCHER_REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": INNOVOUCHER_REDIS_URL, "DEFAULT_TIMEOUT": 1800}}
_TASK_BACKENDS = {
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    "immediate": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
}
_task_backend = (
    os.environ.get("INNOVOUCHER_TASKS_BACKEND", "database").strip().lower() or "database"
)
if _task_backend not in _TASK_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"INNOVOUCHER_TASKS_BACKEND 应为 {' / '.join(_TASK_BACKENDS)}，而不是 {_task_backend!r}"
    )
TASKS = {"default": _TASK_BACKENDS[_task_backend]}
INNOVOUCHER_TICK_SECONDS = float(os.environ.get("INNOVOUCHER_TICK_SECONDS", "60"))
INNOVOUCHER_TICK_LEASE_SECONDS = float(os.environ.get("INNOVOUCHER_TICK_LEASE_SECONDS", "900"))
# Exports (innovoucher/exports, ADR 0029): a file is kept this many days after it was produced,
# then the tick deletes it; an export with no progress for this many minutes is failed (its
# worker stopped) and can be retried.
INNOVOUCHER_EXPORT_DAYS = int(os.environ.get("INNOVOUCHER_EXPORT_DAYS", "7"))
INNOVOUCHER_EXPORT_STALL_MINUTES = int(os.environ.get("INNOVOUCHER_EXPORT_STALL_MINUTES", "30"))
SECURE_REFERRER_POLICY = "same-origin"
# No inline script: scripts only from our own static files (style attributes are still inline).
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Behind TLS (INNOVOUCHER_TLS=1): Secure cookies, HTTPS redirect, HSTS (INNOVOUCHER_HSTS_SECONDS).
TLS = env_bool("INNOVOUCHER_TLS", False)
SESSION_COOKIE_SECURE = TLS
CSRF_COOKIE_SECURE = TLS
SECURE_SSL_REDIRECT = TLS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TLS else None
SECURE_HSTS_SECONDS = int(os.environ.get("INNOVOUCHER_HSTS_SECONDS", "31536000")) if TLS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = TLS
SECURE_HSTS_PRELOAD = env_bool("INNOVOUCHER_HSTS_PRELOAD", TLS)
MAILERS = {
    "default": {
        # Behind TLS (production) mail goes out by SMTP unless EMAIL_BACKEND says otherwise.
        "BACKEND": os.environ.get(
            "EMAIL_BACKEND",
            "django.core.mail.backends.smtp.EmailBackend"
            if TLS
            else "django.core.mail.backends.console.EmailBackend",
        )
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The highest price (yuan) a provider may publish for a service or an instrument hour / sample
# (INNOVOUCHER_MAX_PRICE_YUAN; default 10,000,000 = 一千万元). A typo such as 99,999,999,999,999
# must not reach the public catalogue.
INNOVOUCHER_MAX_PRICE_YUAN = int(os.environ.get("INNOVOUCHER_MAX_PRICE_YUAN", "10000000"))
# The largest upload accepted (PDF, JPG, PNG, Word, Excel; registry.validation.check_upload), MB.
INNOVOUCHER_MAX_UPLOAD_MB = float(os.environ.get("INNOVOUCHER_MAX_UPLOAD_MB", "10"))
