"""Public search is limited per client address, behind proxies too, with counts that every worker shares."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from axes.models import AccessAttempt
from django.test import override_settings

from campaign.ratelimit import Rate, client_address

pytestmark = pytest.mark.django_db

REPO_DIR = Path(__file__).resolve().parents[2]
SEARCH = "/search/"
SUGGEST = "/search/suggest/"
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def statuses(client, path, times, **extra):
    return [client.get(path, {"q": "节水"}, **extra).status_code for _ in range(times)]


@override_settings(SEARCH_RATE="3/min")
def test_the_search_page_answers_429_with_retry_after_and_a_chinese_page(client, campaign, clock):
    assert statuses(client, SEARCH, 3) == [200, 200, 200]
    clock[0] += 15

    refused = client.get(SEARCH, {"q": "节水"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "25"
    assert refused["Content-Type"].startswith("text/html")
    body = refused.content.decode()
    assert "<h1>搜索过于频繁</h1>" in body
    assert "请等待 25 秒后再搜索" in body


@override_settings(SEARCH_RATE="3/min")
def test_suggestions_answer_a_429_problem_document(client, campaign, clock):
    assert statuses(client, SUGGEST, 3) == [200, 200, 200]

    refused = client.get(SUGGEST, {"q": "节水"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "40"
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert problem["status"] == 429 and problem["title"] == "请求过于频繁"
    assert "40 秒" in problem["detail"]


@override_settings(SEARCH_RATE="2/min")
def test_the_count_starts_again_in_the_next_window(client, campaign, clock):
    assert statuses(client, SEARCH, 3) == [200, 200, 429]
    clock[0] += 60

    assert statuses(client, SEARCH, 3) == [200, 200, 429]


@override_settings(SEARCH_RATE="2/min")
def test_each_address_has_its_own_count_and_pages_and_suggestions_are_counted_apart(client, campaign, clock):
    assert statuses(client, SEARCH, 3, REMOTE_ADDR="10.0.0.1") == [200, 200, 429]

    assert statuses(client, SEARCH, 2, REMOTE_ADDR="10.0.0.2") == [200, 200]
    assert statuses(client, SUGGEST, 2, REMOTE_ADDR="10.0.0.1") == [200, 200]


@override_settings(SEARCH_RATE="2/min", TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_clients_are_told_apart_by_the_address_the_proxy_saw(client, campaign, clock):
    """The proxy appends the address it saw; what the client wrote before it cannot buy a fresh count."""
    through_proxy = {"REMOTE_ADDR": "10.9.0.1"}
    assert statuses(client, SEARCH, 2, HTTP_X_FORWARDED_FOR="203.0.113.5", **through_proxy) == [200, 200]
    spoofed = [f"198.51.100.{n}, 203.0.113.5" for n in range(3)]

    refused = [
        client.get(SEARCH, {"q": "节水"}, HTTP_X_FORWARDED_FOR=xff, **through_proxy).status_code for xff in spoofed
    ]

    assert refused == [429, 429, 429]
    assert statuses(client, SEARCH, 1, HTTP_X_FORWARDED_FOR="203.0.113.6", **through_proxy) == [200]


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.5", "10.9.0.1"),
        (1, "198.51.100.1, 203.0.113.5", "203.0.113.5"),
        (2, "198.51.100.1, 203.0.113.5, 10.9.0.2", "203.0.113.5"),
        (1, "", "10.9.0.1"),
        (1, "not-an-address", "10.9.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
    ids=["no-proxy-ignores-the-header", "one-proxy", "two-proxies", "no-header", "garbage", "ipv6"],
)
def test_the_client_address(rf, settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.9.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected


@override_settings(AXES_ENABLED=True, TRUSTED_PROXY_COUNT=1)
def test_the_sign_in_lockout_counts_the_same_client_address(client):
    for n in range(5):
        client.post(
            "/admin/login/",
            {"username": f"guess{n}@example.cn", "password": "wrong-password"},
            REMOTE_ADDR="10.9.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.5",
        )

    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


@pytest.mark.parametrize("rate", ["120/min", "10/5s", "1000/day", "1/hour"])
def test_rates_are_read_as_requests_per_period(rate):
    parsed = Rate.parse(rate)
    assert (parsed.requests, parsed.seconds) == {
        "120/min": (120, 60),
        "10/5s": (10, 5),
        "1000/day": (1000, 86400),
        "1/hour": (1, 3600),
    }[rate]


@pytest.mark.parametrize("rate", ["", "120", "0/min", "120/minute", "-1/min", "１２０/min", "120/0s"])
def test_a_malformed_rate_is_refused_with_examples(rate):
    with pytest.raises(ValueError, match="120/min"):
        Rate.parse(rate)


@pytest.fixture
def shared_cache():
    """The default cache on Redis, under a key prefix of this test's own, removed afterwards."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL} (set TEST_REDIS_URL) to share counts through")
    prefix = f"test-{uuid.uuid4().hex}"
    caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    caches["default"]["KEY_PREFIX"] = prefix
    with override_settings(CACHES=caches):
        yield caches
    for key in connection.scan_iter(f"{prefix}:*"):
        connection.delete(key)
    connection.close()


HIT_FROM_ANOTHER_WORKER = """
import json, sys
import django
from django.conf import settings
settings.configure(CACHES=json.loads(sys.argv[1]))
django.setup()
from campaign import ratelimit
from campaign.ratelimit import Rate, seconds_to_wait
ratelimit.time.time = lambda: float(sys.argv[3])
for _ in range(int(sys.argv[2])):
    seconds_to_wait("search-page", "203.0.113.5", Rate.parse("3/min"))
"""


@override_settings(SEARCH_RATE="3/min")
def test_with_redis_the_counts_of_other_workers_count_too(client, campaign, shared_cache, clock):
    client.get(SEARCH, {"q": "节水"}, REMOTE_ADDR="203.0.113.5")
    subprocess.run(
        [sys.executable, "-c", HIT_FROM_ANOTHER_WORKER, json.dumps(shared_cache), "2", str(clock[0])],
        cwd=REPO_DIR,
        check=True,
        timeout=60,
    )

    assert client.get(SEARCH, {"q": "节水"}, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.get(SEARCH, {"q": "节水"}, REMOTE_ADDR="203.0.113.6").status_code == 200
