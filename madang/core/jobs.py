"""Slow work through the worker, with progress for the person who started it.

    job = job_create(actor=request.user, kind="network.import", district=d, subject=batch, total=n)
    job_enqueue(job, some_task, batch_id=batch.pk)   # on commit; the task gets job_id= too

    @task()
    def some_task(*, job_id, batch_id):
        with job_running(job_id) as job:             # RUNNING; DONE or FAILED (Korean error) after
            ...; job_progress(job, processed)        # live counts in the cache, every server sees them
            job.result = {"created": n}

`job_state(job)` is what a progress view shows (status, processed, total, percent, error, result).
With the ImmediateBackend (development, tests) the task runs as soon as the transaction commits.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Job
from .services import DomainError

logger = logging.getLogger(__name__)

PROGRESS_TTL = 60 * 60  # seconds a live count stays in the cache


def _progress_key(job_id: int) -> str:
    return f"core:job:{job_id}:progress"


def job_create(*, actor, kind: str, district=None, subject=None, total: int = 0) -> Job:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return Job.objects.create(
        kind=kind,
        district=district,
        started_by=actor_obj,
        subject_type=subject._meta.label_lower if subject is not None else "",
        subject_id=str(subject.pk) if subject is not None else "",
        total=total,
    )


def job_enqueue(job: Job, task, **kwargs) -> None:
    """Enqueue `task(job_id=job.pk, **kwargs)` once the current transaction commits."""
    transaction.on_commit(lambda: task.enqueue(job_id=job.pk, **kwargs))


def jobs_for(subject) -> list[Job]:
    return list(Job.objects.filter(subject_type=subject._meta.label_lower, subject_id=str(subject.pk)))


def job_active_for(subject) -> Job | None:
    return (
        Job.objects.filter(
            subject_type=subject._meta.label_lower,
            subject_id=str(subject.pk),
            status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        )
        .order_by("-created_at", "-id")
        .first()
    )


def job_progress(job: Job, processed: int, total: int | None = None) -> None:
    """Record a live count. Written to the cache (outside any transaction), not the row."""
    job.processed = processed
    if total is not None:
        job.total = total
    cache.set(_progress_key(job.pk), [job.processed, job.total], PROGRESS_TTL)


@contextmanager
def job_running(job_id: int):
    """Mark the job RUNNING, yield it, then DONE (with job.result) or FAILED with a Korean error."""
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING, updated_at=timezone.now()
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        raise DomainError(_("이미 시작한 작업입니다."), code="already_processed")
    try:
        yield job
    except DomainError as error:
        _finish(job, Job.Status.FAILED, error=error.message)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.Status.FAILED, error=_("작업 중 오류가 났습니다. 잠시 뒤 다시 시도해 주세요."))
        raise
    else:
        _finish(job, Job.Status.DONE)


def _finish(job: Job, status: str, *, error: str = "") -> None:
    job.status = status
    job.error = error
    if status == Job.Status.DONE:
        job.processed = job.total
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "processed", "total", "result", "finished_at", "updated_at"])
    cache.delete(_progress_key(job.pk))


def job_state(job: Job) -> dict:
    """Status and counts for a progress view (live counts from the cache while it runs)."""
    processed, total = job.processed, job.total
    if job.status == Job.Status.RUNNING:
        live = cache.get(_progress_key(job.pk))
        if live:
            processed, total = live
    percent = 100 if job.status == Job.Status.DONE else (min(99, processed * 100 // total) if total else 0)
    return {
        "job": job,
        "status": job.status,
        "status_label": job.get_status_display(),
        "processed": processed,
        "total": total,
        "percent": percent,
        "error": job.error,
        "result": job.result,
        "active": job.is_active,
    }
