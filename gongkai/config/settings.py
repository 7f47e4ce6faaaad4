"""Django settings, read from the environment (see docs/OPERATIONS.md for every variable)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from gongkai.config.env import database_from_env, env_bool, env_list, secret_key_file

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var"))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "") or secret_key_file(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "gongkai.org",
    "gongkai.holidays",
    "gongkai.catalog",
    "gongkai.search",
    "gongkai.inforequests",
    "gongkai.appeals",
    "gongkai.credit",
    "gongkai.reports",
    "gongkai.ledger",
    "gongkai.portal",
    "gongkai.ops",
    "gongkai.enforcement",
    "gongkai.api",
    "gongkai.workbench",
    "axes",  # login throttling (AXES_* below)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.config.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gongkai.portal.middleware.BuiltSiteMiddleware",  # the built portal, before URL routing
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "gongkai.config.urls"
WSGI_APPLICATION = "gongkai.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gongkai" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.portal.context_processors.site_identity",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(VAR_DIR / "gongkai.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Staff work in Chinese whatever their browser says: without LocaleMiddleware every request is in
# LANGUAGE_CODE. An administrator may let browsers pick English (GONGKAI_ADMIN_LANGUAGES=zh-hans,en).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
if "en" in env_list("GONGKAI_ADMIN_LANGUAGES", []):
    LANGUAGES.append(("en", "English"))
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
                      "django.middleware.locale.LocaleMiddleware")
# Dates as 2026年12月3日, short ones and date inputs as 2026-12-03 (gongkai/config/formats/).
FORMAT_MODULE_PATH = ["gongkai.config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing folder before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
SITE_ROOT = VAR_DIR / "site"  # the built public portal (DESIGN.md §4)
if "PYTEST_VERSION" in os.environ:
    # on-commit rebuilds in tests never touch the demo's site, nor another test run's
    SITE_ROOT = VAR_DIR / "test_site" / str(os.getpid())
    MEDIA_ROOT = VAR_DIR / "test_media" / str(os.getpid())
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "")  # feed/sitemap host when the agency has no website
PORTAL_BUILD_WORKERS = int(os.environ.get("PORTAL_BUILD_WORKERS", "0"))  # 0 = min(4, CPUs)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# E-mail: the console backend unless an SMTP server is configured.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")

# Background jobs (docs/ARCHITECTURE.md "Background jobs"): Huey on SQLite in the embedded
# default, on Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY = {
    "name": "gongkai",
    "immediate": env_bool("HUEY_IMMEDIATE", "PYTEST_VERSION" in os.environ),  # tests run jobs inline
    "utc": False,
    # SqliteHuey polls; cap the idle back-off so a queued job starts within 2 s.
    "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread", "max_delay": 2.0},
}
if REDIS_URL:
    HUEY["huey_class"] = "huey.RedisHuey"
    HUEY["connection"] = {"url": REDIS_URL}
else:
    HUEY["huey_class"] = "huey.SqliteHuey"
    HUEY["filename"] = str(VAR_DIR / "huey.sqlite3")

# The identifiers a Chinese government website shows in its footer (政府网站发展指引).
SITE_IDENTITY = {
    "host_org": os.environ.get("SITE_HOST_ORG", ""),
    "site_code": os.environ.get("SITE_CODE", ""),
    "icp": os.environ.get("SITE_ICP", ""),
    "police_record": os.environ.get("SITE_POLICE_RECORD", ""),
}

LOGIN_URL = "admin:login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # run_huey gives the "huey" logger a handler of its own unless it has one; with the root's
        # console as well every worker line was printed twice.
        "huey": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        # WeasyPrint and fontTools narrate every PDF (fonts subset, glyphs kept); only problems are news.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# GONGKAI_HTTPS=1: the site is served over HTTPS by the shipped nginx (deploy/nginx/gongkai-https.conf),
# which terminates TLS and says so in X-Forwarded-Proto. Secure cookies, HSTS and the redirect follow;
# SECURE_COOKIES and SECURE_SSL_REDIRECT may still set those two alone.
HTTPS = env_bool("GONGKAI_HTTPS", False)
if not DEBUG:
    SESSION_COOKIE_HTTPONLY = True
    CSRF_COOKIE_HTTPONLY = True
    X_FRAME_OPTIONS = "DENY"
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
    if HTTPS:
        # gunicorn listens on loopback behind nginx only, so the header cannot come from a client
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))

# Content-Security-Policy on every response (gongkai/config/security.py): our own scripts only, the
# portal's two inline scripts by hash, inline styles allowed (admin, reports). Empty turns it off.
CONTENT_SECURITY_POLICY = os.environ.get(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self' {inline_script_hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from one
# address, that pair is locked for AXES_COOLOFF_TIME; attempts are in the database, shared by every
# worker. The client address is the one the rate limits use (trusted proxies, portal/ratelimit.py).
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "gongkai.portal.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "gongkai.config.security.login_locked_out"
AXES_VERBOSE = False

# Untrusted spreadsheets are parsed in a child process capped at this much memory (gongkai/intake/isolation.py).
READER_MEMORY_LIMIT_MB = int(os.environ.get("READER_MEMORY_LIMIT_MB", "1024"))

# The reverse proxies of ours that may speak for a client (portal/ratelimit.py): addresses or
# networks. X-Forwarded-For is believed only when the peer is one of them, and the client is the
# rightmost address that is not; the shipped nginx (deploy/nginx/gongkai.conf) talks to gunicorn
# over loopback, so the default fits it, and a client reaching Django directly cannot pick its key.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# 双公示 push to the credit platform (credit/push.py): set one of ENDPOINT or DROP_DIR.
CREDIT_PUSH_ENDPOINT = os.environ.get("CREDIT_PUSH_ENDPOINT", "")
CREDIT_PUSH_DROP_DIR = os.environ.get("CREDIT_PUSH_DROP_DIR", "")
CREDIT_PUSH_BATCH_SIZE = int(os.environ.get("CREDIT_PUSH_BATCH_SIZE", "500"))
CREDIT_PUSH_TIMEOUT = float(os.environ.get("CREDIT_PUSH_TIMEOUT", "30"))
CREDIT_PUSH_SCHEDULE = {"day_of_week": os.environ.get("CREDIT_PUSH_DAYS", "1,4"),  # huey: 0 = Sunday
                        "hour": os.environ.get("CREDIT_PUSH_HOUR", "2"), "minute": "0"}

# 执法公开: the folder the case system drops decision documents into, and the agency they belong to.
ENFORCEMENT_DROP_DIR = Path(os.environ.get("ENFORCEMENT_DROP_DIR", VAR_DIR / "enforcement" / "inbox"))
ENFORCEMENT_AGENCY = os.environ.get("ENFORCEMENT_AGENCY", "")  # empty: PORTAL_AGENCY, else the first agency

# The agency whose portal this deployment serves (its code); empty = the only/first agency.
PORTAL_AGENCY = os.environ.get("PORTAL_AGENCY", "")

SEARCH_CACHE_SECONDS = int(os.environ.get("SEARCH_CACHE_SECONDS", "600"))
# Caches: "search" holds answered searches keyed by the index generation (gongkai.search.cache);
# in each process's memory by default, shared on Redis when REDIS_URL is set.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "search": ({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                "KEY_PREFIX": "gongkai"} if REDIS_URL else
               {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "search",
                "OPTIONS": {"MAX_ENTRIES": 5000}}),
    # Rate-limit counters (portal/ratelimit.py) must be one count for every process and survive a
    # restart: in the database by default (its table is made by `migrate`), on Redis with REDIS_URL.
    "ratelimit": ({"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                   "KEY_PREFIX": "gongkai"} if REDIS_URL else
                  {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_ratelimit",
                   "OPTIONS": {"MAX_ENTRIES": 200_000}}),  # culling would forget counts: far above any real load
}
