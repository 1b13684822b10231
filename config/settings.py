"""Settings for both modes, driven by environment variables.

Embedded (default, nothing set): SQLite under var/, a file-system Celery broker, e-mail written to
var/mail, a secret key generated once into var/secret_key, DEBUG off (DJANGO_DEBUG=1 turns it on).
Production (DJANGO_ENV=production, or DATABASE_URL pointing at PostgreSQL): set SECRET_KEY (50+ random
characters: it refuses to start without one), ALLOWED_HOSTS, DATABASE_URL and REDIS_URL.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from django_guid.integrations import CeleryIntegration
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Mode: "production" when DJANGO_ENV=production or the database is PostgreSQL; "test" under the test settings;
# otherwise "embedded" (scripts/run: SQLite under var/, no servers). DEBUG is off unless DJANGO_DEBUG=1.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DJANGO_ENV = os.environ.get("DJANGO_ENV", "").strip().lower() or (
    "production" if DATABASE_URL.startswith(("postgres", "pgsql", "postgis")) else "embedded"
)
PRODUCTION = DJANGO_ENV == "production"
EMBEDDED = not PRODUCTION  # embedded or test: local files instead of servers
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY_FILE = VAR_DIR / "secret_key"


def embedded_secret_key(path: Path) -> str:
    """The embedded mode's key: generated once into var/secret_key (readable by its owner only) and reused."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(64))
    try:
        os.link(draft, path)  # appears whole, or not at all if another process was first (then theirs is used)
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        os.replace(draft, path)
    finally:
        draft.unlink(missing_ok=True)
    return path.read_text().strip()


def production_secret_key(key: str, embedded_key_file: Path) -> str:
    """A real key: at least 50 characters, not a placeholder, not the embedded mode's generated key."""
    embedded_key = embedded_key_file.read_text().strip() if embedded_key_file.exists() else None
    if len(key) < 50 or len(set(key)) < 5 or key.startswith(("django-insecure", "embedded-insecure")):
        raise RuntimeError("SECRET_KEY must be set in production to a random value of at least 50 characters")
    if key == embedded_key:
        raise RuntimeError("SECRET_KEY must be set in production to its own value, not the embedded mode's key")
    return key


if PRODUCTION:
    SECRET_KEY = production_secret_key(os.environ.get("SECRET_KEY", "").strip(), SECRET_KEY_FILE)
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or embedded_secret_key(SECRET_KEY_FILE)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_guid",  # request ids (issue 13: logs): see "Logs" below
    "health_check",  # /health/ (core/health.py)
    "core",
    "cities",
    "awards",
    "reviews",
    "honours",
    "portal",
    "demo",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",  # first: every log line of the request carries its X-Request-ID
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.shared.page_cache.PageCacheMiddleware",  # anonymous GETs of public pages from the cache, before sessions
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "portal.security.StaffIdleTimeoutMiddleware",  # staff sessions end after STAFF_IDLE_SECONDS idle
    "portal.security.OTPRequiredMiddleware",  # staff verify a TOTP code after the password (OTP_REQUIRED_ROLES)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.security.SecurityHeadersMiddleware",  # Permissions-Policy, no-store when signed in, no Server
    "core.db.LockRetryMiddleware",  # SQLite: a view that met "database is locked" runs again, else a Chinese 503
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several people at once on one SQLite file: write-ahead log (readers never wait for a writer), writers
    # queue for up to 20 s (busy timeout) and take the write lock when their transaction begins (IMMEDIATE), so
    # a read-then-write transaction never fails at once with "database is locked". core.db retries the rest.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    )

