"""Moderation services write their audit row in the transaction of their change (core.testing).

Follows and notification preferences are personal settings (like the profile) and are not audited."""

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core import moderation
from madang.core.testing import audit_cases_test
from madang.core.tests.social_app.models import Post


def report_content(d):
    post, reporter = Post.objects.create(district=d, title="신고할 글"), UserFactory()
    return lambda: moderation.report_content(actor=reporter, obj=post, reason="spam")


def report_that_hides(d):
    post, reporter = Post.objects.create(district=d, title="신고가 쌓인 글", report_count=2), UserFactory()
    return lambda: moderation.report_content(actor=reporter, obj=post, reason="abuse")


def moderation_restore(d):
    post = Post.objects.create(district=d, title="가려진 글", moderation="hidden", report_count=3)
    operator = user_with_role(Role.OPERATOR, d)
    return lambda: moderation.moderation_restore(actor=operator, obj=Post.objects.get(pk=post.pk))


def moderation_confirm(d):
    post = Post.objects.create(district=d, title="가려진 글", moderation="hidden", report_count=3)
    operator = user_with_role(Role.OPERATOR, d)
    return lambda: moderation.moderation_confirm(actor=operator, obj=Post.objects.get(pk=post.pk))


CASES = {
    "report_content": (report_content, "report", "socialtest.post"),
    "report_content_hides": (report_that_hides, "hide", "socialtest.post"),
    "moderation_restore": (moderation_restore, "restore", "socialtest.post"),
    "moderation_confirm": (moderation_confirm, "confirm", "socialtest.post"),
}

test_service_audits_in_the_transaction_of_its_change = audit_cases_test(CASES)
