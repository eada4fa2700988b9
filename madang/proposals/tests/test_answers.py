"""Department answers, uploads, moderation and follows (the kernel pieces proposals use)."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from madang.accounts.models import Role
from madang.accounts.tests.factories import user_with_role
from madang.core.exceptions import DomainError
from madang.core.models import Notification
from madang.districts.tests.factories import DepartmentFactory, department_member
from madang.proposals import services
from madang.proposals.models import Assignment, Attachment, Proposal, Tier

from .factories import ProposalFactory, operator, proposals_process, resident

pytestmark = pytest.mark.django_db


def _crossed(gangbuk, department=None):
    process = proposals_process(gangbuk, tiers=((2, 30, Tier.Action.DEPARTMENT),))
    if department is not None:
        Tier.objects.filter(process=process).update(default_department=department)
    p = ProposalFactory(process=process, district=gangbuk, author=resident(gangbuk))
    for _ in range(2):
        services.support_add(actor=resident(gangbuk), district=gangbuk, proposal=p)
    return p, Assignment.objects.get(proposal=p)


def test_operator_assigns_then_only_that_departments_official_answers(gangbuk):
    p, assignment = _crossed(gangbuk)
    assert assignment.department is None and assignment.due_at is None
    roads, welfare = (
        DepartmentFactory(district=gangbuk, name="도로과"),
        DepartmentFactory(district=gangbuk, name="복지과"),
    )
    services.assignment_assign(
        actor=operator(gangbuk), district=gangbuk, assignment=assignment, department=roads
    )
    assignment.refresh_from_db()
    assert assignment.department == roads
    assert assignment.due_at - assignment.assigned_at == datetime.timedelta(days=14)
    outsider = department_member(welfare)
    with pytest.raises(DomainError) as error:
        services.assignment_answer(
            actor=outsider, district=gangbuk, assignment=assignment, answer="accepted", reason="네"
        )
    assert error.value.code == "forbidden" and "배정된 부서" in error.value.message
    member = department_member(roads)
    services.assignment_answer(
        actor=member, district=gangbuk, assignment=assignment, answer="partial", reason="일부만"
    )
    assignment.refresh_from_db()
    assert assignment.answer == "partial" and assignment.answered_by == member and assignment.answered_on_time
    with pytest.raises(DomainError) as error:
        services.assignment_answer(
            actor=member, district=gangbuk, assignment=assignment, answer="declined", reason="x"
        )
    assert error.value.code == "conflict"
    assert Notification.objects.filter(user=p.author, message__contains="답변").exists()


def test_a_default_department_is_assigned_when_the_tier_is_crossed(gangbuk):
    roads = DepartmentFactory(district=gangbuk, name="도로과")
    _p, assignment = _crossed(gangbuk, roads)
    assert assignment.department == roads and assignment.due_at is not None


def test_answer_page_403_for_other_officials_in_korean(client, gangbuk):
    roads, welfare = (
        DepartmentFactory(district=gangbuk, name="도로과"),
        DepartmentFactory(district=gangbuk, name="복지과"),
    )
    _p, assignment = _crossed(gangbuk, roads)
    url = reverse("proposals:answer", kwargs={"district": gangbuk.slug, "pk": assignment.pk})
    client.force_login(department_member(welfare))
    assert client.get(url).status_code == 403
    member = department_member(roads)
    client.force_login(member)
    assert client.get(url).status_code == 200
    inbox = client.get(reverse("proposals:inbox", kwargs={"district": gangbuk.slug})).content.decode()
    assert assignment.proposal.title in inbox


def test_overdue_answers_are_flagged_to_operators_once(gangbuk):
    from django.core.management import call_command

    roads = DepartmentFactory(district=gangbuk, name="도로과")
    _p, assignment = _crossed(gangbuk, roads)
    op = operator(gangbuk)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - datetime.timedelta(days=3))
    call_command("expire_proposals")
    call_command("expire_proposals")
    assert Notification.objects.filter(user=op, message__contains="답변 기한이 지난").count() == 1


def test_metrics(gangbuk):
    from madang.core.registry import metric_value

    roads = DepartmentFactory(district=gangbuk, name="도로과")
    _p, assignment = _crossed(gangbuk, roads)
    services.assignment_answer(
        actor=department_member(roads),
        district=gangbuk,
        assignment=assignment,
        answer="accepted",
        reason="네",
    )
    today = timezone.localdate()
    assert metric_value("proposals.made", gangbuk, today, today) == 1
    assert metric_value("proposals.supports", gangbuk, today, today) == 2
    assert metric_value("proposals.answered", gangbuk, today, today) == 1
    assert metric_value("proposals.answered_on_time", gangbuk, today, today) == 1


# --- uploads ---------------------------------------------------------------------------------------


def _png(size=(8, 8)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format="PNG")
    return buffer.getvalue()


def test_images_and_pdfs_attach(gangbuk, process, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    files = [
        SimpleUploadedFile("사진.png", _png(), content_type="image/png"),
        SimpleUploadedFile(
            "계획.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", content_type="application/pdf"
        ),
    ]
    p = services.proposal_create(
        actor=resident(gangbuk),
        district=gangbuk,
        process=process,
        title="사진 제안",
        body="본문",
        files=files,
    )
    kinds = sorted(p.attachments.values_list("kind", flat=True))
    assert kinds == ["pdf", "png"] or kinds == ["image", "pdf"]
    assert all(default_storage.exists(a.file.name) for a in p.attachments.all())


@pytest.mark.parametrize(
    "upload",
    [
        lambda: SimpleUploadedFile("가짜.png", b"MZ\x90\x00 not an image", content_type="image/png"),
        lambda: SimpleUploadedFile(
            "큰.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), content_type="application/pdf"
        ),
        lambda: SimpleUploadedFile("사진.pdf", _png(), content_type="application/pdf"),
    ],
)
def test_bad_uploads_are_refused_and_leave_nothing(gangbuk, process, settings, tmp_path, upload):
    settings.MEDIA_ROOT = tmp_path
    good = SimpleUploadedFile("좋은.png", _png(), content_type="image/png")
    with pytest.raises(DomainError) as error:
        services.proposal_create(
            actor=resident(gangbuk),
            district=gangbuk,
            process=process,
            title="t",
            body="b",
            files=[good, upload()],
        )
    assert error.value.code == "invalid_file"
    assert not Proposal.objects.exists() and not Attachment.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_a_failure_after_saving_files_removes_them(gangbuk, process, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path

    def boom(**kwargs):
        raise RuntimeError("search index down")

    monkeypatch.setattr(services, "index_proposal", lambda p: boom())
    with pytest.raises(RuntimeError):
        services.proposal_create(
            actor=resident(gangbuk),
            district=gangbuk,
            process=process,
            title="t",
            body="b",
            files=[SimpleUploadedFile("좋은.png", _png(), content_type="image/png")],
        )
    assert not Proposal.objects.exists() and not any(tmp_path.rglob("*.png"))


def test_too_many_files(gangbuk, process):
    files = [SimpleUploadedFile(f"{i}.png", _png(), content_type="image/png") for i in range(6)]
    with pytest.raises(DomainError) as error:
        services.proposal_create(
            actor=resident(gangbuk), district=gangbuk, process=process, title="t", body="b", files=files
        )
    assert error.value.code == "too_many_files"


# --- moderation, suspension, follows -------------------------------------------------------------


def test_reported_proposals_leave_the_index(client, gangbuk, proposal, settings):
    from madang.core.moderation import report_content

    settings.MADANG_PAGE_CACHE = False
    for _ in range(3):
        report_content(actor=resident(gangbuk), obj=proposal, reason="spam")
    proposal.refresh_from_db()
    assert proposal.is_hidden
    body = client.get(reverse("proposals:index", kwargs={"district": gangbuk.slug})).content.decode()
    assert proposal.title not in body


def test_suspended_residents_cannot_propose(gangbuk, process):
    from madang.accounts.services import user_suspend

    user = resident(gangbuk)
    user_suspend(actor=operator(gangbuk), user=user, district=gangbuk, reason="도배")
    with pytest.raises(DomainError) as error:
        services.proposal_create(actor=user, district=gangbuk, process=process, title="t", body="b")
    assert error.value.code == "forbidden"


def test_followers_hear_of_tiers_answers_and_stages(gangbuk):
    from madang.core.follows import follow

    process = proposals_process(gangbuk, tiers=((1, 30, Tier.Action.MAYOR),))
    p = ProposalFactory(process=process, district=gangbuk, author=resident(gangbuk))
    fan = resident(gangbuk)
    from django.db import transaction

    with transaction.atomic():
        follow(actor=fan, obj=p, district=gangbuk)
    services.support_add(actor=resident(gangbuk), district=gangbuk, proposal=p)
    admin = user_with_role(Role.DISTRICT_ADMIN, gangbuk)
    services.assignment_answer(
        actor=admin,
        district=gangbuk,
        assignment=Assignment.objects.get(proposal=p),
        answer="accepted",
        reason="네",
    )
    services.proposal_stage_change(
        actor=operator(gangbuk), district=gangbuk, proposal=p, target="deliberation", reason="숙의"
    )
    messages = list(Notification.objects.filter(user=fan).values_list("message", flat=True))
    assert any("공감 1명" in m for m in messages)
    assert any("답변" in m for m in messages)
    assert any("숙의" in m for m in messages)
    assert Notification.objects.filter(user=p.author).count() >= 3
