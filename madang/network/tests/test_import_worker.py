"""Long organisation lists go through the worker, with progress on the preview page."""

import pytest
from django.urls import reverse

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core import jobs
from madang.core.models import Job
from madang.core.services import DomainError
from madang.network import spreadsheets
from madang.network.models import ImportBatch, Organisation

from .test_spreadsheets import csv_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


ROWS = 250  # above spreadsheets.WORKER_ROWS


def long_batch(district, actor, rows=ROWS):
    raw = csv_bytes([["단체명", "유형"]] + [[f"모임 {n:04d}", "기타"] for n in range(rows)])
    return spreadsheets.preview_import(actor=actor, district=district, filename="long.csv", raw=raw)


def test_a_long_list_is_queued_then_imported_by_the_task(
    gangbuk, operator, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(spreadsheets, "PROGRESS_EVERY", 50)
    seen = []
    real_progress = jobs.job_progress
    monkeypatch.setattr(
        jobs, "job_progress", lambda job, n, total=None: (seen.append(n), real_progress(job, n, total))
    )
    batch = long_batch(gangbuk, operator)
    assert spreadsheets.import_runs_in_worker(batch)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = spreadsheets.confirm_import_later(actor=operator, batch=batch)
    assert job.status == Job.Status.QUEUED and job.total == ROWS and job.started_by == operator
    assert not Organisation.objects.exists()  # nothing happens before the commit
    with pytest.raises(DomainError) as excinfo:
        spreadsheets.confirm_import_later(actor=operator, batch=batch)
    assert excinfo.value.code == "already_running"

    for callback in callbacks:  # the commit: ImmediateBackend runs the task now
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result == {"created": ROWS}
    assert seen == [50, 100, 150, 200, 250]
    assert Organisation.objects.filter(district=gangbuk).count() == ROWS
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.CONFIRMED
    state = jobs.job_state(job)
    assert (state["processed"], state["total"], state["percent"]) == (ROWS, ROWS, 100)


def test_a_failing_job_keeps_the_list_open_and_says_why(
    gangbuk, operator, django_capture_on_commit_callbacks
):
    batch = long_batch(gangbuk, operator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = spreadsheets.confirm_import_later(actor=operator, batch=batch)
    Organisation.objects.create(district=gangbuk, name="모임 0001", kind="etc")
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DISCARDED)
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "이미 처리한 가져오기입니다."
    assert Organisation.objects.filter(district=gangbuk).count() == 1


def test_live_progress_comes_from_the_cache_while_running(gangbuk, operator):
    batch = long_batch(gangbuk, operator, rows=3)
    job = jobs.job_create(actor=operator, kind="network.import", district=gangbuk, subject=batch, total=400)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING)
    job.refresh_from_db()
    jobs.job_progress(job, 100)
    fresh = Job.objects.get(pk=job.pk)  # another server: the row says 0, the cache says 100
    assert fresh.processed == 0
    assert jobs.job_state(fresh)["processed"] == 100
    assert jobs.job_state(fresh)["percent"] == 25


def test_preview_page_confirms_through_the_worker_and_polls_progress(
    client, gangbuk, operator, django_capture_on_commit_callbacks
):
    batch = long_batch(gangbuk, operator)
    client.force_login(operator)
    url = reverse("network:import_preview", args=[gangbuk.slug, batch.pk])
    progress_url = reverse("network:import_progress", args=[gangbuk.slug, batch.pk])
    assert client.get(progress_url).status_code == 404  # no job yet

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302 and response["Location"] == url
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert progress_url in page
    assert "가져오기 확정" not in page  # no second confirm while it runs
    assert "작업 대기열에 있습니다" in page

    for callback in callbacks:
        callback()
    fragment = client.get(progress_url).content.decode()
    assert f"단체 {ROWS}곳을 가져왔습니다." in fragment
    assert "hx-trigger" not in fragment  # polling stops when done
    assert Organisation.objects.filter(district=gangbuk).count() == ROWS


def test_a_short_list_is_still_imported_at_once(client, gangbuk, operator):
    batch = long_batch(gangbuk, operator, rows=5)
    client.force_login(operator)
    response = client.post(
        reverse("network:import_preview", args=[gangbuk.slug, batch.pk]), {"action": "confirm"}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(district=gangbuk).count() == 5
    assert not Job.objects.exists()


def test_progress_of_another_districts_list_is_not_found(client, gangbuk, mapo, operator):
    batch = long_batch(gangbuk, operator, rows=3)
    jobs.job_create(actor=operator, kind="network.import", district=gangbuk, subject=batch, total=3)
    client.force_login(user_with_role(Role.OPERATOR, mapo))
    assert client.get(reverse("network:import_progress", args=[mapo.slug, batch.pk])).status_code == 404
