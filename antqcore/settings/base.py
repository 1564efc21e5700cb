"""Settings shared by every environment. Environment-specific values come from the environment (django-environ)."""

from pathlib import Path

import environ

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
]
LOCAL_APPS = [
    "antqcore",
    "units",
    "certification",
    "models_registry",
    "incidents",
    "commendations",
    "activities",
    "reports",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "reports.middleware.ChangeReasonMiddleware",
]

ROOT_URLCONF = "antqcore.urls"
WSGI_APPLICATION = "antqcore.wsgi.application"

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
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))

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
ANTQ_REPORT_SOFT_TIME_LIMIT = env.int("ANTQ_REPORT_SOFT_TIME_LIMIT", default=600)
ANTQ_REPORT_TIME_LIMIT = env.int("ANTQ_REPORT_TIME_LIMIT", default=660)
ANTQ_REPORT_STALE_AFTER = env.int("ANTQ_REPORT_STALE_AFTER", default=ANTQ_REPORT_TIME_LIMIT + 60)
ANTQ_REPORT_MAX_ATTEMPTS = env.int("ANTQ_REPORT_MAX_ATTEMPTS", default=3)
# Test hook: seconds to wait between generation steps, so that a test can kill a worker in the middle of a run.
ANTQ_REPORT_TEST_DELAY = env.float("ANTQ_REPORT_TEST_DELAY", default=0)
# Official codes of the areas whose quarterly and annual reports Celery beat creates (see reports.tasks).
ANTQ_SCHEDULED_REPORT_AREAS = env.list("ANTQ_SCHEDULED_REPORT_AREAS", default=[])
# Excel imports (antqcore.excel.read_sheet, every registry's import). Before a workbook is read: the largest upload,
# in MB; the most its parts may unpack to, in MB (a "zip bomb" is refused unopened); the most rows and cells its sheet
# may declare. While it is read: a run of this many empty rows ends the sheet (rows below it are not read), and the
# reading, row checks included, stops after this many seconds (below gunicorn's 30 s timeout). Nothing is imported
# from a file refused by a limit; the page says which limit and what to do.
ANTQ_IMPORT_MAX_MB = env.float("ANTQ_IMPORT_MAX_MB", default=2)
ANTQ_IMPORT_MAX_UNZIPPED_MB = env.float("ANTQ_IMPORT_MAX_UNZIPPED_MB", default=20)
ANTQ_IMPORT_MAX_ROWS = env.int("ANTQ_IMPORT_MAX_ROWS", default=10_000)
ANTQ_IMPORT_MAX_CELLS = env.int("ANTQ_IMPORT_MAX_CELLS", default=500_000)
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
    "DEFAULT_PAGINATION_CLASS": "antqcore.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
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
    "ENUM_NAME_OVERRIDES": {"AdministrativeLevelEnum": "antqcore.models.AreaLevel"},
}

# The date the two-tier local government took effect: district-level units and the old provinces end the
# day before (Resolution 202/2025/QH15 and the resolutions on commune-level arrangements).
ANTQ_REFORM_DATE = "2025-07-01"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
