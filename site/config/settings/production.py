"""Production: debug refused, a strong SECRET_KEY required, secure cookies."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_secret_key, task_backend_config

from .base import *  # noqa: F403

# Debug pages show code, settings and data to every visitor, and debug mode keeps every query in memory.
if env_bool("DEBUG", False):
    raise ImproperlyConfigured(
        "生产设置不能开启调试模式：调试页面会向访客显示代码、设置和数据。请删除 DEBUG 或设为 0；"
        "要在本机调试，请改用 DJANGO_SETTINGS_MODULE=config.settings.dev。"
        " / DEBUG=1 is refused by the production settings: debug pages show code, settings and data to visitors."
        " Remove DEBUG or set it to 0; to debug on your own machine use DJANGO_SETTINGS_MODULE=config.settings.dev."
    )
DEBUG = False
SECRET_KEY = env_secret_key("SECRET_KEY")

# Rate limits, buffered view counts and sign-in lockouts are counted in the cache. In a per-process memory
# cache each server process counts alone, so N processes let N times the limit through; production shares one.
if not os.environ.get("REDIS_URL"):
    raise ImproperlyConfigured(
        "生产设置需要共享缓存：请设置 REDIS_URL（例如 redis://127.0.0.1:6379/0）。限流和浏览计数记在缓存里，"
        "没有共享缓存时每个服务进程各自计数，限流形同虚设。"
        " / The production settings need a shared cache: set REDIS_URL (e.g. redis://127.0.0.1:6379/0)."
        " Rate limits and view counts are kept in the cache; without a shared one each server process counts alone."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Cookies travel only over HTTPS; SECURE_COOKIES=0 is for a local trial without TLS.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Wagtail's admin reads the CSRF token from the page, never from the cookie.
CSRF_COOKIE_HTTPONLY = True
# No page of ours is framed; Wagtail's preview panel sets SAMEORIGIN on its own responses.
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
# Background work is queued in the site's PostgreSQL and run by the worker (README "Background work").
TASKS = task_backend_config("TASK_BACKEND", "database")
