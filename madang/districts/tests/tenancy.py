"""District pages with an object id, for the tenancy walk (core/tests/test_tenancy.py)."""

from madang.accounts.models import Role
from madang.accounts.tests.factories import RoleAssignmentFactory
from madang.core.testing import tenancy_exempt, tenancy_list, tenancy_url

tenancy_exempt(
    "districts:vision_edit", "the parameter is a city-wide Program's slug, not a district's object"
)


@tenancy_url("districts:role_revoke")
def role_assignment(district):
    return {"pk": RoleAssignmentFactory(district=district, role=Role.RESIDENT).pk}


tenancy_exempt("districts:detail", "the district's own page")


@tenancy_list("districts:roles")
def listed_role(district):
    from madang.accounts.tests.factories import UserFactory

    RoleAssignmentFactory(
        district=district, role=Role.RESIDENT, user=UserFactory(display_name=f"{district.slug}표지주민")
    )
    return f"{district.slug}표지주민", {}


@tenancy_list("districts:audit_log")
def listed_audit_entry(district):
    from django.db import transaction

    from madang.core.services import audit_record
    from madang.network.tests.factories import OrganisationFactory

    org = OrganisationFactory(district=district, name=f"{district.slug}표지감사단체")
    with transaction.atomic():
        audit_record(actor=None, action="update", obj=org, district=district)
    return f"{district.slug}표지감사단체", {}


def _reported_post(district, title="시험 글"):
    from django.contrib.contenttypes.models import ContentType

    from madang.accounts.tests.factories import UserFactory
    from madang.core.moderation import report_content
    from madang.core.tests.social_app.models import Post

    post = Post.objects.create(district=district, title=title, author=UserFactory())
    report_content(actor=UserFactory(), obj=post, reason="spam")
    return {"ct_id": ContentType.objects.get_for_model(Post).pk, "pk": post.pk}


@tenancy_url("districts:follow", "districts:report", "districts:moderation_decide")
def reported_post(district):
    return _reported_post(district)


@tenancy_list("districts:moderation")
def listed_reported_post(district):
    _reported_post(district, title=f"{district.slug}표지신고글")
    return f"{district.slug}표지신고글", {}
