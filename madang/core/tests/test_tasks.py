"""E-mails leave through the worker: notify() enqueues core.tasks.send_email_task on commit."""

import pytest
from django.core import mail
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from madang.accounts.tests.factories import UserFactory
from madang.core.models import Notification
from madang.core.services import notify
from madang.core.tasks import send_email_task

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


def test_notify_sends_the_email_after_commit(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://madang.example.kr"
    user = UserFactory(email="a@example.kr")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(user=user, message="승인되었습니다", url="/x/", email_subject="[마당] 결정")
    assert Notification.objects.filter(user=user).count() == 1
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert [(m.subject, m.to) for m in mail.outbox] == [("[마당] 결정", ["a@example.kr"])]
    assert (
        mail.outbox[0].body == "승인되었습니다\n\nhttps://madang.example.kr/x/"
    )  # absolute: read in a mail app


def test_with_the_database_backend_the_email_waits_for_the_worker(django_capture_on_commit_callbacks):
    user = UserFactory(email="b@example.kr")
    with override_settings(TASKS=DB_TASKS), django_capture_on_commit_callbacks(execute=True):
        notify(user=user, message="반려되었습니다", email_subject="[마당] 결정")
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "madang.core.tasks.send_email_task"
    assert queued.args_kwargs["kwargs"]["recipients"] == ["b@example.kr"]


def test_no_email_without_an_address_or_subject(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=UserFactory(email=""), message="x", email_subject="s")
        notify(user=UserFactory(email="c@example.kr"), message="x")
    assert mail.outbox == []


def test_the_task_itself_sends_one_mail():
    result = send_email_task.enqueue(subject="제목", body="본문", recipients=["d@example.kr"])
    assert result.return_value == 1
    assert mail.outbox[0].from_email
