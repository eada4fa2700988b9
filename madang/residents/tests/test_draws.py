"""Applications and draws: apply, number, run, publish, immutability, re-run and tampering."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from madang.accounts.models import Role
from madang.accounts.tests.factories import UserFactory, user_with_role
from madang.core.exceptions import DomainError
from madang.core.models import AuditEntry
from madang.districts.tests.factories import DongFactory
from madang.residents import selectors, services, sortition
from madang.residents.models import Applicant, Draw

from .factories import VerificationFactory, budget_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(gangbuk):
    return user_with_role(Role.OPERATOR, gangbuk)


@pytest.fixture
def process(gangbuk):
    return budget_process(gangbuk)


def verified(process, *, birth=datetime.date(1980, 1, 1), dong=None):
    return VerificationFactory(
        process=process, birth_date=birth, dong=dong or DongFactory(district=process.district)
    ).user


def fill(process, count):
    dongs = [DongFactory(district=process.district) for _i in range(4)]
    births = [datetime.date(1995, 1, 1), datetime.date(1975, 1, 1), datetime.date(1950, 1, 1)]
    for i in range(count):
        user = verified(process, birth=births[i % 3], dong=dongs[i % 4])
        services.applicant_apply(actor=user, process=process, sex="FM"[i % 2], vulnerable=i % 5 == 0)


SEED = "c0ffee" * 10 + "abcd"


def test_apply_takes_dong_and_age_band_from_the_verification(process):
    user = verified(process, birth=datetime.date(1960, 3, 1))
    applicant = services.applicant_apply(actor=user, process=process, sex="F", vulnerable=True)
    assert applicant.public_number == 1 and applicant.age_band == "senior"
    assert applicant.dong == selectors.verification_get(user=user, process=process).dong
    second = services.applicant_apply(actor=verified(process), process=process, sex="M", vulnerable=False)
    assert second.public_number == 2
    with pytest.raises(DomainError) as error:
        services.applicant_apply(actor=user, process=process, sex="F", vulnerable=False)
    assert error.value.code == "duplicate_application"
    assert AuditEntry.objects.filter(action="apply", object_type="residents.applicant").count() == 2


def test_only_verified_residents_apply(process):
    with pytest.raises(DomainError) as error:
        services.applicant_apply(actor=UserFactory(), process=process, sex="F", vulnerable=False)
    assert error.value.code == "forbidden"


def test_run_publish_and_the_published_draw_is_immutable(
    process, operator, django_capture_on_commit_callbacks
):
    fill(process, 24)
    draw = services.draw_create(
        actor=operator,
        process=process,
        title="2026 주민참여예산위원",
        n=8,
        seed=SEED,
        quotas={
            "max_per_dong": 3,
            "sex_balance": True,
            "age_bands_equal": True,
            "vulnerable_min_percent": 15,
        },
    )
    services.draw_update(actor=operator, draw=draw, data={"n": 9})
    services.draw_run(actor=operator, draw=draw)
    draw.refresh_from_db()
    assert draw.status == "drawn" and len(draw.result) == 9 and len(draw.pool) == 24 and draw.unmet == []
    pool = {row["number"]: row for row in draw.pool}
    chosen = [sortition.candidates_from([pool[n]])[0] for n in draw.result]
    assert sortition.check(chosen, 9, sortition.Quotas.from_dict(draw.quotas)) == []
    # the pool names nobody
    assert set(draw.pool[0]) == {"number", "sex", "age_band", "dong", "vulnerable"}
    # applications close once drawn
    with pytest.raises(DomainError) as error:
        services.applicant_apply(actor=verified(process), process=process, sex="F", vulnerable=False)
    assert error.value.code == "applications_closed"
    with pytest.raises(DomainError) as error:
        services.draw_run(actor=operator, draw=draw)
    assert error.value.code == "conflict"
    with django_capture_on_commit_callbacks(execute=True):
        services.draw_publish(actor=operator, draw=draw)
    assert Draw.objects.get(pk=draw.pk).status == "published"
    from django.core import mail

    from madang.core.models import Notification

    chosen_users = set(
        Applicant.objects.filter(public_number__in=draw.result).values_list("user_id", flat=True)
    )
    assert set(Notification.objects.values_list("user_id", flat=True)) == chosen_users
    assert len(mail.outbox) == 9
    for attempt in (
        lambda: services.draw_update(actor=operator, draw=draw, data={"seed": "f" * 64}),
        lambda: services.draw_run(actor=operator, draw=draw),
        lambda: services.draw_publish(actor=operator, draw=draw),
        lambda: services.draw_delete(actor=operator, draw=draw),
    ):
        with pytest.raises(DomainError) as error:
            attempt()
        assert error.value.code == "conflict"
    stored = Draw.objects.get(pk=draw.pk)
    assert stored.seed == SEED and stored.status == "published"
    assert {"create", "update", "transition", "publish"} <= set(
        AuditEntry.objects.filter(object_type="residents.draw").values_list("action", flat=True)
    )


def test_recheck_and_the_command(process, operator, capsys):
    fill(process, 12)
    draw = services.draw_create(
        actor=operator, process=process, title="추첨", n=4, seed=SEED, quotas={"sex_balance": True}
    )
    services.draw_run(actor=operator, draw=draw)
    services.draw_publish(actor=operator, draw=draw)
    same = selectors.draw_recheck(draw)
    assert same.matches and same.selected == draw.result and same.differs == []
    other = selectors.draw_recheck(draw, seed="0" * 64)
    assert other.differs == ["시드"]
    assert (
        not other.matches or other.selected == draw.result
    )  # another seed: another list (or by chance the same)
    bad = selectors.draw_recheck(draw, n=99)
    assert not bad.matches and "신청자 수" in bad.error
    call_command("sortition_verify", str(draw.pk))
    assert "일치" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("sortition_verify", str(draw.pk), "--quotas", '{"max_per_dong": -1}')


def test_tampered_stored_result_is_found(process, operator):
    fill(process, 10)
    draw = services.draw_create(actor=operator, process=process, title="추첨", n=3, seed=SEED, quotas={})
    services.draw_run(actor=operator, draw=draw)
    Draw.objects.filter(pk=draw.pk).update(result=[1, 2, 3] if draw.result != [1, 2, 3] else [4, 5, 6])
    draw.refresh_from_db()
    assert not selectors.draw_recheck(draw).matches
    with pytest.raises(CommandError):
        call_command("sortition_verify", str(draw.pk))


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"seed": "not-hex"}, "invalid_seed"),
        ({"n": 0}, "invalid_n"),
        ({"quotas": {"max_per_dong": -2}}, "invalid_quota"),
        ({"quotas": {"vulnerable_min_percent": 101}}, "invalid_quota"),
        ({"quotas": {"secret_bias": True}}, "invalid_quota"),
    ],
)
def test_draw_create_refuses_tampered_parameters(process, operator, params, code):
    base = {"title": "추첨", "n": 3, "seed": SEED, "quotas": {}} | params
    with pytest.raises(DomainError) as error:
        services.draw_create(actor=operator, process=process, **base)
    assert error.value.code == code
    assert not Draw.objects.exists()


def test_run_refuses_more_than_the_pool(process, operator):
    fill(process, 3)
    draw = services.draw_create(actor=operator, process=process, title="추첨", n=5, seed=SEED, quotas={})
    with pytest.raises(DomainError) as error:
        services.draw_run(actor=operator, draw=draw)
    assert error.value.code == "n_exceeds_pool"
    assert Draw.objects.get(pk=draw.pk).status == "draft"


def test_residents_cannot_manage_draws(process, gangbuk):
    with pytest.raises(DomainError) as error:
        services.draw_create(
            actor=user_with_role(Role.RESIDENT, gangbuk),
            process=process,
            title="추첨",
            n=1,
            seed=SEED,
            quotas={},
        )
    assert error.value.code == "forbidden"


def test_withdraw_before_the_draw_only(process, operator):
    user = verified(process)
    applicant = services.applicant_apply(actor=user, process=process, sex="F", vulnerable=False)
    with pytest.raises(DomainError):
        services.applicant_withdraw(actor=UserFactory(), applicant=applicant)
    services.applicant_withdraw(actor=user, applicant=applicant)
    assert not Applicant.objects.exists()
