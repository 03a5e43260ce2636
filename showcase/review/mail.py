"""Review notification emails that can fail without undoing the review.

Wagtail sends its workflow emails inside the review's transaction and lets a
mail-server error other than a timeout or a refused connection (a rejected
login, a full mailbox, a bad greeting) escape, which rolls back the approval
the email was about. Here every workflow email is rendered where Wagtail
renders it, then handed to a task of its own, one per recipient. The task is
enqueued in the review's transaction, so with the database task backend an
approval that rolls back queues nothing.

A failure is logged (by subject and error class; never the address, which an
SMTP error may quote) and raised, so the worker retries that one email with
backoff (``config.background``) and, after the last attempt, national
editors see it in the failed-tasks report. One message per task means a
retry never sends again what an earlier attempt delivered to other people.
With the immediate backend of the demo and tests there is no later: the
failure is logged and the review goes on.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils.translation import override
from django_tasks import task

logger = logging.getLogger(__name__)


class QueuedEmailMixin:
    """For Wagtail's ``EmailNotificationMixin`` notifiers: render now, in the reader's language; send from a task."""

    def send_notifications(self, template_set, context, recipients, **kwargs):
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
            send_notification_email.enqueue(message)
        return True


@task()
def send_notification_email(message):
    """Send one rendered notification; a failure is logged without the address and raised for a retry."""
    connection = get_connection()
    try:
        connection.open()
        _email(message, connection).send()
    except Exception as error:
        logger.warning("Review notification %r could not be sent: %s", message["subject"], type(error).__name__)
        raise
    _close_quietly(connection)
    return True


def _close_quietly(connection):
    """What was sent is sent: a failure to say goodbye to the server must not fail the task and send it again."""
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
