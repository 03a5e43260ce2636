"""Production settings pass Django's deployment checks; every response carries the security headers; CSRF everywhere."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from config import security_headers

SITE_DIR = Path(__file__).resolve().parents[2] / "site"
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k3P9v-q2_LmZr8sXw1Yt6Nb4Hc7Dj0Fg5Ke2Ua9Ri3Os8Pl1Qm6Tn4Vx7Wz0Ay5Bu2Ce",
    "ALLOWED_HOSTS": "jieshui.mwr.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://jieshui.mwr.example.cn",
    "DATABASE_URL": "postgres://jieshui:secret@db.internal:5432/jieshui",
    "REDIS_URL": "redis://cache.internal:6379/0",
}
SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_REFERRER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "X_FRAME_OPTIONS",
]


def test_production_settings_pass_the_deployment_checks_without_a_warning():
    # The suite's own variables stay out (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, for one).
    overridden = {"DEBUG", "SECURE_COOKIES", "SECURE_SSL_REDIRECT", "SECURE_HSTS_PRELOAD"}
    environment = {k: v for k, v in os.environ.items() if k not in overridden and not k.startswith("DJANGO_")}
    environment.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=SITE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.fixture
def production_security(settings, monkeypatch):
    """This process's settings with the production module's HTTPS, cookie and header values."""
    for name, value in PRODUCTION_ENV.items():
        if name != "DJANGO_SETTINGS_MODULE":
            monkeypatch.setenv(name, value)
    production = importlib.import_module("config.settings.production")
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(production, name))
    return production


@pytest.mark.django_db
def test_public_pages_carry_the_security_headers_and_a_csp_without_unsafe_inline(client, campaign, production_security):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(directive.split(" ", 1) for directive in response["Content-Security-Policy"].split("; "))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, campaign, production_security):
    response = client.get("/")

    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy_that_still_keeps_other_origins_out(client, admin_user, production_security):
    client.force_login(admin_user)
    response = client.get("/admin/", secure=True)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == security_headers.ADMIN_HEADER
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "object-src 'none'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_secure_and_http_only(client, admin_user, production_security):
    admin_user.set_password("Qingshui-Liushui-2023")
    admin_user.save()
    client.get("/admin/login/", secure=True)
    client.post("/admin/login/", {"username": admin_user.username, "password": "Qingshui-Liushui-2023"}, secure=True)

    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name


def _views(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_of_the_site_or_its_admin_is_exempt_from_csrf():
    """Every form is protected as long as no view opts out.

    Django REST framework marks its views exempt and checks CSRF itself for
    session-authenticated requests (Wagtail's admin API, tried below); the
    public API authenticates by token, not by cookie.
    """
    exempt = sorted(route for route, view in _views(get_resolver()) if getattr(view, "csrf_exempt", False))

    assert [route for route in exempt if not route.startswith(("api/", "admin/api/"))] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, data",
    [
        ("/admin/login/", {"username": "x", "password": "y"}),
        ("/admin/password_reset/", {"email": "someone@example.cn"}),
        ("/admin/lockouts/", {"kind": "username", "value": "x"}),
        ("/admin/pages/2/add_subpage/", {}),
        ("/admin/images/multiple/add/", {}),
        ("/admin/documents/multiple/add/", {}),
        ("/admin/users/add/", {}),
        ("/admin/account/", {}),
        ("/admin/api/main/pages/2/action/unpublish/", {}),
    ],
)
def test_a_post_without_the_csrf_token_is_refused(url, data, admin_user, campaign):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    if url.startswith("/admin/") and url not in {"/admin/login/", "/admin/password_reset/"}:
        client.force_login(admin_user)

    response = client.post(url, data)

    assert response.status_code == 403
