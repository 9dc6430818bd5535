"""Settings for KHCN, read from the environment (and an optional `.env`).

Only `DATABASE_URL`, `SECRET_KEY`, `ALLOWED_HOSTS`, `DEBUG` and the `KHCN_*`
values normally change between deployments; see README.md.
"""

from datetime import time, timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
BUILTIN_SECRET_KEY = "insecure-dev-key-change-me-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="") or BUILTIN_SECRET_KEY
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "template_partials",
    "django_filters",
    "django_tables2",
    "simple_history",
    "rules",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "khcn.core",
    "khcn.geo",
    "khcn.accounts",
    "khcn.audit",
    "khcn.notifications",
    "khcn.programs",
    "khcn.meetings",
    "khcn.reporting",
    "khcn.research",
    "khcn.products",
    "khcn.experts",
    "khcn.quality",
    "khcn.initiatives",
    "khcn.documents",
    "khcn.citywork",
    "khcn.fund",
    "khcn.enterprises",
    "khcn.ipstats",
    "khcn.appraisal",
    "khcn.enforcement",
    "khcn.metrology",
    "khcn.radiation",
    "drf_spectacular_sidecar",  # Swagger UI's files, served from this site (/api/v1/docs/)
    "khcn.search",
    "khcn.api",
    "khcn.portal",
    "khcn.ingest",
    "khcn.home",
    "khcn.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "khcn.core.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logs every attachment (export, download) and lends the request to the audit services.
    "khcn.audit.middleware.AuditMiddleware",
    "khcn.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "khcn.core.middleware.KhcnLoginRequiredMiddleware",
    "khcn.core.middleware.SessionRefreshMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last: answers GET requests with a kept page while the data stamp is unchanged.
    "khcn.core.pagecache.PageCacheMiddleware",
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
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "khcn.accounts.context_processors.navigation",
                "khcn.notifications.context_processors.unread_notifications",
            ],
        },
    },
]
FORM_RENDERER = "khcn.core.forms.KhcnFormRenderer"

# Per-process memory unless CACHE_URL names a shared cache (e.g. redis://127.0.0.1:6379/1 when
# several servers run). It holds only what can be recomputed: the aggregate's figures.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://khcn"),
    # Kept pages (khcn/core/pagecache.py): this process's memory, KHCN_PAGE_CACHE_ENTRIES of them,
    # unless PAGE_CACHE_URL names a shared cache.
    "pages": env.cache_url("PAGE_CACHE_URL", default="locmemcache://khcn-pages"),
}
if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    # At most ENTRIES x KHCN_PAGE_CACHE_MAX_BYTES per process (300 MB), however many distinct
    # addresses callers make up.
    CACHES["pages"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = env.int("KHCN_PAGE_CACHE_ENTRIES", default=1000)

# An unset or empty DATABASE_URL means the embedded SQLite database.
DATABASES = {
    "default": env.db_url_config(
        env.str("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'var' / 'khcn.sqlite3'}"
    ),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # A health check costs every request that touches the database one more round trip
    # ("SELECT 1"); without it, the first request on a connection the server dropped fails.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    # JIT compilation costs ~25 ms per aggregate query and pays off only on far larger scans.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: sliding idle expiry (TCVN 11930 asks for session time-outs).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # khcn.core.middleware.SessionRefreshMiddleware slides it
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# The client's address, for login lockout, API throttling and the audit log (khcn.core.http.client_ip).
# 0: the app is reached directly and REMOTE_ADDR is the client. Behind reverse proxies that
# append to X-Forwarded-For (nginx: proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for),
# the number of them: 1 for nginx alone, 2 for a load balancer in front of nginx. Too high a
# count lets clients pick their own address; too low locks out the proxy. See README.
KHCN_TRUSTED_PROXY_COUNT = env.int("KHCN_TRUSTED_PROXY_COUNT", default=0)

# Lockout after repeated failed logins (django-axes; TCVN 11930, DOMAIN.md §10.1).
# Wrong passwords lock the username only at the address they came from, for the cool-off time:
# nobody can lock an officer out by typing their username from elsewhere.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# An address whose failures over all usernames reach this many within the cool-off is locked
# as a whole (one password sprayed over many usernames). Higher than the pair limit, because
# a commune's officers often share one public address (khcn.accounts.lockout).
KHCN_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_HANDLER = "khcn.accounts.lockout.PairAndAddressHandler"
# axes reads the address through our function, not django-ipware (not installed, so its
# AXES_IPWARE_* settings would have no effect): KHCN_TRUSTED_PROXY_COUNT above sets it.
AXES_CLIENT_IP_CALLABLE = "khcn.core.http.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="khcn@localhost")

MESSAGE_TAGS = {10: "secondary", 20: "info", 25: "success", 30: "warning", 40: "danger"}

# Strict Content Security Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    # API tokens for integrations, the session for the pages' own calls. No HTTP Basic: it
    # hashes a password on every request (~0.7 s of CPU), which anonymous callers could use to
    # tie up the server (README, "API tokens").
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "khcn.accounts.authentication.TokenAuthentication",
        "khcn.core.drf_backends.SessionAuthentication",
    ],
    # Rates: KHCN_API_ANON_RATE and KHCN_API_USER_RATE below; counts in the default cache.
    "DEFAULT_THROTTLE_CLASSES": ["khcn.core.throttling.AnonThrottle", "khcn.core.throttling.UserThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["khcn.core.drf_backends.KhcnFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A service's refusal (stale version 409, broken rule 400) answered the same way everywhere.
    "EXCEPTION_HANDLER": "khcn.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KHCN API",
    "DESCRIPTION": "REST API of KHCN, scoped to the caller's units and organisations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Several models have a "kind"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "NotificationKindEnum": "khcn.notifications.models.NotificationKind",
        "ProducerKindEnum": "khcn.products.models.ProducerKind",
        "CouncilKindEnum": "khcn.research.models.CouncilKind",
        "InitiativeFieldEnum": "khcn.initiatives.models.InitiativeField",
        "ScienceFieldEnum": "khcn.research.models.ScienceField",
    },
    # Every operation's error answers (400, 401, 403, 404, 409, 413, 415, 429), documented once.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "khcn.core.schema.add_error_responses",
    ],
}

