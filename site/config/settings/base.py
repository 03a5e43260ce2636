"""Settings shared by every environment.

Values that differ between machines come from the environment through
``config.env``; dev, test and production modules only change defaults.
"""

import datetime

from config.env import (
    REPO_DIR,
    cache_config,
    database_config,
    env_float,
    env_int,
    env_list,
    env_path,
    env_rate,
    env_str,
    frontend_cache_config,
)

SITE_DIR = REPO_DIR / "site"

INSTALLED_APPS = [
    "campaign",
    "showcase",
    "assessment",
    "search",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "wagtail.api.v3",
    "ninja",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "wagtail.contrib.sitemaps",
    "django.contrib.sitemaps",
    "axes",
    "config",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ChineseFirstLocaleMiddleware",
    # Outside the session and CSRF middleware, so it sees every cookie they set (config/public_cache.py).
    "config.public_cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.query_input.AdminQueryGuardMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "showcase.review.middleware.RaceRefusalMiddleware",
    "config.middleware.APIProblemMiddleware",
    "config.security_headers.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
CACHES = cache_config()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login protection (django-axes): after LOGIN_FAILURE_LIMIT failures for one login name, or from one
# address, further attempts are refused until LOGIN_LOCKOUT_MINUTES pass or a superuser unlocks
# them under Settings → "Locked-out logins". The username is an email, so axes logs only user ids.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockouts.lockout_response"
AXES_CLIENT_STR_CALLABLE = "config.lockouts.client_description"
# Behind reverse proxies every request comes from the nearest proxy: the client is read from X-Forwarded-For,
# by the lockout and the rate limits alike (campaign.ratelimit.client_address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "campaign.ratelimit.client_address"

# Chinese first: the public site and the admin default to Simplified Chinese; English pages live under /en/.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Earlier entries win, and all of them win over the apps' own catalogs: site/locale holds our strings;
# site/locale_wagtail only the messages Wagtail (and Django, django-filter) leave untranslated in zh_Hans
# (see site/locale_tools/wagtail_gaps.py).
LOCALE_PATHS = [SITE_DIR / "locale", SITE_DIR / "locale_wagtail"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = SITE_DIR / "static_collected"
STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.AppDirectoriesFinder"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env_path("MEDIA_ROOT", REPO_DIR / "var" / "media")
# Files only their owners may read (finished exports, rendered certificates) are kept outside MEDIA_ROOT,
# which the web server may serve to anyone; they are served by views that check who asks.
PRIVATE_FILES_ROOT = env_path("PRIVATE_FILES_ROOT", REPO_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_FILES_ROOT}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ".localhost" also admits the demo's other sites (2023.localhost, wushui.localhost), which browsers resolve locally.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", ".localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background work (email, Elasticsearch sync, certificates, exports, reindexing) goes through django-tasks,
# which Wagtail itself uses. Here, for development, the demo and the tests, the immediate backend runs each
# task in-process when it is enqueued; production queues them in the database for the worker
# (`manage.py config_worker`, README "Background work"), which retries failures (config.background).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# A failed task is run again after TASK_RETRY_DELAY seconds, doubling each time up to TASK_RETRY_MAX_DELAY,
# until it has been tried TASK_MAX_ATTEMPTS times; then it stays failed, in the admin's failed-tasks report.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", 8, minimum=1)
TASK_RETRY_DELAY = env_int("TASK_RETRY_DELAY", 30, minimum=1)
TASK_RETRY_MAX_DELAY = env_int("TASK_RETRY_MAX_DELAY", 3600, minimum=1)
# A worker marks itself alive every TASK_WORKER_HEARTBEAT seconds; the task a worker was running when it
# stopped marking (killed, machine lost) for TASK_WORKER_TIMEOUT seconds is put back in the queue.
TASK_WORKER_HEARTBEAT = env_float("TASK_WORKER_HEARTBEAT", 10.0)
TASK_WORKER_TIMEOUT = env_float("TASK_WORKER_TIMEOUT", 60.0)

# An admin listing's spreadsheet of more rows than this is built by the worker instead of the request
# (campaign.exports); the requester downloads it from Reports → 我的导出 and is emailed when it is ready.
EXPORT_INLINE_ROWS = env_int("EXPORT_INLINE_ROWS", 2000, minimum=0)
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7, minimum=1)

WAGTAIL_SITE_NAME = "节水中国 你我同行"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would send a hash of every admin user's email to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# An item edited after a reviewer approved it is reviewed again from the first level.
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# Review emails go to the reviewers of each level, not to every superuser on every submission.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "zip", "jpg", "png", "mp4", "webm", "mov"]
WAGTAILDOCS_DOCUMENT_MODEL = "campaign.CampaignDocument"
# Looks inside every uploaded document: its content must match its extension (campaign/uploads.py).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "campaign.document_forms.CampaignDocumentForm"
# Every document download goes through Wagtail's view, which checks collection restrictions.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# A signed-out reader of a restricted document (evidence) signs in on the admin's styled, translated form,
# then lands on the document; Wagtail's own fallback is an unstyled form.
WAGTAIL_FRONTEND_LOGIN_URL = "/admin/login/"
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 500 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_IMAGE_FORM_BASE = "campaign.image_forms.CampaignImageForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Search. Wagtail's backend (the admin's page search and choosers, and the
# public search by default) is the database one, wrapped by search.backends to
# cut Chinese into words. ELASTICSEARCH_URL adds the Elasticsearch index that
# the public search uses at scale; the database stays the fallback.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database", "SEARCH_CONFIG": "simple", "ATOMIC_REBUILD": True}
}
ELASTICSEARCH_URL = env_str("ELASTICSEARCH_URL", "")
ELASTICSEARCH_INDEX = env_str("ELASTICSEARCH_INDEX", "jieshui-items")
# Seconds a public search waits for Elasticsearch before answering from the database.
ELASTICSEARCH_TIMEOUT = env_float("ELASTICSEARCH_TIMEOUT", 2.0)

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@jieshui.example.cn")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "config.log_filters.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "campaign": {"level": env_str("LOG_LEVEL", "INFO")},
    },
}

