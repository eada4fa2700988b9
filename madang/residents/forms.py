"""Forms of the residents pages: thin, text cleaned by the one path, Korean messages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin, KoreanIntegerField
from madang.districts.models import Dong

from . import sortition
from .models import Sex


class _Form(CleanTextFormMixin, forms.Form):
    pass


def _dong_field(district):
    return forms.ModelChoiceField(
        label=_("행정동"),
        queryset=Dong.objects.in_district(district).order_by("name"),
        empty_label=_("행정동을 고르세요"),
        help_text=_("주민등록상 주소의 행정동"),
    )


class RegistryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("주민 명부 파일 (CSV 또는 XLSX)"),
        help_text=_("첫 행에 이름, 생년월일, 행정동. 최대 10MB, 200,000행."),
    )


class BirthDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d", "%Y.%m.%d", "%Y/%m/%d", "%Y%m%d"]

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("생년월일"))
        kwargs.setdefault("error_messages", {"invalid": _("생년월일을 1980-05-17처럼 적어 주세요.")})
        super().__init__(**kwargs)


class VerifyForm(_Form):
    name = forms.CharField(
        label=_("이름"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    birth_date = BirthDateField()

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dong"] = _dong_field(district)


class InPersonForm(VerifyForm):
    email = forms.EmailField(label=_("확인할 계정의 이메일"), max_length=254)
    note = forms.CharField(
        label=_("확인 메모"),
        max_length=500,
        help_text=_("본 서류를 적어 주세요 (예: 주민등록증 확인, 주민센터 방문)."),
    )
    field_order = ["email", "name", "birth_date", "dong", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"]).lower()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("이 이메일로 가입한 계정이 없습니다."))
        self.cleaned_data["user"] = user
        return email


class RevokeForm(_Form):
    reason = forms.CharField(label=_("취소 사유"), max_length=500)


class ApplyForm(_Form):
    sex = forms.ChoiceField(label=_("성별"), choices=Sex.choices, widget=forms.RadioSelect)
    vulnerable = forms.BooleanField(
        label=_("사회적 약자에 해당합니다"),
        required=False,
        help_text=_(
            "장애인, 기초생활수급자, 한부모가족, 다문화가족, 북한이탈주민 등 (추첨의 할당에만 씁니다)"
        ),
    )


class DrawParamsForm(_Form):
    seed = forms.CharField(
        label=_("시드"),
        max_length=128,
        help_text=_("32~128자리 16진수(0-9, a-f). 추첨 전에 공개하세요."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "class": "md-mono"}),
    )
    n = KoreanIntegerField(label=_("뽑을 인원"), min_value=1, max_value=100_000)
    max_per_dong = KoreanIntegerField(
        label=_("행정동별 최대 인원"),
        required=False,
        min_value=1,
        max_value=100_000,
        help_text=_("비워 두면 제한하지 않습니다."),
    )
    sex_balance = forms.BooleanField(label=_("성비 1:1"), required=False)
    age_bands_equal = forms.BooleanField(
        label=_("연령대 균등 (39세 이하 · 40~59세 · 60세 이상)"), required=False
    )
    vulnerable_min_percent = KoreanIntegerField(
        label=_("사회적 약자 최소 비율 (%)"), required=False, min_value=0, max_value=100
    )

    def clean_seed(self):
        seed = self.cleaned_data["seed"].strip().lower()
        if not sortition.SEED_PATTERN.match(seed):
            raise forms.ValidationError(_("시드는 영문 소문자 a~f와 숫자로 된 32~128자리 16진수여야 합니다."))
        return seed

    def params(self) -> dict:
        data = self.cleaned_data
        return {
            "seed": data["seed"].lower(),
            "n": data["n"],
            "quotas": {
                "max_per_dong": data.get("max_per_dong"),
                "sex_balance": bool(data.get("sex_balance")),
                "age_bands_equal": bool(data.get("age_bands_equal")),
                "vulnerable_min_percent": data.get("vulnerable_min_percent") or 0,
            },
        }


class DrawForm(DrawParamsForm):
    title = forms.CharField(label=_("제목"), max_length=200)
    field_order = [
        "title",
        "n",
        "seed",
        "max_per_dong",
        "sex_balance",
        "age_bands_equal",
        "vulnerable_min_percent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)

    def params(self) -> dict:
        return {"title": self.cleaned_data["title"], **super().params()}


def draw_initial(draw) -> dict:
    quotas = draw.quotas or {}
    return {
        "title": draw.title,
        "seed": draw.seed,
        "n": draw.n,
        "max_per_dong": quotas.get("max_per_dong"),
        "sex_balance": quotas.get("sex_balance", False),
        "age_bands_equal": quotas.get("age_bands_equal", False),
        "vulnerable_min_percent": quotas.get("vulnerable_min_percent", 0),
    }