# API throttling ("<count>/<second|minute|hour|day>"), answered 429 with Retry-After beyond it.
# Anonymous callers, per address: only the schema is public, and failed token checks count here.
KHCN_API_ANON_RATE = env.str("KHCN_API_ANON_RATE", default="60/minute")
# Signed-in callers (token or session), per person: room for an integration paging through a
# list, not for one caller keeping the server's workers busy. With several processes the
# counts are per process unless CACHE_URL names a shared cache.
KHCN_API_USER_RATE = env.str("KHCN_API_USER_RATE", default="300/minute")

DJANGO_TABLES2_TEMPLATE = "components/table.html"
DJANGO_TABLES2_PAGE_RANGE = 7

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# ---- KHCN deployment ------------------------------------------------------
# The province (or centrally-run city) this deployment serves, by its official code.
KHCN_PROVINCE_CODE = env.str("KHCN_PROVINCE_CODE", default="01")
# Name of the Department shown in the header and in documents.
KHCN_DEPARTMENT_NAME = env.str("KHCN_DEPARTMENT_NAME", default="Sở Khoa học và Công nghệ Hà Nội")
# The 2025 reform: the date new units took effect and the acts that made them. The acts'
# numbers are marked unconfirmed in DOMAIN.md, so they are configuration, not code.
KHCN_REFORM_EFFECTIVE_DATE = env.str("KHCN_REFORM_EFFECTIVE_DATE", default="2025-07-01")
KHCN_REFORM_PROVINCE_ACT = env.str(
    "KHCN_REFORM_PROVINCE_ACT", default="Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội"
)
KHCN_REFORM_COMMUNE_ACTS = env.dict(
    "KHCN_REFORM_COMMUNE_ACTS",
    default={"01": "Nghị quyết số 1656/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"},
)
KHCN_REFORM_COMMUNE_ACT_DEFAULT = env.str(
    "KHCN_REFORM_COMMUNE_ACT_DEFAULT",
    default="Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025",
)
KHCN_EXPORT_MAX_ROWS = env.int("KHCN_EXPORT_MAX_ROWS", default=100_000)
# ---- What one request may read or create (issue 12, defects 5 and 6) ----
# Workbook uploads (khcn/core/imports.py) are checked before openpyxl parses them, so a small
# zip that unpacks to gigabytes is refused at once. A period's workbook for all 126 communes
# of Hà Nội with a 150-indicator form has about 19,000 rows; one of 30,000 rows of 10 columns
# is 1.5 MB, unpacking to 19 MB (the sheet packs 13 times).
# Largest upload, in MB.
KHCN_IMPORT_MAX_MB = env.int("KHCN_IMPORT_MAX_MB", default=10)
# Largest total the zip's parts may unpack to, in MB (each part also at most 100 times its
# packed size, once over 1 MB: real sheets pack 5 to 30 times).
KHCN_IMPORT_MAX_UNPACKED_MB = env.int("KHCN_IMPORT_MAX_UNPACKED_MB", default=100)
# Rows after the header, columns, and characters in one cell, per sheet; reading stops at the
# first row over a limit.
KHCN_IMPORT_MAX_ROWS = env.int("KHCN_IMPORT_MAX_ROWS", default=30_000)
KHCN_IMPORT_MAX_COLUMNS = env.int("KHCN_IMPORT_MAX_COLUMNS", default=50)
KHCN_IMPORT_MAX_CELL_CHARS = env.int("KHCN_IMPORT_MAX_CELL_CHARS", default=10_000)
# A submitted report's "requests and proposals" section becomes one follow-up item per line
# (meetings.services.followups_from_report_requests). A unit raises some 3 to 20 requests a
# period; more than this many is refused at submission, where the unit can merge lines, so
# one submission cannot flood the Department's follow-up list.
KHCN_MAX_ITEMS_PER_REPORT = env.int("KHCN_MAX_ITEMS_PER_REPORT", default=100)
# Rows one task-sheet form may add at once (members, budget lines, milestones).
KHCN_MAX_FORM_ROWS = env.int("KHCN_MAX_FORM_ROWS", default=100)
# Only benchmarks turn this on: it adds /bench/bare, an empty baseline view.
KHCN_BENCH_BARE_VIEW = env.bool("KHCN_BENCH_BARE_VIEW", default=False)
# Files attached to reports: size limit and the kinds of file accepted.
KHCN_UPLOAD_MAX_MB = env.int("KHCN_UPLOAD_MAX_MB", default=20)
# Screening: titles at least this similar (0-1, trigram similarity as pg_trgm computes it;
# its own default is 0.3) are shown as possible duplicates of a proposal.
KHCN_SIMILARITY_THRESHOLD = env.float("KHCN_SIMILARITY_THRESHOLD", default=0.3)
# Council scoring (DOMAIN.md §3.3-3.5; the national practice, unconfirmed for a province). The
# criteria, the acceptance criteria and the acceptance bands are the research app's tables
# (khcn/research/scales.py); a setting KHCN_SCORING_CRITERIA, KHCN_ACCEPTANCE_CRITERIA or
# KHCN_ACCEPTANCE_BANDS here replaces the table of that name. A proposal is recommended when the
# mean total reaches the threshold and no criterion got 0 from more than the given share of members.
KHCN_SCORE_PASS_MEAN = env.float("KHCN_SCORE_PASS_MEAN", default=70)
KHCN_SCORE_ZERO_SHARE = env.float("KHCN_SCORE_ZERO_SHARE", default=1 / 3)
# The city's evaluation of initiatives (DOMAIN.md §4.3, unconfirmed): the mean total from which
# the sheets recommend recognising the city-wide scope (a KHCN_INITIATIVE_CRITERIA setting here
# replaces the criteria of khcn/initiatives/evaluation.py), and who issues the decision:
# "department" (the Department as standing body of the city's council) or "city" (the chair of
# the People's Committee).
KHCN_INITIATIVE_PASS_MEAN = env.float("KHCN_INITIATIVE_PASS_MEAN", default=70)
KHCN_INITIATIVE_DECISION_ISSUER = env.str("KHCN_INITIATIVE_DECISION_ISSUER", default="department")
# A criterion on which the members' scores spread more than this share of its maximum is shown
# as a disagreement for the council to discuss.
KHCN_SCORE_DISAGREEMENT_SHARE = env.float("KHCN_SCORE_DISAGREEMENT_SHARE", default=0.4)
# Acceptance (nghiệm thu, DOMAIN.md §3.5; thresholds unconfirmed, so configurable).
# "grades": each member grades every criterion and the task overall Xuất sắc / Đạt / Không đạt
# (Circular 11/2014); the task passes when at least KHCN_ACCEPTANCE_PASS_SHARE of the sheets say
# Đạt or better, and is excellent when it passes, at least KHCN_ACCEPTANCE_EXCELLENT_SHARE say
# Xuất sắc and none Không đạt.
# "points": each member scores the acceptance criteria (out of 100); the mean falls in a band.
KHCN_ACCEPTANCE_SCALE = env.str("KHCN_ACCEPTANCE_SCALE", default="grades")
KHCN_ACCEPTANCE_PASS_SHARE = env.float("KHCN_ACCEPTANCE_PASS_SHARE", default=0.75)
KHCN_ACCEPTANCE_EXCELLENT_SHARE = env.float("KHCN_ACCEPTANCE_EXCELLENT_SHARE", default=0.75)
# Results are registered within this many days of the acceptance (Circular 14/2014, DOMAIN.md §3.6).
KHCN_REGISTRATION_DAYS = env.int("KHCN_REGISTRATION_DAYS", default=30)
# The national S&T database export (Circular 05/2021/TT-BKHCN; field list unconfirmed): the
# dotted path of the mapping (our fields to the national fields). See khcn/research/national_db.py.
KHCN_NATIONAL_DB_MAPPING = env.str("KHCN_NATIONAL_DB_MAPPING", default="khcn.research.national_db.DEFAULT_MAPPING")
# The address people use, for links in e-mails.
KHCN_SITE_URL = env.str("KHCN_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# An overdue follow-up item is reminded again after this many days (send_followup_reminders).
KHCN_FOLLOWUP_REMINDER_DAYS = env.int("KHCN_FOLLOWUP_REMINDER_DAYS", default=7)
KHCN_UPLOAD_EXTENSIONS = env.list(
    "KHCN_UPLOAD_EXTENSIONS",
    default=["pdf", "doc", "docx", "xls", "xlsx", "odt", "ods", "jpg", "jpeg", "png", "zip"],
)
# How long audit rows are kept (manage.py purge_audit_log, daily). DOMAIN.md §10.1 lists "central
# logging and log retention" among the TCVN 11930:2017 level-3 requirements but names no period:
# unconfirmed, so a setting; check it against the system's approved security-level dossier.
KHCN_AUDIT_RETENTION_DAYS = env.int("KHCN_AUDIT_RETENTION_DAYS", default=365)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# -- Background jobs (Django Tasks through the django-tasks backport; STYLE.md §8) ----------------
# Production and `make run` queue tasks in the database; `manage.py run_worker` runs them and the
# daily schedule. The test settings run every task at once (ImmediateBackend).
TASKS = {
    "default": {
        "BACKEND": env.str("KHCN_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A job running longer than this is taken to have lost its worker and is queued again, at most
# KHCN_JOB_MAX_ATTEMPTS times in all.
KHCN_JOB_LEASE_MINUTES = env.int("KHCN_JOB_LEASE_MINUTES", default=30)
KHCN_JOB_MAX_ATTEMPTS = env.int("KHCN_JOB_MAX_ATTEMPTS", default=3)
# The daily reminders (reports, follow-up items, S&T tasks) are sent from this local time on.
KHCN_REMINDERS_AT = time.fromisoformat(env.str("KHCN_REMINDERS_AT", default="07:00"))

# ---- Production safety (README, "Configuration") -----------------------------
# The built-in key is public: signing sessions and password-reset links with it would let
# anyone forge them. `make install` writes a random key into the git-ignored .env once.
if not DEBUG and SECRET_KEY == BUILTIN_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for development): the built-in key is public.")
CSRF_FAILURE_VIEW = "khcn.core.errors.csrf_failure"  # Vietnamese, no internal reason shown
# Behind HTTPS (SECURE_COOKIES=true): HSTS, redirect plain HTTP, and trust the proxy's header
# naming the scheme (the proxy must set it and strip it from clients' requests).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if SESSION_COOKIE_SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer checks over plain HTTP
_proxy_header = env.str("SECURE_PROXY_SSL_HEADER", default="X-Forwarded-Proto" if SESSION_COOKIE_SECURE else "")
SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https") if _proxy_header else None
if not SECURE_HSTS_PRELOAD:
    # Joining the browsers' preload list is the domain owner's decision, not the app's.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# ---- Local products, marks and traceability (issue 14; DOMAIN.md §5-7) ----
# How long a dossier may stay in each stage before it is shown as stalled, in days. From the
# Law on IP, Art. 119 (DOMAIN.md §6.3): formal examination within 1 month of filing ("filed");
# publication within 2 months of acceptance ("formal_exam"); substantive examination within 9
# months of publication for marks ("published", "substantive_exam"), 6 for GIs (unconfirmed).
# The survey and dossier limits are the Department's own targets (unconfirmed). A stage left out
# never stalls. Override as JSON.
KHCN_IP_STAGE_LIMIT_DAYS = env.json(
    "KHCN_IP_STAGE_LIMIT_DAYS",
    default={"survey": 90, "dossier": 120, "filed": 30, "formal_exam": 60, "published": 270, "substantive_exam": 270},
)
KHCN_IP_GI_SUBSTANTIVE_DAYS = env.int("KHCN_IP_GI_SUBSTANTIVE_DAYS", default=180)
# Marks are protected 10 years from filing, renewable for 10 years at a time.
KHCN_IP_MARK_TERM_YEARS = env.int("KHCN_IP_MARK_TERM_YEARS", default=10)
# Warn this many days before a mark's protection ends (renewal due).
KHCN_IP_RENEWAL_NOTICE_DAYS = env.int("KHCN_IP_RENEWAL_NOTICE_DAYS", default=180)
# OCOP: a rating is valid this many months from its decision; warn this many days before.
KHCN_OCOP_VALID_MONTHS = env.int("KHCN_OCOP_VALID_MONTHS", default=36)
KHCN_OCOP_EXPIRY_NOTICE_DAYS = env.int("KHCN_OCOP_EXPIRY_NOTICE_DAYS", default=90)
# Product photos are stored with their longest side at most this many pixels.
KHCN_PHOTO_MAX_SIDE = env.int("KHCN_PHOTO_MAX_SIDE", default=1600)
KHCN_PHOTO_MAX_MB = env.int("KHCN_PHOTO_MAX_MB", default=10)
# The map's tile server ({s}, {z}, {x}, {y} as Leaflet takes them); empty draws the points alone.
KHCN_MAP_TILE_URL = env.str("KHCN_MAP_TILE_URL", default="")
KHCN_MAP_TILE_ATTRIBUTION = env.str("KHCN_MAP_TILE_ATTRIBUTION", default="")
# The origin printed in QR codes (https://truyxuat.example.vn); empty uses the request's own.
KHCN_PUBLIC_BASE_URL = env.str("KHCN_PUBLIC_BASE_URL", default="")
# The licence the open data (/open-data/) is published under: the Department decides (unconfirmed;
# Creative Commons Attribution 4.0 is what many public bodies choose).
KHCN_OPEN_DATA_LICENCE = env.str("KHCN_OPEN_DATA_LICENCE", default="CC-BY-4.0")
KHCN_OPEN_DATA_LICENCE_URL = env.str(
    "KHCN_OPEN_DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/deed.vi"
)

# ---- Traceability pages, QR codes and labels (issue 14, DOMAIN.md §7) ----
# Where the public pages' "report a problem" link writes to (the Department's mailbox for
# traceability); empty hides the link.
KHCN_TRACE_REPORT_EMAIL = env.str("KHCN_TRACE_REPORT_EMAIL", default=DEFAULT_FROM_EMAIL)
# Each server process adds up the public pages' scans in memory and writes them this often
# (seconds; 0 writes every scan at once). A process killed outright loses at most this much.
KHCN_SCAN_FLUSH_SECONDS = env.int("KHCN_SCAN_FLUSH_SECONDS", default=5)

# ---- OCOP star bands (issue 14) ----
# The OCOP star bands of the 100-point score sheet (DOMAIN.md §5; Decision 148/QĐ-TTg keeps the
# 1048 bands, unconfirmed): stars → [lowest, highest] whole points. A score with a fraction
# belongs to the band of its whole part (89.5 is 4 stars). Override as JSON.
KHCN_OCOP_STAR_BANDS = env.json("KHCN_OCOP_STAR_BANDS", default={"5": [90, 100], "4": [70, 89], "3": [50, 69]})

# ---- Experts, technologies and demands (issue 15) ----
# A published technology stays in the public catalogue this many months after its owner last
# confirmed it; the owner is reminded KHCN_TECH_CONFIRM_NOTICE_DAYS before.
KHCN_TECH_CONFIRM_MONTHS = env.int("KHCN_TECH_CONFIRM_MONTHS", default=12)
KHCN_TECH_CONFIRM_NOTICE_DAYS = env.int("KHCN_TECH_CONFIRM_NOTICE_DAYS", default=30)
# How many experts and technologies a match list shows.
KHCN_MATCHES_SHOWN = env.int("KHCN_MATCHES_SHOWN", default=10)
# Paths whose view the WSGI application remembers, per process (khcn/core/handlers.py; 0: none).
KHCN_RESOLVE_CACHE_SIZE = env.int("KHCN_RESOLVE_CACHE_SIZE", default=4096)
# The site-wide search prepares its visibility statement once per PostgreSQL connection; off
# behind a pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
KHCN_SEARCH_PREPARED = env.bool("KHCN_SEARCH_PREPARED", default=True)
# Kept pages (khcn/core/pagecache.py): the longest an answer is kept, whatever the data stamp says
# (0 turns the page cache off), the largest answer kept, and the tables whose writes change nothing
# a page shows.
KHCN_PAGE_CACHE_SECONDS = env.int("KHCN_PAGE_CACHE_SECONDS", default=300)
KHCN_PAGE_CACHE_MAX_BYTES = env.int("KHCN_PAGE_CACHE_MAX_BYTES", default=300_000)
# How long a process trusts the data stamp it read for visitors' pages (seconds; 0: every request).
KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS = env.float("KHCN_PAGE_CACHE_PUBLIC_STAMP_SECONDS", default=1.0)
KHCN_PAGE_CACHE_UNWATCHED_TABLES = env.list(
    "KHCN_PAGE_CACHE_UNWATCHED_TABLES",
    default=[
        "django_session",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
        "django_tasks_db_dbtaskresult",
        "products_tracepage",
        "products_scanday",
    ],
)
# Up to this many experts and technologies together, a stale matching index is rebuilt in the
# request that finds it (about 1 s at 2,000); above, in a background thread (khcn/experts/matching.py).
KHCN_MATCH_SYNC_REBUILD_DOCS = env.int("KHCN_MATCH_SYNC_REBUILD_DOCS", default=2000)

# ---- S&T development fund (issue 18, item 6) ----
# The Department's officers are reminded this many days before a fund call closes, and before a
# loan instalment falls due. Both are the Department's practice, not a statutory limit (unconfirmed).
KHCN_FUND_CALL_CLOSING_DAYS = env.int("KHCN_FUND_CALL_CLOSING_DAYS", default=7)
KHCN_FUND_REPAYMENT_NOTICE_DAYS = env.int("KHCN_FUND_REPAYMENT_NOTICE_DAYS", default=15)
# -- Technology appraisal of investment projects (khcn.appraisal, issue 18) ----------------------
# The Department gives its opinion on a project's technology within this many CALENDAR days of
# receiving the dossier (unconfirmed: DOMAIN.md names no time limit and no working-day rule for
# this procedure; check the decree in force and change the default, or count working days).
KHCN_APPRAISAL_DAYS = env.int("KHCN_APPRAISAL_DAYS", default=15)
# Department officers are reminded this many days before a dossier's time limit (and once
# again the day after it passes without an opinion).
KHCN_APPRAISAL_NOTICE_DAYS = env.int("KHCN_APPRAISAL_NOTICE_DAYS", default=3)
# ---- Standards, metrology, radiation safety, inspections (issue 18, items 7 to 9) ----
# A measuring instrument is flagged this many days before its verification falls due
# (unconfirmed: the Department's practice, not a legal time limit).
KHCN_VERIFICATION_NOTICE_DAYS = env.int("KHCN_VERIFICATION_NOTICE_DAYS", default=30)
# A laboratory is flagged this many days before its accreditation (e.g. VILAS) expires (unconfirmed).
KHCN_LAB_ACCREDITATION_NOTICE_DAYS = env.int("KHCN_LAB_ACCREDITATION_NOTICE_DAYS", default=90)
# A radiation licence holder and the Department are alerted this many days before the licence
# expires, leaving time to file the renewal (unconfirmed).
KHCN_RADIATION_LICENCE_NOTICE_DAYS = env.int("KHCN_RADIATION_LICENCE_NOTICE_DAYS", default=90)
# The largest fine one sanction decision records, in VND (unconfirmed: bounds the input only).
KHCN_SANCTION_FINE_MAX = env.int("KHCN_SANCTION_FINE_MAX", default=2_000_000_000)
