"""Settings shared by every environment. Environment-specific values come from the environment (django-environ)."""

import datetime
import ipaddress
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.core import RESERVED_ATTRS as JSON_LOG_RESERVED_ATTRS

from antqcore.api.tags import TAG_DESCRIPTIONS

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

DJANGO_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_celery_beat",
    "csp",
    "axes",  # login lockouts (issue #12 item 7)
    "django_prometheus",  # /metrics (issue #13): its middlewares count requests, latencies and errors
]
LOCAL_APPS = [
    "antqcore",
    "units",
    "certification",
    "models_registry",
    "incidents",
    "commendations",
    "tallies",
    "coordination",
    "activities",  # retired, migrations only: hands its tables over to tallies and coordination (#14)
    "reports",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # first: every request counted and timed
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "antqcore.logs.RequestLogMiddleware",  # the request id and the request's log line (static files are not logged)
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "antqcore.audit.AfterResponseMiddleware",  # security events of refused (rolled back) requests
    "antqcore.auth.SessionExpiryMiddleware",  # idle and absolute session lifetime (needs messages)
    "antqcore.auth.PasswordChangeRequiredMiddleware",  # a password someone else chose is changed first
    "antqcore.api.throttling.AnonymousApiThrottleMiddleware",  # the `anon` API rate, before DRF's 401
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "reports.middleware.ChangeReasonMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",  # the view's status and latency, by view
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "antqcore.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'antq.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server, the Celery worker and beat share one SQLite file under `make run`.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "antqcore.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
CSRF_FAILURE_VIEW = "antqcore.errors.csrf_failure"  # the site's 403 page, saying to reload the form
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy everywhere, whatever Django's own locale files say. Numbers are grouped ("1.575") where they are shown
# as numbers, with |intcomma: grouping every integer would also turn ids in forms and links into "25.619".
FORMAT_MODULE_PATH = ["antqcore.formats"]
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_URL = "/media/"  # routed nowhere: a stored file is served only by its record's download view
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
if any(Path(MEDIA_ROOT).resolve().is_relative_to(Path(d).resolve()) for d in [STATIC_ROOT, *STATICFILES_DIRS]):
    raise ImproperlyConfigured("MEDIA_ROOT must not lie inside STATIC_ROOT or STATICFILES_DIRS: uploaded files would "
                               "be served to anyone as static files.")
# Uploads (antqcore.uploads): the largest file accepted, in MB, and the limits of some fields by the name of their
# rule, e.g. ANTQ_UPLOAD_MAX_MB_PER_FIELD="document_file=20;certification_attachment=5".
ANTQ_UPLOAD_MAX_MB = env.int("ANTQ_UPLOAD_MAX_MB", default=10)
ANTQ_UPLOAD_MAX_MB_PER_FIELD = env.dict("ANTQ_UPLOAD_MAX_MB_PER_FIELD", cast={"value": int}, default={})

# --- Backups (issue #13 part 2; antqcore/backup.py) ---------------------------------------------------------------
# `manage.py backup` and the nightly task (Celery beat, 02:00) write one archive (database dump, MEDIA_ROOT, manifest)
# into ANTQ_BACKUP_DIR, which must not lie inside MEDIA_ROOT. After each nightly archive, the retention rule keeps the
# newest archive of each of the last ANTQ_BACKUP_KEEP_DAILY days that have one and of each of the last
# ANTQ_BACKUP_KEEP_MONTHLY months, and deletes the other antq-backup-* archives of that folder.
ANTQ_BACKUP_DIR = env.path("ANTQ_BACKUP_DIR", default=str(VAR_DIR / "backups"))
ANTQ_BACKUP_KEEP_DAILY = env.int("ANTQ_BACKUP_KEEP_DAILY", default=14)
ANTQ_BACKUP_KEEP_MONTHLY = env.int("ANTQ_BACKUP_KEEP_MONTHLY", default=12)

# Celery. With no REDIS_URL the broker is a folder on disk, so `make run` needs no external service
# and background jobs still run in a separate worker process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_FILESYSTEM_DIR = env.path("ANTQ_CELERY_FOLDER", default=str(VAR_DIR / "celery"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(Path(CELERY_FILESYSTEM_DIR) / "queue"),
        "data_folder_out": str(Path(CELERY_FILESYSTEM_DIR) / "queue"),
        "processed_folder": str(Path(CELERY_FILESYSTEM_DIR) / "processed"),
        "control_folder": str(Path(CELERY_FILESYSTEM_DIR) / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = env(
    "CELERY_RESULT_BACKEND", default=REDIS_URL or f"file://{Path(CELERY_FILESYSTEM_DIR) / 'results'}"
)
CELERY_RESULT_EXPIRES = 3600 * 24
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False
# Workers are recycled against memory growth (PDF rendering is the heavy part): a child process is replaced after
# this many tasks or once its resident memory passes this many KiB, after the task it is running.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=100)
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)

# Report generation (reports/tasks.py). The hard limit kills a stuck generation. Redis hands an unacknowledged
# message to another worker only after the visibility timeout, so the timeout must exceed the hard limit, or a long
# generation would be started twice. A run "running" with no sign of life for ANTQ_REPORT_STALE_AFTER seconds has
# lost its worker: a redelivered message or the reaper takes it over, at most ANTQ_REPORT_MAX_ATTEMPTS times.
# The site's address as its users reach it (https://antq.congan.gov.vn), for the links a report's Excel annex gives to
# the records behind each figure; empty: the annex gives the path alone (/figures/records/?key=…).
ANTQ_SITE_URL = env.str("ANTQ_SITE_URL", default="").rstrip("/")
ANTQ_REPORT_SOFT_TIME_LIMIT = env.int("ANTQ_REPORT_SOFT_TIME_LIMIT", default=600)
ANTQ_REPORT_TIME_LIMIT = env.int("ANTQ_REPORT_TIME_LIMIT", default=660)
ANTQ_REPORT_STALE_AFTER = env.int("ANTQ_REPORT_STALE_AFTER", default=ANTQ_REPORT_TIME_LIMIT + 60)
ANTQ_REPORT_MAX_ATTEMPTS = env.int("ANTQ_REPORT_MAX_ATTEMPTS", default=3)
# Test hook: seconds to wait between generation steps, so that a test can kill a worker in the middle of a run.
ANTQ_REPORT_TEST_DELAY = env.float("ANTQ_REPORT_TEST_DELAY", default=0)
# Official codes of the areas whose quarterly and annual reports Celery beat creates (see reports.tasks).
ANTQ_SCHEDULED_REPORT_AREAS = env.list("ANTQ_SCHEDULED_REPORT_AREAS", default=[])
# Report texts (template sections, titles, narratives; reports.rendering): the longest text staff may save, in
# characters; the most one text and one whole document may render to; the most seconds a document's texts may take
# to render. A text past a limit is refused with a message, in the forms, the API and at generation.
ANTQ_REPORT_TEXT_INPUT_MAX_CHARS = env.int("ANTQ_REPORT_TEXT_INPUT_MAX_CHARS", default=50_000)
ANTQ_REPORT_TEXT_MAX_CHARS = env.int("ANTQ_REPORT_TEXT_MAX_CHARS", default=200_000)
ANTQ_REPORT_DOCUMENT_MAX_CHARS = env.int("ANTQ_REPORT_DOCUMENT_MAX_CHARS", default=2_000_000)
ANTQ_REPORT_RENDER_SECONDS = env.float("ANTQ_REPORT_RENDER_SECONDS", default=10)
# Excel imports (antqcore.excel.reading, every registry's import). Before a workbook is read: the largest upload,
# in MB; the most its parts may unpack to, in MB (a "zip bomb" is refused unopened); the most rows and cells a sheet
# may hold or declare (the XML is counted before openpyxl parses it; the shared strings and the other parts have
# budgets derived from the cells). While it is read: a run of this many empty rows ends the sheet (rows below it are
# not read), and the reading, row checks included, stops after this many seconds (below gunicorn's 30 s timeout).
# Nothing is imported from a file refused by a limit; the page says which limit and what to do.
# The whole country's list pages (an administrator's, unfiltered) show PostgreSQL's estimate of their length ("about
# N") above this many rows instead of counting them (antqcore.pagination).
ANTQ_LIST_ESTIMATE_ABOVE = env.int("ANTQ_LIST_ESTIMATE_ABOVE", default=20_000)
ANTQ_IMPORT_MAX_MB = env.float("ANTQ_IMPORT_MAX_MB", default=2)
ANTQ_IMPORT_MAX_UNZIPPED_MB = env.float("ANTQ_IMPORT_MAX_UNZIPPED_MB", default=20)
ANTQ_IMPORT_MAX_ROWS = env.int("ANTQ_IMPORT_MAX_ROWS", default=10_000)
ANTQ_IMPORT_MAX_CELLS = env.int("ANTQ_IMPORT_MAX_CELLS", default=200_000)
ANTQ_IMPORT_EMPTY_ROWS_STOP = env.int("ANTQ_IMPORT_EMPTY_ROWS_STOP", default=50)
ANTQ_IMPORT_MAX_SECONDS = env.float("ANTQ_IMPORT_MAX_SECONDS", default=20)
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
    }

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "antqcore.api.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Request bodies are JSON (a JSON parser that refuses a body nested too deep: 400, not a 500 of recursion); a
    # form or multipart body answers 415. A record with a file (directive documents) also takes multipart.
    "DEFAULT_PARSER_CLASSES": ["antqcore.api.parsers.JSONParser"],
    # JSON written by orjson (the same JSON as DRF's renderer, several times faster: issue #20).
    "DEFAULT_RENDERER_CLASSES": ["antqcore.api.renderers.OrjsonRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "antqcore.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["antqcore.api.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "antqcore.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "antqcore.api.exceptions.exception_handler",
    "DATE_INPUT_FORMATS": ["iso-8601", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ANTQ API",
    "DESCRIPTION": "API của hệ thống quản lý phong trào toàn dân bảo vệ ANTQ trong cơ quan, doanh nghiệp, "
    "nhà trường. Xác thực bằng token: `Authorization: Token <token>` (tạo bằng `manage.py api_token`).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema describes a government system's API: only signed-in users and token holders read it.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Area levels and the managing level of a unit are the same three choices: one enum in the schema.
    "ENUM_NAME_OVERRIDES": {"AdministrativeLevelEnum": "antqcore.models.AreaLevel",
                            "ParticipationStatusEnum": "certification.models.Status",
                            "ReportingBodyKindEnum": "tallies.models.BodyKind"},
    "TAGS": TAG_DESCRIPTIONS,
    # Operation ids without the version (units_list, not v1_units_list): the names of a generated client's functions.
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "antqcore.api.schema.ascii_titles"],
}

# The date the two-tier local government took effect: district-level units and the old provinces end the
# day before (Resolution 202/2025/QH15 and the resolutions on commune-level arrangements).
ANTQ_REFORM_DATE = "2025-07-01"

# --- Content-Security-Policy (issue #12 item 3) ---------------------------------------------------------------
# django-csp's middleware sends it on every response: the pages, the admin, the API documentation, the errors.
# Only the site's own files run or style a page: no inline script, no eval, no inline style. Templates hand data to
# scripts through data- attributes or json_script (a JSON block, not executed); behaviour lives in static/js/.
# Bootstrap draws its icons as data: images. Nothing frames the site (as X_FRAME_OPTIONS = "DENY"), except the
# report preview, which sends its own stricter policy (reports.views.RunPreviewView) and may be framed by the run
# page only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Operations (issue #13 part 3): logs, /healthz, /metrics ---------------------------------------------------------
# Logs (antqcore/logs.py): one line per request (logger antq.request: method, path, status, duration_ms) and, in every
# line, the request id (X-Request-ID) and user id, the task's name and id in a task. ANTQ_LOG_FORMAT: "plain" (text:
# `make run`, the tests) or "json" (one JSON object a line: the production default). The worker and beat log alike.
LOG_FORMATS = ("plain", "json")


def log_format_from_env(default: str) -> str:
    value = env("ANTQ_LOG_FORMAT", default=default)
    if value not in LOG_FORMATS:
        raise ImproperlyConfigured(f"ANTQ_LOG_FORMAT must be one of {', '.join(LOG_FORMATS)} (not {value!r})")
    return value


ANTQ_LOG_FORMAT = log_format_from_env("plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "antqcore.logs.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": ["levelname", "name", "message"],
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": True,  # ISO 8601, UTC
            "reserved_attrs": ["request_tag", *JSON_LOG_RESERVED_ATTRS],
            "json_ensure_ascii": False,  # Vietnamese stays readable
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": ANTQ_LOG_FORMAT, "filters": ["context"]}},
    "root": {"handlers": ["console"], "level": env("ANTQ_LOG_LEVEL", default="INFO")},
}

# /healthz (antqcore/health.py). The worker is "down" when no worker has run beat's heartbeat (sent every minute) for
# ANTQ_HEALTH_WORKER_MAX_AGE_SECONDS, beat when it has not sent one for ANTQ_HEALTH_BEAT_MAX_AGE_SECONDS; the queue is
# "long" past ANTQ_HEALTH_MAX_QUEUE_LENGTH waiting messages; the files folder (MEDIA_ROOT) is "low" under
# ANTQ_HEALTH_MIN_FREE_MB free.
ANTQ_HEALTH_WORKER_MAX_AGE_SECONDS = env.int("ANTQ_HEALTH_WORKER_MAX_AGE_SECONDS", default=180)
ANTQ_HEALTH_BEAT_MAX_AGE_SECONDS = env.int("ANTQ_HEALTH_BEAT_MAX_AGE_SECONDS", default=180)
ANTQ_HEALTH_MAX_QUEUE_LENGTH = env.int("ANTQ_HEALTH_MAX_QUEUE_LENGTH", default=100)
ANTQ_HEALTH_MIN_FREE_MB = env.int("ANTQ_HEALTH_MIN_FREE_MB", default=500)
# Beat saves a schedule's last_run_at as it sends its task (by default every 3 minutes): the beat check reads it.
CELERY_BEAT_SYNC_EVERY = 1

# /metrics (antqcore/metrics.py): read from these addresses or networks (REMOTE_ADDR, with no proxy's X-Forwarded-For),
# or by a scraper sending `Authorization: Bearer <ANTQ_METRICS_TOKEN>` (empty: no token is accepted). Inside docker
# compose only the web container itself is 127.0.0.1: a Prometheus elsewhere uses the token.
ANTQ_METRICS_ALLOWED_IPS = env.list("ANTQ_METRICS_ALLOWED_IPS", default=["127.0.0.1", "::1"])
for _network in ANTQ_METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"ANTQ_METRICS_ALLOWED_IPS: {_network!r} is not an address or a network") from None
ANTQ_METRICS_TOKEN = env("ANTQ_METRICS_TOKEN", default="")

