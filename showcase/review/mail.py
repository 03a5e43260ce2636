"""Review notification emails that can fail without undoing the review.

Wagtail sends its workflow emails inside the review's transaction and lets a
mail-server error other than a timeout or a refused connection (a rejected
login, a full mailbox, a bad greeting) escape, which rolls back the approval
the email was about. Here every workflow email is rendered where Wagtail
renders it, then handed to a task: a failure is logged (by subject and error
class; never the address, which an SMTP error may quote), and retried later
when the task backend can defer work (a database-backed worker), up to
``MAX_ATTEMPTS``. With the immediate backend of the demo and tests there is
no later, so the failure is logged as final.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import override
from django_tasks import task

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_DELAY = datetime.timedelta(minutes=5)


class QueuedEmailMixin:
    """For Wagtail's ``EmailNotificationMixin`` notifiers: render now, send from a task that never raises."""

    def send_notifications(self, template_set, context, recipients, **kwargs):
        messages = []
        for recipient in recipients:
            context["user"] = recipient
            with override(recipient.wagtail_userprofile.get_preferred_language()):
                message = {
                    "subject": render_to_string(template_set["subject"], context).strip(),
                    "body": render_to_string(template_set["text"], context).strip(),
                    "html": "",
                    "to": [recipient.email],
                }
                if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
                    message["html"] = render_to_string(template_set["html"], context)
            messages.append(message)
        if messages:
            send_notification_emails.enqueue(messages)
        return True


@task()
def send_notification_emails(messages, attempt=1):
    """Send rendered notifications; queue the ones that failed for another attempt if the backend can wait."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # no connection: every message is still to send
        for message in messages:
            _log_failure(message, error, attempt)
        failed = list(messages)
    else:
        failed = []
        for message in messages:
            try:
                _email(message, connection).send()
            except Exception as error:  # any mail failure is logged and retried, never raised
                _log_failure(message, error, attempt)
                failed.append(message)
        _close_quietly(connection)
    if failed:
        _retry_later(failed, attempt)
    return len(messages) - len(failed)


def _close_quietly(connection):
    """What was sent is sent: a failure to say goodbye to the server must not send it again."""
    try:
        connection.close()
    except Exception:
        logger.info("Mail connection did not close cleanly")


def _email(message, connection):
    email = EmailMultiAlternatives(
        message["subject"],
        message["body"],
        getattr(settings, "WAGTAILADMIN_NOTIFICATION_FROM_EMAIL", settings.DEFAULT_FROM_EMAIL),
        message["to"],
        connection=connection,
        headers={"Auto-Submitted": "auto-generated"},
    )
    if message["html"]:
        email.attach_alternative(message["html"], "text/html")
    return email


def _log_failure(message, error, attempt):
    logger.warning(
        "Review notification %r could not be sent (attempt %d of %d): %s",
        message["subject"],
        attempt,
        MAX_ATTEMPTS,
        type(error).__name__,
    )


def _retry_later(messages, attempt):
    if attempt >= MAX_ATTEMPTS:
        logger.error("Gave up sending %d review notification(s) after %d attempts", len(messages), attempt)
        return
    if not send_notification_emails.get_backend().supports_defer:
        logger.error(
            "%d review notification(s) not retried: the task backend runs tasks at once and cannot wait",
            len(messages),
        )
        return
    retry = send_notification_emails.using(run_after=timezone.now() + RETRY_DELAY * attempt)
    retry.enqueue(messages, attempt + 1)
