"""Django settings, built from the one typed configuration (composition root of the web process)."""

from __future__ import annotations

from rempart.config import django_database, load_config
from rempart.core.request_limits import upload_request_max_bytes
from rempart.services.context import ServiceSettings

CONFIG = load_config()
NOTIFY = CONFIG.notify

BASE_DIR = CONFIG.data_dir
SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rempart.store",
    "rempart.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before CSRF, forms and the API read a body: an oversize one is refused unread.
    "rempart.web.body_limits.BodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rempart.web.middleware.LoginRequiredMiddleware",
    "rempart.web.time_zones.TimeZoneMiddleware",
    "rempart.web.errors.RempartErrorMiddleware",
]

ROOT_URLCONF = "rempart.urls"
WSGI_APPLICATION = "rempart.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rempart.web.context.rempart",
            ],
        },
    }
]

DATABASES = {"default": django_database(CONFIG.database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = None  # packaged assets are served from the package by WhiteNoise finders
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # serve packaged assets without a collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers and cookies: secure by default, HTTPS-only flags when deployed behind TLS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_SECURE = CONFIG.secure_cookies
SECURE_HSTS_SECONDS = 31536000 if CONFIG.secure_cookies else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
    }
}

# JSON bodies may carry a base64 SBOM (Dependency-Track's PUT /api/v1/bom): 4/3 of the upload limit.
# rempart.web.body_limits refuses larger bodies (and public/anonymous ones over 64 KiB) unread.
DATA_UPLOAD_MAX_MEMORY_SIZE = upload_request_max_bytes(CONFIG.upload_max_bytes)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Two queues: "urgent" (reminders, Art. 14 proposals) runs in its own worker thread, so it is
# never behind bulk work on "default" (rescans, feed syncs). See rempart.jobs.tasks.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "urgent"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"rempart": {"level": "INFO"}},
}

# Notifications (reminders of deadlines): SMTP when REMPART_SMTP_HOST is set, else every
# message is written to <data dir>/outbox, so nothing goes out by surprise and nothing is lost.
# Webhooks to private/loopback addresses are refused unless REMPART_WEBHOOK_ALLOW_PRIVATE=1.
EMAIL_BACKEND = NOTIFY.email_backend
EMAIL_HOST = NOTIFY.email_host
EMAIL_PORT = NOTIFY.email_port
EMAIL_HOST_USER = NOTIFY.email_user
EMAIL_HOST_PASSWORD = NOTIFY.email_password
EMAIL_USE_TLS = NOTIFY.email_use_tls
EMAIL_USE_SSL = NOTIFY.email_use_ssl
EMAIL_FILE_PATH = NOTIFY.email_file_path
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = NOTIFY.sender
SERVER_EMAIL = NOTIFY.sender

# What services may know of the configuration: every edge puts this into its ServiceContext.
SERVICE_SETTINGS = ServiceSettings(
    data_dir=CONFIG.data_dir,
    upload_max_bytes=CONFIG.upload_max_bytes,
    feeds=CONFIG.feeds,
    cve_records_url=CONFIG.cve_records_url,
    mail_sender=NOTIFY.sender,
    webhook_allow_private=NOTIFY.webhook_allow_private,
    webhook_timeout=NOTIFY.webhook_timeout,
    base_url=NOTIFY.base_url,
    scan_retention_days=CONFIG.scan_retention_days,
    signing_key=CONFIG.signing_key,
    signing_certificate=CONFIG.signing_certificate,
    trusted_proxies=CONFIG.trusted_proxies,
)
