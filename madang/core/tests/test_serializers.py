import pytest
from rest_framework import serializers

from madang.core.serializers import CleanInputSerializerMixin, KoreanIntegerField
from madang.network.models import Organisation


class SampleSerializer(CleanInputSerializerMixin, serializers.Serializer):
    name = serializers.CharField(max_length=6)
    note = serializers.CharField(required=False, allow_blank=True, style={"multiline": True})
    count = KoreanIntegerField(required=False, min_value=1)


class OrgSerializer(CleanInputSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["name", "description", "member_count", "website"]


def test_text_is_cleaned_before_its_checks():
    data = SampleSerializer(data={"name": "강북\u200d지역포럼\u200b", "note": "<i>첫</i>\n둘째"})
    assert data.is_valid(), data.errors
    assert data.validated_data == {"name": "강북지역포럼", "note": "첫\n둘째"}


def test_only_invisible_characters_is_blank():
    data = SampleSerializer(data={"name": "\u200b\u202e"})
    assert not data.is_valid()
    assert data.errors["name"][0].code == "blank"


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("1,000", True),
        (5, True),
        ("１２３", False),
        ("9223372036854775808", False),
        ("0", False),
        (True, False),
    ],
)
def test_korean_integer_field(value, ok):
    data = SampleSerializer(data={"name": "모임", "count": value})
    assert data.is_valid() is ok


def test_model_serializer_maps_integers_and_cleans_by_model_field():
    data = OrgSerializer(
        data={
            "name": " 강북  지역포럼\u200b",
            "description": "&lt;script&gt;alert(1)&lt;/script&gt;줄 하나\n줄 둘",
            "member_count": "１２",
            "website": "https://example.org/\u202eexe",
        }
    )
    assert not data.is_valid()
    assert "전각 숫자" in str(data.errors["member_count"][0])
    data = OrgSerializer(
        data={
            "name": " 강북  지역포럼\u200b",
            "description": "&lt;script&gt;alert(1)&lt;/script&gt;줄 하나\n줄 둘",
            "member_count": "1,200",
            "website": "https://example.org/\u202eexe",
        }
    )
    assert data.is_valid(), data.errors
    assert data.validated_data == {
        "name": "강북 지역포럼",
        "description": "줄 하나\n줄 둘",
        "member_count": 1200,
        "website": "https://example.org/exe",
    }
