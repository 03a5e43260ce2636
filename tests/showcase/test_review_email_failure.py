"""A mail server that refuses us does not undo a review: the action stands, the failure is logged without addresses.

Retrying the email later is the worker's job (``config.background``); the fault drill (tests/faults/) runs it.
"""

import logging
import smtplib

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from wagtail.models import TaskState

from campaign.mail import send_email
from showcase.models import JurisdictionReviewTaskState, NationalReviewTask
from showcase.review.mail import QueuedEmailMixin

from . import test_tiered_review as review

# The review tests' own fixtures: an open filing window, the people of each role, a submitted activity.
filing_open = review.filing_open
people = review.people
submitted = review.submitted

pytestmark = pytest.mark.django_db


class RefusingBackend(BaseEmailBackend):
    """The mail server rejects our login, as when its password was changed."""

    def open(self):
        raise smtplib.SMTPAuthenticationError(535, b"5.7.8 Authentication credentials invalid")

    def send_messages(self, email_messages):
        self.open()


@pytest.fixture
def mail_down(settings):
    settings.EMAIL_BACKEND = "tests.showcase.test_review_email_failure.RefusingBackend"


def test_an_approval_stands_when_its_notification_cannot_be_sent(client, submitted, people, mail_down, caplog):
    with caplog.at_level(logging.WARNING):
        response = review._act(client, people["moderator"], submitted, "approve", {"comment": "", **review.CHECKS})
    assert response.status_code == 302
    state = JurisdictionReviewTaskState.objects.get(workflow_state__object_id=str(submitted.pk))
    assert state.status == TaskState.STATUS_APPROVED
    assert isinstance(review._current_task(submitted), NationalReviewTask), "the item moved on to the final review"
    failures = [record for record in caplog.records if "could not be sent" in record.getMessage()]
    assert failures, "the failed notification is logged"
    logged = "\n".join(record.getMessage() + str(record.exc_info) for record in caplog.records)
    assert people["editor"].email not in logged and people["submitter"].email not in logged


def test_a_rejection_stands_and_every_workflow_email_goes_through_the_queue(client, submitted, people, mail_down):
    response = review._act(client, people["moderator"], submitted, "reject", {"comment": "请补充图片"})
    assert response.status_code == 302
    state = JurisdictionReviewTaskState.objects.get(workflow_state__object_id=str(submitted.pk))
    assert state.status == TaskState.STATUS_REJECTED


def test_wagtails_own_workflow_notifiers_are_replaced_by_queued_ones():
    from wagtail.admin import signal_handlers as wagtail_handlers
    from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

    receivers = [
        entry[1]()
        for signal in (task_submitted, workflow_submitted, workflow_approved, workflow_rejected)
        for entry in signal.receivers
    ]
    queued = [receiver for receiver in receivers if isinstance(receiver, QueuedEmailMixin)]
    assert len(queued) == 6, "our two review levels and Wagtail's four workflow notifications"
    for wagtail_notifier in (
        wagtail_handlers.task_submission_email_notifier,
        wagtail_handlers.workflow_submission_email_notifier,
        wagtail_handlers.workflow_approval_email_notifier,
        wagtail_handlers.workflow_rejection_email_notifier,
    ):
        assert wagtail_notifier not in receivers


def test_a_failed_notification_raises_for_the_worker_to_retry_without_logging_the_address(mail_down, caplog):
    message = {"subject": "待审核：节水宣传进校园", "body": "…", "html": "", "to": ["moderator@example.cn"]}
    with caplog.at_level(logging.WARNING), pytest.raises(smtplib.SMTPAuthenticationError):
        send_email.call(message)
    assert "SMTPAuthenticationError" in caplog.text
    assert "moderator@example.cn" not in caplog.text


def test_each_recipient_has_a_task_of_its_own(settings, submitted, people, client):
    """A retry resends one email, never the ones that already reached other reviewers."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import default_task_backend

    second_editor = review.UserFactory(groups=[review.NATIONAL_EDITORS.group()])
    review._act(client, people["moderator"], submitted, "approve", {"comment": "", **review.CHECKS})
    queued = [result.args[0]["to"] for result in default_task_backend.results]
    assert [people["editor"].email] in queued and [second_editor.email] in queued
    assert all(len(recipients) == 1 for recipients in queued)


def test_a_notification_is_sent_once_the_mail_server_takes_it(mailoutbox):
    message = {"subject": "待审核：节水宣传进校园", "body": "请审核", "html": "<p>请审核</p>", "to": ["m@example.cn"]}
    assert send_email.call(message) is True
    [email] = mailoutbox
    assert email.to == ["m@example.cn"] and email.subject == "待审核：节水宣传进校园"
