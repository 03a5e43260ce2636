"""Review notification emails that can fail without undoing the review.

Wagtail sends its workflow emails inside the review's transaction and lets a
mail-server error other than a timeout or a refused connection (a rejected
login, a full mailbox, a bad greeting) escape, which rolls back the approval
the email was about. Here every workflow email is rendered where Wagtail
renders it, in the reader's language, then handed to the worker as one
message per recipient (``campaign.mail``), which retries it alone.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import override

from campaign.mail import language_of, queue_email


class QueuedEmailMixin:
    """For Wagtail's ``EmailNotificationMixin`` notifiers: render now, in the reader's language; send from a task."""

    def send_notifications(self, template_set, context, recipients, **kwargs):
        for recipient in recipients:
            context["user"] = recipient
            with override(language_of(recipient)):
                subject = render_to_string(template_set["subject"], context).strip()
                body = render_to_string(template_set["text"], context).strip()
                html = ""
                if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
                    html = render_to_string(template_set["html"], context)
            queue_email(subject, body, [recipient.email], html=html)
        return True