# Two database roles (core/db_roles.py): DATABASE_URL is the portal's role (rows only: no TRUNCATE, ALTER, DROP,
# no disabling triggers); MIGRATION_DATABASE_URL, when set, is the tables' owner, used by `manage.py migrate` and
# `manage.py grant_app_role` only.
MIGRATION_DATABASE_URL = os.environ.get("MIGRATION_DATABASE_URL", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username+address before any check
    "portal.security.SignInBackend",  # ModelBackend; the session's user loaded with its OTP answers (one query)
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous object permissions
GUARDIAN_RAISE_403 = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"  # portal/account/home.py: the home of the user's role
LOGOUT_REDIRECT_URL = "public:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a reset link works for one day

# Lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one address, that pair is
# refused for AXES_COOLOFF_TIME (the Chinese page registration/locked_out.html, status 429).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "portal.security.client_ip"  # REMOTE_ADDR or CLIENT_IP_HEADER, as the throttle reads it
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "portal.security.login_username"  # cut to 150 characters before it is logged

# Two-factor (django-otp, TOTP): users holding one of these roles in any city (or superusers) verify a code from
# an authenticator app after the password, and set one up on first login; everyone else may set one up (then it
# is asked at every login). OTP_ENFORCED=False (tests only) switches the requirement off.
OTP_REQUIRED_ROLES = ["office", "committee", "supervisor", "superuser"]
OTP_ENFORCED = env_bool("OTP_ENFORCED", True)
OTP_TOTP_ISSUER = "质量奖管理平台"
# The admin never shows a user's TOTP secret or QR code (its config and QR pages answer 403): each user enrols
# their own device at /account/otp/setup/.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Staff (the roles above) are signed out after this many idle seconds; others keep Django's session age.
STAFF_IDLE_SECONDS = int(os.environ.get("STAFF_IDLE_SECONDS", "1800"))

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Embedded and test: whitenoise serves static files straight from the app folders (no collectstatic needed, DEBUG
# off); production serves the hashed, compressed files collectstatic wrote (the Dockerfile runs it).
WHITENOISE_USE_FINDERS = DEBUG or EMBEDDED
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or EMBEDDED
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploaded files live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = None

# ---- Object storage (issue 13). STORAGE_BACKEND=s3: uploads in an S3-compatible bucket (MinIO in
# docker-compose.yml) through django-storages; unset: the file system above. The bucket is private (no ACL, no
# public URL): a download view checks permission, then redirects to a URL signed for AWS_QUERYSTRING_EXPIRE
# seconds (STORAGE_DOWNLOADS=redirect) or streams the file itself (stream). portal/files.py: serve().
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "filesystem").strip().lower()
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "portal-media")
    AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME", "us-east-1")
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE", "path")  # MinIO: bucket in the path
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    AWS_DEFAULT_ACL = None  # the bucket's own policy: private
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "60"))
    AWS_S3_FILE_OVERWRITE = False  # two uploads of one name never replace each other
    # The address browsers reach the bucket at, when it differs from the one the servers use (signed for it).
    AWS_S3_PUBLIC_ENDPOINT_URL = os.environ.get("AWS_S3_PUBLIC_ENDPOINT_URL", "") or AWS_S3_ENDPOINT_URL
STORAGE_DOWNLOADS = os.environ.get("STORAGE_DOWNLOADS", "redirect" if STORAGE_BACKEND == "s3" else "stream")

# E-mail: files under var/mail when embedded, SMTP in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if EMBEDDED
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_TIMEOUT = 20
# A failed notice e-mail is retried with exponential back-off, then marked failed for staff to see.
NOTICE_EMAIL_MAX_RETRIES = int(os.environ.get("NOTICE_EMAIL_MAX_RETRIES", "5"))
NOTICE_EMAIL_RETRY_SECONDS = int(os.environ.get("NOTICE_EMAIL_RETRY_SECONDS", "60"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "质量奖管理平台 <noreply@quality-award.local>")
# The portal's public address: the QR code on a certificate opens <PORTAL_BASE_URL>/verify/<code>/.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# Cache (used e.g. to limit public objections per client): Redis when REDIS_URL is set, so that every web
# process shares it; otherwise files under var/, shared by the processes of the embedded setup.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"],
         "KEY_PREFIX": "portal"}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    )
}
# issue 13 P5 (autosave): with Redis, sessions are read from the cache and written through to the database
# (cached_db), so a signed-in request (an expert's autosave) reads no session row.
if os.environ.get("REDIS_URL"):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Behind a reverse proxy, the header that carries the client's address as the proxy sets it (e.g.
# HTTP_X_REAL_IP). Empty: REMOTE_ADDR. Only set it when the proxy overwrites the header a client sends.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")

