"""Invitation links: the email, the one-time set-password page, and privacy of contact details."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import trans_real

from showcase.directory import invitations, liaisons
from showcase.models import Liaison
from tests.factories import JurisdictionPageFactory, ShowcaseIndexPageFactory

from .liaison_sheets import GOOD_ROWS, build_sheet, make_directory

pytestmark = pytest.mark.django_db

User = get_user_model()
NEW_PASSWORD = "Qingshui-Liushui-2023"
LINK_RE = re.compile(r"https?://[^\s\"<>]+/invite/[^\s\"<>]+/")


@pytest.fixture
def directory():
    return make_directory()


@pytest.fixture
def imported(directory, django_capture_on_commit_callbacks):
    """The two liaisons of the good sheet, imported and invited."""
    plan = liaisons.plan_import(build_sheet(GOOD_ROWS))
    with django_capture_on_commit_callbacks(execute=True):
        return liaisons.apply_import(plan, invited_by=None)


def message_to(address):
    [message] = [message for message in mail.outbox if message.to == [address]]
    return message


def everything_in(message):
    return "\n".join([message.subject, message.body, *(content for content, _type in message.alternatives)])


def link_in(message):
    links = set(LINK_RE.findall(message.body))
    assert len(links) == 1, message.body
    return links.pop()


def path_of(url):
    return urlsplit(url).path


def test_each_liaison_is_mailed_a_link_and_nothing_private_of_anyone_else(imported):
    assert len(mail.outbox) == 2
    for liaison in imported:
        message = message_to(liaison.email)
        content = everything_in(message)
        assert liaison.user.username in message.body
        assert link_in(message) in message.alternatives[0][0]
        assert message.alternatives[0][1] == "text/html"
        assert "节水中国 你我同行" in message.subject
        # No mobile number at all, and no other liaison's address.
        for other in Liaison.objects.all():
            assert other.mobile not in content
            if other != liaison:
                assert other.email not in content


def test_the_email_has_the_chinese_version_first_and_the_english_below(
    directory, monkeypatch, django_capture_on_commit_callbacks
):
    chinese = trans_real.translation("zh-hans")._catalog._catalogs[0]
    monkeypatch.setitem(chinese, "Your account for %(site)s", "%(site)s 账号开通通知")
    monkeypatch.setitem(chinese, "Your login name: %(username)s", "您的登录名：%(username)s")
    plan = liaisons.plan_import(build_sheet([GOOD_ROWS[0]]))

    with django_capture_on_commit_callbacks(execute=True):
        liaisons.apply_import(plan, invited_by=None)

    [message] = mail.outbox
    assert message.subject == "节水中国 你我同行 账号开通通知 / Your account for 节水中国 你我同行"
    body = message.body
    assert body.index("您的登录名：zhangwei@hebei.example.cn") < body.index(
        "Your login name: zhangwei@hebei.example.cn"
    )
    html = message.alternatives[0][0]
    assert html.index('lang="zh-CN"') < html.index("您的登录名") < html.index('lang="en"') < html.index("Your login")
    # The same link in both languages.
    assert len(set(LINK_RE.findall(body))) == 1


def test_the_link_sets_a_password_once_and_the_password_signs_in(imported, client):
    liaison = imported[0]
    link = path_of(link_in(message_to(liaison.email)))

    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.endswith("/set-password/")
    page = client.get(form_url)
    assert page.status_code == 200
    assert page.context["validlink"] is True
    assert liaison.mobile not in page.content.decode()

    done = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302
    assert done["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    user = User.objects.get(pk=liaison.user.pk)
    assert user.has_usable_password()
    assert user.check_password(NEW_PASSWORD)

    client.logout()
    login = client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": NEW_PASSWORD})
    assert login.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).context["user"] == user
    client.logout()
    again = client.get(link)
    assert again.status_code == 200
    assert again.context["validlink"] is False
    assert again.context["form"] is None


def test_password_validators_apply(imported, client):
    liaison = imported[0]
    form_url = client.get(path_of(link_in(message_to(liaison.email))))["Location"]

    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert not User.objects.get(pk=liaison.user.pk).has_usable_password()


def test_a_password_reset_token_is_not_an_invitation(imported, client):
    user = imported[0].user
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    reset_token = default_token_generator.make_token(user)

    response = client.get(reverse("showcase:invitation", kwargs={"uidb64": uidb64, "token": reset_token}))

    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_the_link_expires_after_the_password_reset_timeout(imported, client, settings, monkeypatch):
    user = imported[0].user
    link = invitations.invitation_path(user)
    later = datetime.datetime.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(invitations.invitation_token_generator, "_now", lambda: later)

    response = client.get(link)

    assert response.status_code == 200
    assert response.context["validlink"] is False


def test_no_new_invitation_once_the_password_is_set(imported, django_capture_on_commit_callbacks):
    liaison = imported[0]
    liaison.user.set_password(NEW_PASSWORD)
    liaison.user.save()
    mail.outbox.clear()

    with pytest.raises(invitations.InvitationError), django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitation(liaison)

    assert mail.outbox == []
    assert not invitations.invitation_token_generator.check_token(
        liaison.user, invitations.invitation_token_generator.make_token(liaison.user)
    )


def test_resending_mails_a_fresh_link_and_records_when(imported, django_capture_on_commit_callbacks):
    liaison = imported[1]
    Liaison.objects.filter(pk=liaison.pk).update(invited_at=None)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        liaisons.invite(Liaison.objects.get(pk=liaison.pk))

    assert [message.to for message in mail.outbox] == [[liaison.email]]
    assert Liaison.objects.get(pk=liaison.pk).invited_at is not None


def test_a_liaison_entered_by_hand_gets_an_account_when_invited(directory, django_capture_on_commit_callbacks):
    liaison = Liaison.objects.create(
        name="王芳", unit=directory["hebei_city"], mobile="13700001111", email="wangfang@sjz.example.cn"
    )

    with django_capture_on_commit_callbacks(execute=True):
        liaisons.invite(liaison)

    liaison.refresh_from_db()
    assert liaison.user.username == "wangfang@sjz.example.cn"
    assert not liaison.user.has_usable_password()
    hebei = directory["hebei"]
    hebei.refresh_from_db()
    assert list(liaison.user.groups.all()) == [hebei.submitters]
    assert liaison.user.unit_membership.unit == directory["hebei_city"]
    assert [message.to for message in mail.outbox] == [["wangfang@sjz.example.cn"]]


def test_contact_details_never_reach_public_pages(imported, campaign, client):
    showcase = ShowcaseIndexPageFactory(parent=campaign)
    jurisdiction_page = JurisdictionPageFactory(parent=showcase, jurisdiction=imported[0].unit.jurisdiction)
    pages = [campaign.url, showcase.url, jurisdiction_page.url, "/sitemap.xml"]

    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        for liaison in imported:
            assert liaison.mobile not in content, url
            assert liaison.email not in content, url
