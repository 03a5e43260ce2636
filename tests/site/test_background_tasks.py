"""The one retry policy of background work, the recovery from dead workers, and the failed-tasks report."""

import datetime
import uuid

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from config import background
from config.models import BackgroundTask, WorkerHeartbeat
from showcase.permissions.roles import NATIONAL_EDITORS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MAIL_TASK = "campaign.mail.send_email"
ADDRESS = "liaison.138@example.cn"
MOBILE = "13800138000"


@pytest.fixture
def retry_settings(settings):
    settings.TASK_MAX_ATTEMPTS = 3
    settings.TASK_RETRY_DELAY = 30
    settings.TASK_RETRY_MAX_DELAY = 100
    settings.TASK_WORKER_TIMEOUT = 60
    return settings


def _task(status=TaskResultStatus.FAILED, attempts=3, **fields):
    now = timezone.now()
    values = {
        "task_path": MAIL_TASK,
        "args_kwargs": {"args": [{"to": [ADDRESS], "subject": "待审核", "body": f"请致电 {MOBILE}"}], "kwargs": {}},
        "status": status,
        "worker_ids": [f"worker-{n}" for n in range(attempts)],
        "backend_name": "default",
        "run_after": get_date_max(),
        "started_at": now,
        "finished_at": now if status == TaskResultStatus.FAILED else None,
        "exception_class_path": "smtplib.SMTPRecipientsRefused",
        "traceback": f"smtplib.SMTPRecipientsRefused: {{'{ADDRESS}': (550, b'no such user')}}",
    }
    values.update(fields)
    return BackgroundTask.objects.create(**values)


class _Finished:
    """What the worker hands ``task_finished`` receivers: a result carrying its row."""

    def __init__(self, row):
        self.db_result = row
        self.status = row.status


def test_backoff_doubles_from_the_first_delay_up_to_the_maximum(retry_settings):
    assert [background.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_a_failed_task_goes_back_to_the_queue_after_its_backoff_until_its_last_attempt(retry_settings):
    row = _task(attempts=2)
    before = timezone.now()
    background.retry_later(sender=None, task_result=_Finished(row))
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert before + datetime.timedelta(seconds=60) <= row.run_after <= timezone.now() + datetime.timedelta(seconds=60)

    last = _task(attempts=3)
    background.retry_later(sender=None, task_result=_Finished(last))
    last.refresh_from_db()
    assert last.status == TaskResultStatus.FAILED, "after TASK_MAX_ATTEMPTS the task stays failed, for the report"
    assert DBTaskResult.objects.count() == 2, "a retry reuses the row: nothing is queued twice"


def test_a_task_whose_object_was_deleted_is_not_retried(retry_settings):
    row = _task(attempts=1, exception_class_path="showcase.models.pages.ActivityPage.DoesNotExist")
    background.retry_later(sender=None, task_result=_Finished(row))
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED


def test_the_task_of_a_silent_worker_is_queued_again_and_a_live_workers_is_left_alone(retry_settings):
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    WorkerHeartbeat.objects.create(worker_id="worker-0", seen_at=long_ago)
    WorkerHeartbeat.objects.create(worker_id="alive", seen_at=timezone.now())
    dead = _task(status=TaskResultStatus.RUNNING, attempts=1, started_at=long_ago)
    busy = _task(status=TaskResultStatus.RUNNING, attempts=1, started_at=long_ago, worker_ids=["alive"])
    assert background.requeue_abandoned() == 1
    dead.refresh_from_db(), busy.refresh_from_db()
    assert dead.status == TaskResultStatus.READY
    assert busy.status == TaskResultStatus.RUNNING


def test_a_worker_restarted_under_its_old_id_queues_again_what_its_previous_process_left(retry_settings):
    WorkerHeartbeat.objects.create(worker_id="host-1", seen_at=timezone.now())
    left = _task(status=TaskResultStatus.RUNNING, attempts=1, worker_ids=["host-1"])
    assert background.requeue_abandoned() == 0, "a fresh heartbeat under that id: the task looks alive"
    assert background.requeue_abandoned(restarted_worker="host-1") == 1
    left.refresh_from_db()
    assert left.status == TaskResultStatus.READY


def test_a_task_whose_worker_died_on_its_last_attempt_is_marked_failed(retry_settings):
    long_ago = timezone.now() - datetime.timedelta(minutes=10)
    row = _task(status=TaskResultStatus.RUNNING, attempts=3, started_at=long_ago)
    assert background.requeue_abandoned() == 0
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "config.background.WorkerLost"


@pytest.fixture
def editor():
    return UserFactory(groups=[NATIONAL_EDITORS.group()])


def test_national_editors_see_failed_tasks_by_name_attempts_and_error_class_but_no_personal_data(client, editor):
    _task()
    _task(status=TaskResultStatus.SUCCESSFUL, task_path="search.elastic.sync.sync_pages")
    client.force_login(editor)
    response = client.get(reverse("config_failed_tasks"))
    assert response.status_code == 200
    html = response.content.decode()
    [row] = BeautifulSoup(html, "html.parser").select("table tbody tr")
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[:3] == ["通知邮件", "3", "SMTPRecipientsRefused"], "the succeeded task is not listed"
    for private in (ADDRESS, MOBILE, "请致电", "no such user"):
        assert private not in html


def test_the_spreadsheet_export_holds_no_personal_data_either(client, editor):
    _task()
    client.force_login(editor)
    response = client.get(reverse("config_failed_tasks") + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "SMTPRecipientsRefused" in text
    assert ADDRESS not in text and MOBILE not in text


def test_the_report_is_in_the_reports_menu_of_those_who_may_see_it(client, editor):
    client.force_login(editor)
    assert reverse("config_failed_tasks") in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_report_and_its_retry_are_refused_without_the_permission(client, hebei):
    moderator = UserFactory(groups=[hebei.jurisdiction.moderators])
    row = _task()
    client.force_login(moderator)
    assert client.get(reverse("config_failed_tasks")).status_code in (302, 403)
    assert client.post(reverse("config_failed_task_retry", args=[row.pk])).status_code in (302, 403)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert reverse("config_failed_tasks") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_retry_queues_the_task_once_even_when_clicked_twice(client, editor):
    row = _task()
    client.force_login(editor)
    url = reverse("config_failed_task_retry", args=[row.pk])
    first = client.post(url, follow=True)
    second = client.post(url, follow=True)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY and row.run_after <= timezone.now()
    assert DBTaskResult.objects.count() == 1
    assert [str(message) for message in first.context["messages"]] == ["任务已重新排队，worker 将很快执行。"]
    [second_message] = second.context["messages"]
    assert str(second_message) == "此任务已不是失败状态：它已经重新排队，或已执行。"
    assert client.post(reverse("config_failed_task_retry", args=[uuid.uuid4()])).status_code == 302


def test_the_report_exports_to_xlsx(client, editor):
    _task()
    client.force_login(editor)
    response = client.get(reverse("config_failed_tasks") + "?export=xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_review_that_rolls_back_queues_no_email(settings):
    """Why the queue is in the database: the enqueue is part of the review's transaction."""
    from django.db import transaction

    from campaign.mail import send_email

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    message = {"subject": "待审核", "body": "请审核", "html": "", "to": ["m@example.cn"]}
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email.enqueue(message)
        raise RuntimeError("the approval failed after its notification was queued")
    assert not DBTaskResult.objects.exists()
