import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.models import AuditEntry
from madang.core.services import audit_record
from madang.districts.models import Vision

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_outside_a_transaction(gangbuk):
    vision = Vision.objects.get(district=gangbuk)
    with pytest.raises(RuntimeError, match="transaction"):
        audit_record(actor=None, action="update", obj=vision, district=gangbuk)


def test_audit_record_keeps_only_changes(gangbuk):
    from django.db import transaction

    vision = Vision.objects.get(district=gangbuk)
    with transaction.atomic():
        entry = audit_record(
            actor=None,
            action="update",
            obj=vision,
            district=gangbuk,
            before={"text": "a", "same": 1},
            after={"text": "b", "same": 1},
        )
    assert entry.before == {"text": "a"} and entry.after == {"text": "b"}
    assert entry.actor_label == "system"


def test_rollback_takes_the_audit_entry_with_it(gangbuk):
    from django.db import transaction

    vision = Vision.objects.get(district=gangbuk)
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(actor=None, action="update", obj=vision, district=gangbuk)
        raise ValueError
    assert not AuditEntry.objects.exists()


def test_django_admin_changes_are_audited(gangbuk):
    admin_user = user_with_role(Role.CITY_ADMIN, city=gangbuk.city, is_staff=True, is_superuser=True)
    vision = Vision.objects.get(district=gangbuk)
    model_admin = site._registry[Vision]
    request = RequestFactory().post("/admin/")
    request.user = admin_user
    before_text = vision.text
    vision.text = "관리 사이트에서 고침"
    model_admin.save_model(request, vision, form=None, change=True)
    entry = AuditEntry.objects.get()
    assert entry.before["text"] == before_text
    assert entry.after["text"] == "관리 사이트에서 고침"
    assert entry.district == gangbuk
    model_admin.delete_model(request, vision)
    assert AuditEntry.objects.filter(action="delete").count() == 1
