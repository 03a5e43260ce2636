"""Sign-in protection: lockout per login name and per address, unlocking by a superuser, one-time reset links."""

import datetime
import io
import logging
import re

import pytest
from axes.handlers import proxy as axes_proxy
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

User = get_user_model()
PASSWORD = "Qingshui-Liushui-2023"
LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True


@pytest.fixture
def officer():
    return User.objects.create_user("officer@shuili.example.cn", "officer@shuili.example.cn", PASSWORD, is_staff=True)


@pytest.fixture
def colleague():
    return User.objects.create_user("colleague@shuili.example.cn", "colleague@shuili.example.cn", PASSWORD)


def sign_in(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, addresses=None):
    """Wrong passwords; the answers' statuses (the form again, then 429 from the failure that locks)."""
    return [
        sign_in(client, username, "wrong-password", addresses[attempt] if addresses else "10.0.0.1").status_code
        for attempt in range(times)
    ]


def test_a_login_name_is_locked_after_five_failures_even_from_changing_addresses(client, officer, settings):
    statuses = fail(client, officer.username, settings.AXES_FAILURE_LIMIT, [f"10.0.1.{n}" for n in range(1, 10)])
    assert statuses == [200, 200, 200, 200, 429]

    response = sign_in(client, officer.username, PASSWORD, address="10.9.9.9")

    assert response.status_code == 429
    assert "登录已被锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_address_is_locked_after_five_failures_even_for_changing_names(client, officer):
    statuses = [sign_in(client, f"guess{n}@example.cn", "wrong-password", "10.0.0.7").status_code for n in range(5)]
    assert statuses == [200, 200, 200, 200, 429]

    assert sign_in(client, officer.username, PASSWORD, address="10.0.0.7").status_code == 429
    assert sign_in(client, officer.username, PASSWORD, address="10.0.0.8").status_code == 302


@pytest.fixture
def frozen_now(monkeypatch):
    """One instant for axes' attempt times and for the lockout's arithmetic, so seconds come out exact."""
    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)
    monkeypatch.setattr(axes_proxy, "now", lambda: instant)
    return instant


def test_the_lockout_says_in_retry_after_when_the_lock_lifts(client, officer, frozen_now):
    fail(client, officer.username, 4)

    response = sign_in(client, officer.username, "wrong-password")

    assert response.status_code == 429
    assert response["Retry-After"] == "1800"
    assert "请 30 分钟后再试" in response.content.decode()


def test_retry_after_counts_from_the_failures_that_keep_the_address_locked(client, officer, frozen_now):
    """Three guesses twenty minutes ago and two now lock the address; it is free again when the old three expire."""
    for n in range(3):
        sign_in(client, f"guess{n}@example.cn", "wrong-password", "10.0.0.7")
    AccessAttempt.objects.update(attempt_time=frozen_now - datetime.timedelta(minutes=20))
    for n in (3, 4):
        sign_in(client, f"guess{n}@example.cn", "wrong-password", "10.0.0.7")

    response = sign_in(client, officer.username, PASSWORD, address="10.0.0.7")

    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "请 10 分钟后再试" in response.content.decode()


def test_fewer_failures_than_the_limit_still_let_the_right_password_in_and_start_over(client, officer):
    assert fail(client, officer.username, 4) == [200] * 4
    assert sign_in(client, officer.username, PASSWORD).status_code == 302
    client.logout()
    assert fail(client, officer.username, 4) == [200] * 4
    assert sign_in(client, officer.username, PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client, officer, settings, monkeypatch):
    fail(client, officer.username, 5)
    earlier = AccessAttempt.objects.first().attempt_time - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=earlier)

    assert sign_in(client, officer.username, PASSWORD).status_code == 302


def test_a_superuser_sees_the_lockout_and_unlocks_the_login_name(client, officer, admin_user):
    fail(client, officer.username, 5, [f"10.0.2.{n}" for n in range(1, 6)])
    client.force_login(admin_user)

    listing = client.get(reverse("config_lockouts"))
    assert listing.status_code == 200
    assert officer.username in listing.content.decode()

    response = client.post(reverse("config_lockouts"), {"kind": "username", "value": officer.username}, follow=True)
    assert "已解锁" in response.content.decode()
    client.logout()
    assert sign_in(client, officer.username, PASSWORD, address="10.0.3.1").status_code == 302


def test_a_superuser_unlocks_an_address(client, officer, admin_user):
    for n in range(5):
        sign_in(client, f"guess{n}@example.cn", "wrong-password", "10.0.0.9")
    client.force_login(admin_user)
    client.post(reverse("config_lockouts"), {"kind": "ip_address", "value": "10.0.0.9"})
    client.logout()

    assert sign_in(client, officer.username, PASSWORD, address="10.0.0.9").status_code == 302


def test_the_unlock_command_works_too(client, officer):
    fail(client, officer.username, 5)
    call_command("axes_reset_username", officer.username, stdout=io.StringIO())
    call_command("axes_reset_ip", "10.0.0.1", stdout=io.StringIO())

    assert sign_in(client, officer.username, PASSWORD).status_code == 302


def test_only_superusers_see_or_use_the_lockout_page(client, officer, colleague):
    fail(client, colleague.username, 5)
    client.force_login(officer)

    assert client.get(reverse("config_lockouts")).status_code in {302, 403}
    client.post(reverse("config_lockouts"), {"kind": "username", "value": colleague.username})
    assert AccessAttempt.objects.filter(username=colleague.username).exists()


def test_an_unknown_unlock_request_changes_nothing_and_says_so(client, officer, admin_user):
    fail(client, officer.username, 5)
    client.force_login(admin_user)

    response = client.post(reverse("config_lockouts"), {"kind": "user_agent", "value": "x"}, follow=True)

    assert "请选择" in response.content.decode()
    assert AccessAttempt.objects.filter(username=officer.username).exists()


def test_failed_sign_ins_log_the_account_id_never_the_email_address(client, officer, caplog):
    with caplog.at_level(logging.DEBUG):
        fail(client, officer.username, 5)
        sign_in(client, officer.username, PASSWORD)

    assert f"user id: {officer.pk}" in caplog.text
    assert "officer@" not in caplog.text
    assert "shuili.example.cn" not in caplog.text
    assert "officer@" not in " ".join(AccessAttempt.objects.values_list("post_data", flat=True))


def _reset_link(client, user):
    mail.outbox.clear()
    client.post(reverse("wagtailadmin_password_reset"), {"email": user.email})
    [message] = mail.outbox
    return re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+/)", message.body).group(1)


def test_a_password_reset_link_works_once(client, officer):
    link = _reset_link(client, officer)
    form_url = client.get(link)["Location"]
    done = client.post(form_url, {"new_password1": "Another-Secret-2024", "new_password2": "Another-Secret-2024"})
    assert done.status_code == 302

    again = client.get(link, follow=True)

    assert again.context["validlink"] is False
    officer.refresh_from_db()
    assert officer.check_password("Another-Secret-2024")


def test_a_password_reset_link_expires(client, officer, settings, monkeypatch):
    link = _reset_link(client, officer)
    later = datetime.datetime.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False


@pytest.mark.parametrize(
    "password",
    ["short1!", "1234567890123", "password123", "officer@shuili"],
    ids=["too-short", "all-digits", "common", "like-the-login-name"],
)
def test_weak_passwords_are_refused_on_reset(client, officer, password):
    form_url = client.get(_reset_link(client, officer))["Location"]

    response = client.post(form_url, {"new_password1": password, "new_password2": password})

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)
