"""The one place that reads the process environment.

Settings modules call these helpers instead of touching ``os.environ`` so that
every variable the site understands is listed here, with its default, and a
malformed value fails at start-up with a message that says what to fix.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

from campaign.ratelimit import Rate

REPO_DIR = Path(__file__).resolve().parents[2]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"环境变量 {name} 的值 {raw!r} 无法识别，请填写 1 或 0。"
        f" / Environment variable {name}={raw!r} is not a boolean: use 1 or 0."
    )


def env_int(name, default, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"环境变量 {name} 的值 {raw!r} 不是整数。 / Environment variable {name}={raw!r} is not an integer."
        ) from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(
            f"环境变量 {name} 的值 {raw!r} 不能小于 {minimum}。"
            f" / Environment variable {name}={raw!r} is below {minimum}."
        )
    return value


def env_rate(name, default):
    """A request rate such as ``120/min``, checked at start-up rather than on the first request it limits."""
    raw = os.environ.get(name) or default
    try:
        Rate.parse(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"环境变量 {name} 的值 {raw!r} 不是请求频率，请写成“次数/时段”，例如 120/min、10/5s 或 1000/day。"
            f" / Environment variable {name}={raw!r} is not a rate: write requests/period,"
            " e.g. 120/min, 10/5s or 1000/day."
        ) from None
    return raw


def env_float(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"环境变量 {name} 的值 {raw!r} 不是数字。 / Environment variable {name}={raw!r} is not a number."
        ) from None


GENERATE_KEY_COMMAND = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def env_secret_key(name="SECRET_KEY"):
    """The key that signs sessions, password-reset and invitation links and preview tokens.

    A missing, short or repetitive key lets anyone who guesses it forge all of
    them, so production refuses to start rather than run with one. The rule is
    Django's own deployment check (``security.W009``), which otherwise only warns.
    """
    key = os.environ.get(name, "")
    if not key:
        raise ImproperlyConfigured(
            f"未设置 {name}：生产环境必须提供一个至少 {SECRET_KEY_MIN_LENGTH} 个字符的随机密钥，"
            f"可用 {GENERATE_KEY_COMMAND} 生成。"
            f" / {name} is not set: production needs a random key of at least {SECRET_KEY_MIN_LENGTH}"
            f" characters; generate one with {GENERATE_KEY_COMMAND}"
        )
    if (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
    ):
        raise ImproperlyConfigured(
            f"{name} 太弱（{len(key)} 个字符）：生产环境需要至少 {SECRET_KEY_MIN_LENGTH} 个字符、"
            f"至少 {SECRET_KEY_MIN_UNIQUE_CHARACTERS} 种不同字符、不以 {SECRET_KEY_INSECURE_PREFIX} 开头的随机密钥，"
            f"可用 {GENERATE_KEY_COMMAND} 生成。"
            f" / {name} is too weak ({len(key)} characters): production needs a random key of at least"
            f" {SECRET_KEY_MIN_LENGTH} characters with at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones,"
            f" not starting with {SECRET_KEY_INSECURE_PREFIX}; generate one with {GENERATE_KEY_COMMAND}"
        )
    return key


def env_list(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name, default):
    raw = os.environ.get(name)
    return Path(raw) if raw else Path(default)


def database_config():
    """DATABASE_URL, or an SQLite file under var/ in the repository."""
    default_path = REPO_DIR / "var" / "db.sqlite3"
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{default_path}"
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL 格式不正确：{error}。示例：postgres://user:password@host:5432/name"
            f" / DATABASE_URL is malformed: {error}. Example: postgres://user:password@host:5432/name"
        ) from error
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # Several server processes share the file: readers never wait for the writer (WAL), a write
        # takes its lock when its transaction starts (no deadlocked upgrades) and waits up to 20 s for it.
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


def cache_config():
    """REDIS_URL, shared by every worker; otherwise a per-process memory cache (one process: dev, demo, tests).

    Rate limits and buffered view counts live in the cache, so a deployment
    with several workers needs the shared one, or each worker counts alone.
    """
    url = os.environ.get("REDIS_URL")
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL 格式不正确：{url!r}。示例：redis://127.0.0.1:6379/0"
            f" / REDIS_URL is malformed: {url!r}. Example: redis://127.0.0.1:6379/0"
        )
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}


def task_backend_config(name="TASK_BACKEND", default="database"):
    """Where background work runs: ``database`` (a queue table in the site's database, run by the worker) or
    ``immediate`` (inside the request, for a trial without a worker: a failure is then logged and not retried)."""
    raw = os.environ.get(name) or default
    choice = raw.strip().lower()
    if choice not in TASK_BACKENDS:
        choices = "、".join(TASK_BACKENDS)
        raise ImproperlyConfigured(
            f"环境变量 {name} 的值 {raw!r} 无法识别，请填写 {choices} 之一"
            "（database：任务存入数据库，由 worker 进程执行并失败重试）。"
            f" / Environment variable {name}={raw!r} is not a task backend: use one of {', '.join(TASK_BACKENDS)}"
            " (database: tasks are queued in the database and run, with retries, by the worker)."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[choice]}}


def frontend_cache_config():
    """The shared caches Wagtail purges on every public change (``config.purge``), from the environment.

    FRONTEND_CACHE_VARNISH_URL: a Varnish (or any cache accepting PURGE) such as
    http://varnish:80, whose VCL admits the site's address (docker/varnish/).
    FRONTEND_CACHE_CLOUDFLARE_TOKEN with FRONTEND_CACHE_CLOUDFLARE_ZONE_ID:
    Cloudflare's purge by URL, and by prefix for the search and API addresses
    (``config.purge.CloudflareBackend``). FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID:
    a CloudFront invalidation (needs boto3 and AWS credentials). Several may
    be set at once; none purges nothing.
    """
    backends = {}
    varnish = os.environ.get("FRONTEND_CACHE_VARNISH_URL")
    if varnish:
        if not varnish.startswith(("http://", "https://")):
            raise ImproperlyConfigured(
                f"FRONTEND_CACHE_VARNISH_URL 格式不正确：{varnish!r}。示例：http://varnish:80"
                f" / FRONTEND_CACHE_VARNISH_URL is malformed: {varnish!r}. Example: http://varnish:80"
            )
        backends["varnish"] = {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": varnish}
    token, zone = os.environ.get("FRONTEND_CACHE_CLOUDFLARE_TOKEN"), os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID")
    if token or zone:
        if not (token and zone):
            raise ImproperlyConfigured(
                "Cloudflare 清除缓存需要同时设置 FRONTEND_CACHE_CLOUDFLARE_TOKEN 和 FRONTEND_CACHE_CLOUDFLARE_ZONE_ID。"
                " / Cloudflare purging needs FRONTEND_CACHE_CLOUDFLARE_TOKEN and FRONTEND_CACHE_CLOUDFLARE_ZONE_ID."
            )
        backends["cloudflare"] = {
            "BACKEND": "config.purge.CloudflareBackend",
            "BEARER_TOKEN": token,
            "ZONEID": zone,
        }
    distribution = os.environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID")
    if distribution:
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    return backends
