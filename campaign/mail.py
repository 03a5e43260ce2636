"""Emails sent by the worker, one task per message, so a mail server that is down delays them and loses none.

A message is rendered by whoever queues it, in the reader's language, and
handed to ``send_email`` as plain data (subject, text, optional HTML, one
recipient list). The task is enqueued in the caller's transaction, so with the
database task backend a change that rolls back queues nothing.

A failure is logged (by subject and error class; never the address, which an
SMTP error may quote) and raised, so the worker retries that one email with
backoff (``config.background``) and, after the last attempt, national
editors see it in the failed-tasks report. One message per task means a
retry never sends again what an earlier attempt delivered to other people.
With the immediate backend of the demo and tests there is no later: the
failure is logged and the caller goes on.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django_tasks import task
from wagtail.users.models import UserProfile

logger = logging.getLogger(__name__)


def language_of(user):
    """The language a message to ``user`` is rendered in: their admin language, as Wagtail's own emails use."""
    return UserProfile.get_for_user(user).get_preferred_language()


def queue_email(subject, body, to, html=""):
    """Queue one message to the addresses ``to``; nothing is queued without an address."""
    recipients = [address for address in to if address]
    if not recipients:
        return None
    return send_email.enqueue({"subject": subject, "body": body, "html": html, "to": recipients})


@task()
def send_email(message):
    """Send one rendered message; a failure is logged without the address and raised for a retry."""
    connection = get_connection()
    try:
        connection.open()
        _email(message, connection).send()
    except Exception as error:
        logger.warning("Email %r could not be sent: %s", message["subject"], type(error).__name__)
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
