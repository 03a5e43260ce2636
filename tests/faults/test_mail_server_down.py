"""The mail server is down while 20 items are approved: every review email arrives once it is back, none twice."""

import socket

import pytest
from aiosmtpd.controller import Controller
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from config.background import backoff
from showcase.models import ActivityPage
from tests.factories import ActivityPageFactory
from tests.showcase import test_tiered_review as review

from .conftest import advance_clock, run_due_tasks, statuses

filing_open = review.filing_open
people = review.people

pytestmark = pytest.mark.django_db

ITEMS = 20
MAIL_TASK = "campaign.mail.send_email"


class Inbox:
    """aiosmtpd handler: keeps every message the sink accepted."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


class SmtpSink:
    """A mail server on a loopback port that can be down (nothing listening: connection refused) or up."""

    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.inbox = Inbox()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_sink(task_queue):
    task_queue.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    sink = SmtpSink()
    task_queue.EMAIL_HOST, task_queue.EMAIL_PORT = "127.0.0.1", sink.port
    task_queue.EMAIL_USE_TLS, task_queue.EMAIL_TIMEOUT = False, 5
    task_queue.EMAIL_HOST_USER = task_queue.EMAIL_HOST_PASSWORD = ""
    yield sink
    sink.stop()


@pytest.fixture
def submitted_items(hebei, people):
    """20 activities of one unit, each submitted to the tiered review."""
    submitter = people["submitter"]
    unit = submitter.unit_membership.unit
    items = []
    for number in range(ITEMS):
        page = ActivityPageFactory(parent=hebei, unit=unit, live=False, title=f"节水宣传第{number}场")
        page.save_revision(user=submitter)
        page.get_workflow().start(page, submitter)
        items.append(ActivityPage.objects.get(pk=page.pk))
    return items


def test_every_review_email_is_delivered_once_after_the_mail_server_returns(client, smtp_sink, submitted_items, people):
    for page in submitted_items:
        response = review._act(client, people["moderator"], page, "approve", {"comment": "", **review.CHECKS})
        assert response.status_code == 302
    queued = list(DBTaskResult.objects.filter(task_path=MAIL_TASK))
    expected = sorted(tuple(task.args_kwargs["args"][0]["to"]) for task in queued)
    to_editor = [recipients for recipients in expected if recipients == (people["editor"].email,)]
    assert len(to_editor) == ITEMS, "each approved item is announced to the national editor"

    run_due_tasks()
    assert smtp_sink.inbox.messages == []
    assert statuses(MAIL_TASK) == [TaskResultStatus.READY], "every failed email waits for a retry; none is given up"

    smtp_sink.start()
    wait = backoff(1).total_seconds()
    advance_clock(wait / 2)
    assert run_due_tasks() == 0, "a retry waits for its backoff"
    advance_clock(wait / 2)
    assert run_due_tasks() == len(queued)

    delivered = sorted(recipients for recipients, _content in smtp_sink.inbox.messages)
    assert delivered == expected, "every email arrives, none twice"
    assert statuses(MAIL_TASK) == [TaskResultStatus.SUCCESSFUL]
    advance_clock(24 * 3600)
    assert run_due_tasks() == 0
    assert len(smtp_sink.inbox.messages) == len(expected)
