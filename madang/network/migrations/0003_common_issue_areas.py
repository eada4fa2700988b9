"""The common 의제 every district starts with; operators add their own."""

from django.db import migrations

COMMON = ["돌봄", "복지", "환경", "청년", "교육", "문화예술", "주거", "경제", "안전", "인권", "도시농업", "마을공동체",
          "성평등", "노동", "건강", "먹거리", "기후위기", "이주민", "장애", "노인", "아동·청소년"]


def add(apps, schema_editor):
    IssueArea = apps.get_model("network", "IssueArea")
    for order, name in enumerate(COMMON):
        IssueArea.objects.get_or_create(district=None, name=name, defaults={"order": order})


def remove(apps, schema_editor):
    apps.get_model("network", "IssueArea").objects.filter(district=None, name__in=COMMON).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0002_search_index")]

    operations = [migrations.RunPython(add, remove)]
