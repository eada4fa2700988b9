import pytest
from django.core.management import CommandError, call_command

from madang.accounts.models import RoleAssignment, User
from madang.districts.models import District, Dong

pytestmark = pytest.mark.django_db


def test_import_dongs_command(tmp_path, seoul, capsys):
    path = tmp_path / "dongs.csv"
    path.write_text("code,name,district_code\n1130553500,삼양동,11305\n", encoding="utf-8")
    call_command("import_dongs", str(path))
    assert "새로 1개" in capsys.readouterr().out
    assert Dong.objects.count() == 1


def test_import_dongs_command_bad_file_reports_rows_and_imports_nothing(tmp_path, seoul, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        "code,name,district_code\n1130553500,삼양동,11305\n1199900000,없는동,99999\n", encoding="utf-8"
    )
    with pytest.raises(CommandError, match="잘못된 행 1개"):
        call_command("import_dongs", str(path))
    assert "3행: 알 수 없는 자치구 코드 '99999'" in capsys.readouterr().err
    assert not Dong.objects.exists()


def test_load_demo_is_idempotent(db, capsys):
    call_command("load_demo")
    first = capsys.readouterr().out
    counts = (
        District.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        Dong.objects.count(),
    )
    call_command("load_demo")
    assert counts == (
        District.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        Dong.objects.count(),
    )
    assert counts[0] == 25
    demo_accounts = RoleAssignment.objects.filter(user__email__contains=".demo.madang.kr")
    assert (
        demo_accounts.filter(
            user__email__regex=r"^(resident|org-member|operator|official|district-admin|city-admin)@"
        ).count()
        == 11
    )
    assert "operator@gangbuk.demo.madang.kr" in first
    assert "city-admin@seoul.demo.madang.kr" in first
    assert User.objects.get(email="operator@mapo.demo.madang.kr").check_password("madang-demo-2026")
