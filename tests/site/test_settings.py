"""Configuration comes from the environment, with safe defaults and clear refusals."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config import env

SITE_DIR = Path(__file__).resolve().parents[2] / "site"
STRONG_KEY = "k3P9v-q2_LmZr8sXw1Yt6Nb4Hc7Dj0Fg5Ke2Ua9Ri3Os8Pl1Qm6Tn4Vx7Wz0Ay5Bu2Ce"


def _django_check(settings_module, **environment):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "REDIS_URL"}}
    clean.update({"REDIS_URL": "redis://127.0.0.1:6379/0", **environment}, DJANGO_SETTINGS_MODULE=settings_module)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=SITE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _django_check("config.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "未设置 SECRET_KEY" in result.stderr


def test_production_starts_with_a_strong_secret_key():
    result = _django_check("config.settings.production", SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_with_a_short_secret_key_and_says_how_to_make_one():
    result = _django_check("config.settings.production", SECRET_KEY=STRONG_KEY[:49])
    assert result.returncode != 0
    assert "SECRET_KEY 太弱（49 个字符）" in result.stderr
    assert "secrets.token_urlsafe(50)" in result.stderr


def test_production_refuses_to_start_without_a_shared_cache():
    result = _django_check("config.settings.production", SECRET_KEY=STRONG_KEY, REDIS_URL="")
    assert result.returncode != 0
    assert "生产设置需要共享缓存：请设置 REDIS_URL" in result.stderr


def test_production_refuses_to_start_with_debug_on_and_names_the_dev_settings():
    result = _django_check("config.settings.production", SECRET_KEY=STRONG_KEY, DEBUG="1")
    assert result.returncode != 0
    assert "生产设置不能开启调试模式" in result.stderr
    assert "config.settings.dev" in result.stderr


@pytest.mark.parametrize(
    "key",
    [STRONG_KEY[:49], "x" * 60, "abcd" * 20, "django-insecure-" + STRONG_KEY],
    ids=["49-characters", "one-character-repeated", "four-different-characters", "django-insecure-prefix"],
)
def test_a_weak_secret_key_is_refused_by_djangos_own_rule(monkeypatch, key):
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY 太弱"):
        env.env_secret_key("SECRET_KEY")


def test_a_strong_secret_key_is_taken_as_it_is(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    assert env.env_secret_key("SECRET_KEY") == STRONG_KEY


def test_chinese_first_defaults():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert "en" in dict(settings.LANGUAGES)


def test_boolean_variables_reject_unclear_values(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env.env_bool("DEBUG")
    monkeypatch.setenv("DEBUG", "0")
    assert env.env_bool("DEBUG", True) is False


def test_database_url_defaults_to_sqlite_under_the_repository(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    config = env.database_config()
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(config["NAME"]).parent == env.REPO_DIR / "var"


def test_database_url_selects_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://jieshui@db.internal:5432/jieshui")
    config = env.database_config()
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["NAME"]) == ("db.internal", "jieshui")


def test_malformed_database_url_is_refused_with_an_example(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "nosuchdb://x")
    with pytest.raises(ImproperlyConfigured, match="postgres://"):
        env.database_config()


def test_allowed_hosts_come_from_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", "jieshui.example.cn, www.jieshui.example.cn,")
    assert env.env_list("ALLOWED_HOSTS") == ["jieshui.example.cn", "www.jieshui.example.cn"]


def test_elasticsearch_url_adds_the_elasticsearch_engine_and_keeps_the_database_backend_for_the_admin():
    code = (
        "import django, os; os.environ['ELASTICSEARCH_URL']='http://es.internal:9200'; "
        "os.environ['DJANGO_SETTINGS_MODULE']='config.settings.test'; django.setup(); "
        "from django.conf import settings; "
        "print(settings.ELASTICSEARCH_URL, settings.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=SITE_DIR, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["http://es.internal:9200", "search.backends.database"], result.stderr


def test_a_malformed_elasticsearch_timeout_is_refused_with_what_to_write(monkeypatch):
    monkeypatch.setenv("ELASTICSEARCH_TIMEOUT", "two seconds")
    with pytest.raises(ImproperlyConfigured, match="ELASTICSEARCH_TIMEOUT"):
        env.env_float("ELASTICSEARCH_TIMEOUT", 2.0)


def test_without_redis_url_the_cache_is_per_process(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert env.cache_config()["default"]["BACKEND"].endswith("LocMemCache")


def test_redis_url_gives_every_worker_one_shared_cache(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    config = env.cache_config()["default"]
    assert config == {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:6379/3"}


def test_a_malformed_redis_url_is_refused_with_an_example(monkeypatch):
    monkeypatch.setenv("REDIS_URL", "127.0.0.1:6379")
    with pytest.raises(ImproperlyConfigured, match=re.escape("redis://127.0.0.1:6379/0")):
        env.cache_config()


def test_a_malformed_rate_is_refused_at_start_with_examples(monkeypatch):
    monkeypatch.setenv("SEARCH_RATE", "120 per minute")
    with pytest.raises(ImproperlyConfigured, match=re.escape("120/min")):
        env.env_rate("SEARCH_RATE", "120/min")
    monkeypatch.setenv("SEARCH_RATE", "30/min")
    assert env.env_rate("SEARCH_RATE", "120/min") == "30/min"


def test_a_negative_proxy_count_is_refused(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "-1")
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXY_COUNT"):
        env.env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)


def test_background_work_goes_to_the_database_queue_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("TASK_BACKEND", raising=False)
    assert env.task_backend_config()["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    monkeypatch.setenv("TASK_BACKEND", "Immediate")
    assert env.task_backend_config()["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_production_refuses_an_unknown_task_backend_in_chinese_and_english():
    result = _django_check("config.settings.production", SECRET_KEY=STRONG_KEY, TASK_BACKEND="rq")
    assert result.returncode != 0
    assert "环境变量 TASK_BACKEND 的值 'rq' 无法识别" in result.stderr
    assert "is not a task backend: use one of database, immediate" in result.stderr


def test_tests_and_the_demo_run_tasks_at_once():
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"


def test_the_shared_caches_to_purge_are_read_from_the_environment(monkeypatch):
    for name in ("FRONTEND_CACHE_VARNISH_URL", "FRONTEND_CACHE_CLOUDFLARE_TOKEN", "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", raising=False)
    assert env.frontend_cache_config() == {}

    monkeypatch.setenv("FRONTEND_CACHE_VARNISH_URL", "http://varnish:80")
    monkeypatch.setenv("FRONTEND_CACHE_CLOUDFLARE_TOKEN", "token")
    monkeypatch.setenv("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID", "zone")
    monkeypatch.setenv("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", "E123")
    backends = env.frontend_cache_config()
    assert backends["varnish"]["LOCATION"] == "http://varnish:80"
    assert backends["cloudflare"]["BACKEND"] == "config.purge.CloudflareBackend", "prefixes go as prefixes"
    assert (backends["cloudflare"]["BEARER_TOKEN"], backends["cloudflare"]["ZONEID"]) == ("token", "zone")
    assert backends["cloudfront"]["DISTRIBUTION_ID"] == "E123"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FRONTEND_CACHE_VARNISH_URL", "varnish:80", "FRONTEND_CACHE_VARNISH_URL 格式不正确"),
        ("FRONTEND_CACHE_CLOUDFLARE_TOKEN", "token", "需要同时设置"),
    ],
)
def test_a_half_configured_shared_cache_is_refused_with_what_to_set(monkeypatch, name, value, message):
    for other in ("FRONTEND_CACHE_VARNISH_URL", "FRONTEND_CACHE_CLOUDFLARE_TOKEN", "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"):
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        env.frontend_cache_config()