# Celery: Redis when REDIS_URL is set, otherwise a file-system broker that needs no server.
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
# Redis: a task taken by a worker that dies before acknowledging it (task_acks_late) is delivered again after the
# visibility timeout. It must be longer than the longest retry countdown (an hour: awards.domain.notices.retry_delay),
# or a waiting retry would be delivered twice (harmless, the tasks claim first, but wasteful). Short connection
# timeouts and retries, so that a request queuing an e-mail while Redis is unreachable is not held up.
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(CELERY_BROKER_DIR),
        "data_folder_out": str(CELERY_BROKER_DIR),
        "control_folder": str(VAR_DIR / "celery-control"),
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3900")),
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
        # publishing gives up after one quick retry instead of kombu's default of retrying for seconds: the outbox
        # row stays PENDING and the beat (requeue_undelivered) queues it again
        "max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5,
    }
    if CELERY_BROKER_URL.startswith(("redis", "rediss"))
    else {}
)
if CELERY_BROKER_URL.startswith("filesystem"):
    for _folder in CELERY_BROKER_TRANSPORT_OPTIONS.values():
        Path(_folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_IGNORE_RESULT = True
# ---- Queues per kind of work (issue 13): a batch of certificates never delays a deadline or a notice. Production
# runs a worker per queue (`celery -A config worker -Q notices`, docker-compose.yml); scripts/run's one worker takes
# all four. Routes by task name; anything not listed goes to the default queue "celery".
CELERY_TASK_DEFAULT_QUEUE = "celery"
# each queue its own exchange and routing key: a message goes to exactly one queue
CELERY_TASK_QUEUES = [Queue(name, Exchange(name), routing_key=name)
                      for name in ("notices", "pdfs", "deadlines", "celery")]
CELERY_TASK_ROUTES = {
    "awards.tasks.notify_transition": {"queue": "notices"},
    "awards.tasks.send_notice_email": {"queue": "notices"},
    "awards.tasks.email_objection_outcome": {"queue": "notices"},
    "awards.tasks.email_complaint_answer": {"queue": "notices"},
    "honours.tasks.make_certificate_batch": {"queue": "pdfs"},
    "awards.tasks.close_due_publicities": {"queue": "deadlines"},
    "awards.tasks.requeue_undelivered": {"queue": "deadlines"},
    "honours.tasks.duties_daily": {"queue": "deadlines"},
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A notice whose e-mail has not gone after this many minutes is queued again by the beat and shown to the office
# as delayed (延迟) in the failed-mail list.
NOTICE_EMAIL_DELAYED_MINUTES = int(os.environ.get("NOTICE_EMAIL_DELAYED_MINUTES", "5"))
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "close-due-publicities": {
        "task": "awards.tasks.close_due_publicities",
        "schedule": float(os.environ.get("PUBLICITY_CHECK_SECONDS", "300")),
    },
    # winners' duties: reminders before yearly reports and expiry, overdue reports onto the office's queue
    # the outbox: e-mails still undelivered after NOTICE_EMAIL_DELAYED_MINUTES are queued again
    "requeue-undelivered-email": {
        "task": "awards.tasks.requeue_undelivered",
        "schedule": float(os.environ.get("REQUEUE_CHECK_SECONDS", "120")),
    },
    "honours-duties-daily": {
        "task": "honours.tasks.duties_daily",
        "schedule": float(os.environ.get("DUTIES_CHECK_SECONDS", "3600")),
    },
}

# Error pages in Chinese in the portal's look (portal/errors.py; handler400/403/404/500 in portal/urls.py).
CSRF_FAILURE_VIEW = "portal.errors.csrf_failure"

# Security: strict in production (python manage.py check --deploy passes); embedded mode is plain HTTP on localhost.
if PRODUCTION and not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the proxy's and docker's probes speak plain HTTP (core/health.py)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads the token from the cookie (forms carry it)
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): scripts only from our own static files, never inline.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # style="" attributes in templates; no script can run from CSS
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Enforced; PORTAL_CSP_REPORT_ONLY=1 only has browsers report what it would block (to try a change safely).
if env_bool("PORTAL_CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "accelerometer=(), gyroscope=(), magnetometer=()"
)

# Upload limits (the intake issue shows these to applicants before upload).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
INTAKE_MAX_FILE_BYTES = int(os.environ.get("INTAKE_MAX_FILE_MB", "20")) * 1024 * 1024
INTAKE_MAX_APPLICATION_BYTES = int(os.environ.get("INTAKE_MAX_APPLICATION_MB", "200")) * 1024 * 1024

# ---- Logs (issue 13): every line carries the request id (django-guid: the X-Request-ID header when it is a
# UUID, else a new one; sent back in the response and handed to the Celery tasks the request queues).
# LOG_FORMAT=json (production default): one JSON object a line for a log collector; text elsewhere.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text").strip().lower()
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,  # a client's value is used only if it is a UUID: nothing else reaches the logs
    "EXPOSE_HEADER": False,
    # tasks queued during a request carry its id in their headers; the worker logs it (and uses LOGGING below)
    "INTEGRATIONS": [CeleryIntegration(use_django_logging=True)],
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                    "formatter": "json" if LOG_FORMAT == "json" else "text"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # WeasyPrint and fontTools log every layout step at INFO, axes every login, django-guid every request: keep
    # the console for what matters.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "axes", "django_guid")},
}

# The benchmarks' baseline views at /bench/ (portal/bench_views.py): only bench/common.py's servers set this.
PORTAL_BENCH = env_bool("PORTAL_BENCH", False)

# Where the city rule files live. One YAML file per city; a sixth city is one new file.
CITY_RULES_DIR = Path(os.environ.get("CITY_RULES_DIR", BASE_DIR / "cities" / "rules"))