# --- Authentication (issue #12 item 7): login lockouts, sessions, API throttles and tokens ----------------------------
# Password guessing (django-axes, antqcore/auth.py): a user name is locked after ANTQ_LOGIN_FAILURE_LIMIT failed logins
# from any address, an address after ANTQ_LOGIN_ADDRESS_FAILURE_LIMIT whatever the names (higher: a whole office may
# share one address), for ANTQ_LOGIN_COOLOFF_MINUTES from the failure that set the lock. Web and admin login alike.
# antqcore.auth.UserBackend signs in; Django's ModelBackend stays after it so that the sessions opened before it
# came (which name that backend) stay signed in.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "antqcore.auth.UserBackend",
                           "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env.int("ANTQ_LOGIN_FAILURE_LIMIT", default=5)
ANTQ_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("ANTQ_LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("ANTQ_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "antqcore.auth.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "antqcore.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "antqcore.audit.client_address"  # REMOTE_ADDR, like the audit trail and the throttles
AXES_RESET_ON_SUCCESS = False  # else a guesser with an account of their own would wipe the address's count
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lock ends when the page said it would
AXES_DISABLE_ACCESS_LOG = True  # logins and logouts are security events; axes keeps only the failed attempts

# Sessions end after ANTQ_SESSION_IDLE_MINUTES without a request and ANTQ_SESSION_MAX_HOURS after signing in
# (antqcore.auth.SessionExpiryMiddleware). The cookie and the stored session last as long as the lifetime, so that an
# expired session is recognised and the login page says why.
ANTQ_SESSION_IDLE_MINUTES = env.int("ANTQ_SESSION_IDLE_MINUTES", default=30)
ANTQ_SESSION_MAX_HOURS = env.int("ANTQ_SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = ANTQ_SESSION_MAX_HOURS * 3600

# API tokens last ANTQ_API_TOKEN_DAYS unless `manage.py api_token --days N` says otherwise (at most
# ANTQ_API_TOKEN_MAX_DAYS), and are revoked when their user's password changes or the account is deactivated.
ANTQ_API_TOKEN_DAYS = env.int("ANTQ_API_TOKEN_DAYS", default=90)
ANTQ_API_TOKEN_MAX_DAYS = env.int("ANTQ_API_TOKEN_MAX_DAYS", default=365)

# API throttles (antqcore/api/throttling.py). `user`: a signed-in caller, far above what an integration paging the
# API sequentially or a browser does (about 17 requests a second, sustained for a minute); `anon`: a caller with neither
# a token nor a signed-in session, per address (every endpoint needs a sign-in: only scanners and misconfigured
# clients are counted here);
# `token_failure`: failed token checks per address, past which even a right token from that address waits. Every
# 429 carries Retry-After.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["antqcore.api.throttling.UserRateThrottle"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "user": env("ANTQ_API_USER_RATE", default="1000/min"),
    "anon": env("ANTQ_API_ANON_RATE", default="60/min"),
    "token_failure": env("ANTQ_API_TOKEN_FAILURE_RATE", default="20/min"),
}
REST_FRAMEWORK["NUM_PROXIES"] = 0  # the address is REMOTE_ADDR: a client's X-Forwarded-For must not pick its counter

# The throttles' counters need a cache every web process shares: Redis when REDIS_URL is set (production requires
# it). Without it (`make run`: one runserver process) the process's memory is that cache; a database cache would
# add a write to the SQLite file the worker and beat also write, for every API request.
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "antq"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "antq"}}
# Figures computed once per state of the data (#20, antqcore.figure_cache): on Redis beside the rest, or in this
# process's memory with room for the figures of many areas and periods (a stats request stores about 150).
CACHES["figures"] = ({**CACHES["default"], "KEY_PREFIX": "antq-figures"} if REDIS_URL else
                     {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "antq-figures",
                      "OPTIONS": {"MAX_ENTRIES": 50_000}})
ANTQ_FIGURE_CACHE = env.bool("ANTQ_FIGURE_CACHE", default=True)
ANTQ_FIGURE_CACHE_SECONDS = env.int("ANTQ_FIGURE_CACHE_SECONDS", default=7 * 24 * 3600)
