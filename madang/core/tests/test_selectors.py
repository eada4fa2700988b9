import pytest
from django.urls import reverse

from madang.accounts.tests.factories import UserFactory
from madang.core.selectors import notifications_unread_count
from madang.core.services import notifications_mark_read, notify

pytestmark = pytest.mark.django_db


def test_unread_count_is_cached_and_refreshed_when_notifications_change(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    user = UserFactory()
    assert notifications_unread_count(user) == 0
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=user, message="하나")
        notify(user=user, message="둘")
        notify(user=UserFactory(), message="남의 것")
    with django_assert_num_queries(1):
        assert notifications_unread_count(user) == 2
    with django_assert_num_queries(0):
        assert notifications_unread_count(user) == 2
    with django_capture_on_commit_callbacks(execute=True):
        notifications_mark_read(actor=user, user=user)
    assert notifications_unread_count(user) == 0


def test_anonymous_has_no_unread_count(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert notifications_unread_count(AnonymousUser()) == 0
        assert notifications_unread_count(None) == 0


def test_header_shows_the_unread_count_to_the_person_only(client, seoul, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            notify(user=user, message=f"알림 {number}")
    client.force_login(user)
    html = client.get(reverse("districts:city")).content.decode()
    assert '<span class="md-count" aria-hidden="true">3</span>' in html
    assert "읽지 않은 알림 3개" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:notifications"))
    html = client.get(reverse("districts:city")).content.decode()
    assert "md-count" not in html
    client.force_login(UserFactory())
    assert "md-count" not in client.get(reverse("districts:city")).content.decode()


def test_header_count_costs_at_most_one_query_per_page(client, seoul, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    client.get(reverse("districts:city"))
    with django_assert_max_num_queries(20) as warm:
        client.get(reverse("districts:city"))
    from madang.core.selectors import notifications_forget_unread

    notifications_forget_unread(user.pk)  # not cached: one COUNT more, no more
    with django_assert_max_num_queries(len(warm.captured_queries) + 1):
        client.get(reverse("districts:city"))


def test_header_shows_99_plus(client, seoul, django_capture_on_commit_callbacks):
    from madang.core.models import Notification

    user = UserFactory()
    Notification.objects.bulk_create([Notification(user=user, message="x") for _ in range(120)])
    client.force_login(user)
    html = client.get(reverse("districts:city")).content.decode()
    assert '<span class="md-count" aria-hidden="true">99+</span>' in html
    assert "읽지 않은 알림 120개" in html
