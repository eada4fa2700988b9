import pytest
from django.urls import reverse


@pytest.fixture
def ask_reset(client, django_capture_on_commit_callbacks):
    """POST the password-reset form and run what waits for the commit (the queued e-mail)."""

    def post(data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:password_reset"), data, **extra)

    return post
