"""Background tasks of the core (django-tasks). Run by `make worker` (manage.py db_worker) in
production; the ImmediateBackend runs them in-process in development and tests."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email_task(*, subject: str, body: str, recipients: list[str], from_email: str = "") -> int:
    """Send one plain-text e-mail; a failure is recorded on the task result (and retried by hand)."""
    return send_mail(subject, body, from_email or settings.DEFAULT_FROM_EMAIL, recipients)


@task()
def send_digests_task() -> int:
    """The daily digest e-mails (`core.follows.digest_send`); scheduled like `manage.py send_digests`."""
    from .follows import digest_send

    return digest_send()