# Public pages for anonymous visitors (config/public_cache.py): browsers reuse them for PUBLIC_CACHE_MAX_AGE
# seconds, shared caches (Varnish, a CDN) for PUBLIC_CACHE_S_MAXAGE, since Wagtail purges those on every change.
PUBLIC_CACHE_MAX_AGE = env_int("PUBLIC_CACHE_MAX_AGE", 30, minimum=0)
PUBLIC_CACHE_S_MAXAGE = env_int("PUBLIC_CACHE_S_MAXAGE", 600, minimum=0)
# Paths (after any language prefix) that are never shared: the admin and its previews, documents (private
# evidence among them), invitations, certificates and the view-count beacon.
PUBLIC_CACHE_PRIVATE_PREFIXES = ["/admin/", "/documents/", "/invite/", "/certificates/", "/views/"]
# The shared caches purged after every public change (config/purge.py; none unless configured).
WAGTAILFRONTENDCACHE = frontend_cache_config()

# The headless API (/api/v3/, Wagtail's API v3 with the campaign apps' routers).
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
# Seconds shared caches and browsers may reuse a public API answer before revalidating it (an ETag check).
API_CACHE_MAX_AGE = env_int("API_CACHE_MAX_AGE", 60)
# Tokens are issued and revoked in the admin (Settings → API tokens) and expire after this many days.
API_TOKEN_MAX_AGE_DAYS = env_int("API_TOKEN_MAX_AGE_DAYS", 90)
# Requests per client: anonymous searches per address, writes per token.
API_THROTTLE_RATES = {
    "search": env_rate("API_SEARCH_RATE", "120/min"),
    "write": env_rate("API_WRITE_RATE", "60/min"),
}
# The public search page, and its suggestions, per address (each counted on its own).
SEARCH_RATE = env_rate("SEARCH_RATE", "120/min")
# Editors preview drafts in an external front-end with a signed link valid this long.
API_PREVIEW_MAX_AGE_SECONDS = env_int("API_PREVIEW_MAX_AGE_SECONDS", 600)
FRONTEND_PREVIEW_URL = env_str("FRONTEND_PREVIEW_URL", "")
# Front-ends on other origins that may call the API from a browser (exact origins, comma-separated).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_HEADERS = (
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "if-modified-since",
    "if-none-match",
)
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
