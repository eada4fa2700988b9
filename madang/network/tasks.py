"""Background tasks of the network app (django-tasks; run by the worker in production)."""

from django_tasks import task


@task()
def import_batch_task(*, job_id: int, batch_id: int) -> None:
    """Import a confirmed organisation list (see spreadsheets.confirm_import_later)."""
    from .spreadsheets import run_import_job

    run_import_job(job_id=job_id, batch_id=batch_id)
