"""Invitation links: how a liaison's account gets its first password.

The seed form made each liaison's mobile number both login and initial
password; anyone who knew the number could sign in. Here accounts are created
without a usable password and the liaison sets one through a one-time link
mailed to them. The link is a Django password-reset token with its own salt,
so a reset token is never an invitation token (or the reverse); it stops
working once a password is set (the password hash is part of the token) and
after ``PASSWORD_RESET_TIMEOUT``.
"""

import datetime
import logging
from urllib.parse import urljoin

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.auth.views import PasswordResetConfirmView
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from showcase.models import Liaison

logger = logging.getLogger(__name__)

# Chinese first, English below it: the liaison may read either.
EMAIL_LANGUAGES = ("zh-hans", "en")


class InvitationError(Exception):
    """An invitation that cannot be sent, with a message saying why and what to do."""


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Password-reset tokens under their own salt, valid only while the account has no password yet."""

    key_salt = "showcase.directory.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        if user is None or user.has_usable_password():
            return False
        return super().check_token(user, token)


invitation_token_generator = InvitationTokenGenerator()


def invitation_path(user):
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse(
        "showcase:invitation", kwargs={"uidb64": uidb64, "token": invitation_token_generator.make_token(user)}
    )


def invitation_url(user):
    """Absolute, because the link is mailed from a task that has no request to build it from."""
    return urljoin(settings.WAGTAILADMIN_BASE_URL, invitation_path(user))


def is_activated(liaison):
    return liaison.user_id is not None and liaison.user.has_usable_password()


def send_invitation(liaison):
    """Queue the invitation email once the surrounding transaction commits.

    After commit, because a rolled-back import must not mail links to accounts
    that no longer exist, and a worker must find the rows it is asked about.
    """
    if liaison.user_id is None:
        raise InvitationError(_("%(liaison)s has no account yet; create the account first.") % {"liaison": liaison})
    if is_activated(liaison):
        raise InvitationError(
            _(
                "%(liaison)s has already set a password, so no invitation is needed; "
                "if they forgot it, they can reset it from the admin login page."
            )
            % {"liaison": liaison}
        )
    liaison_id = liaison.pk
    transaction.on_commit(lambda: send_invitation_email.enqueue(liaison_id))


def _render_email(liaison):
    context = {
        "liaison": liaison,
        "unit": liaison.unit,
        "username": liaison.user.get_username(),
        "invitation_url": invitation_url(liaison.user),
        "login_url": urljoin(settings.WAGTAILADMIN_BASE_URL, reverse("wagtailadmin_login")),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "expires_at": timezone.now() + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    }
    versions = {}
    for language in EMAIL_LANGUAGES:
        with translation.override(language):
            subject = _("Your account for %(site)s") % {"site": settings.WAGTAIL_SITE_NAME}
            text = render_to_string("showcase/invitations/invitation_body.txt", context).strip()
            # A language whose catalog lacks these messages would only repeat the one above it.
            if text not in (version["text"] for version in versions.values()):
                versions[language] = {
                    "subject": subject,
                    "text": text,
                    "html": render_to_string("showcase/invitations/invitation_body.html", context),
                }
    subject = " / ".join(version["subject"] for version in versions.values())
    text = render_to_string("showcase/invitations/invitation_email.txt", {"versions": versions.values()})
    html = render_to_string("showcase/invitations/invitation_email.html", {"versions": versions, "subject": subject})
    return subject, text, html


@task()
def send_invitation_email(liaison_id):
    """Mail the link and record when. Skips quietly if the liaison set a password meanwhile.

    A mail server that refuses the message raises here, and the worker tries
    again later (``config.background``); nothing is recorded until it is sent.
    """
    liaison = Liaison.objects.select_related("unit", "user").filter(pk=liaison_id).first()
    if liaison is None or liaison.user is None or liaison.user.has_usable_password():
        return False
    subject, text, html = _render_email(liaison)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[liaison.email])
    message.attach_alternative(html, "text/html")
    message.send()
    Liaison.objects.filter(pk=liaison.pk).update(invited_at=timezone.now())
    # The id only: contact details never go to the logs.
    logger.info("Invitation sent to liaison %s", liaison.pk)
    return True


class InvitationView(PasswordResetConfirmView):
    """The page behind the invitation link: set a password, then land in the admin, signed in."""

    token_generator = invitation_token_generator
    template_name = "showcase/invitations/set_password.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("wagtailadmin_home")
    title = gettext_lazy("Set your password")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set and you are signed in."))
        return response
