from django import forms
from django.utils.translation import gettext_lazy as _

from madang.districts.models import Dong

from .features import feature_choices
from .models import Phase, Process

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class ProcessForm(forms.Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    slug = forms.SlugField(
        label=_("주소 이름"),
        max_length=80,
        help_text=_("주소에 쓰는 영문 소문자·숫자·하이픈 (예: budget-2026)"),
    )
    kind = forms.ChoiceField(label=_("종류"), choices=Process.Kind.choices)
    description = forms.CharField(
        label=_("소개"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 6})
    )
    starts_on = forms.DateField(label=_("시작일"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("종료일"), widget=forms.DateInput(attrs={"type": "date"}))
    dong = forms.ModelChoiceField(
        label=_("행정동"), queryset=Dong.objects.none(), required=False, empty_label=_("자치구 전체")
    )
    committee = forms.ModelChoiceField(
        label=_("의제별 네트워크·분과"), queryset=Dong.objects.none(), required=False, empty_label=_("없음")
    )
    is_published = forms.BooleanField(label=_("공개"), required=False)

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dong"].queryset = Dong.objects.filter(district=district).order_by("name")
        # the committee model through the relation: processes does not import network
        committee_model = Process._meta.get_field("committee").related_model
        self.fields["committee"].queryset = committee_model.objects.filter(district=district).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("종료일은 시작일보다 빠를 수 없습니다."))
        return data


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("단계 이름"), max_length=100)
    description = forms.CharField(
        label=_("설명"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    starts_at = forms.DateTimeField(
        label=_("시작 일시"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("종료 일시"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    features = forms.MultipleChoiceField(
        label=_("열리는 활동"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    order = forms.IntegerField(label=_("순서"), required=False, min_value=0, max_value=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["features"].choices = feature_choices()

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("종료 일시는 시작 일시보다 늦어야 합니다."))
        return data


def phase_initial(phase: Phase) -> dict:
    return {
        "name": phase.name,
        "description": phase.description,
        "starts_at": phase.starts_at,
        "ends_at": phase.ends_at,
        "features": list(phase.features or ()),
        "order": phase.order,
    }
