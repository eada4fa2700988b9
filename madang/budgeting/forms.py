from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin, KoreanIntegerField, MarkdownField, UploadField
from madang.districts.models import Dong

from .models import MAX_COST, ChannelWeight, Cycle, Heading, Project, Screening

MONEY_HELP = _("원 단위 숫자 (예: 30,000,000)")


class _Form(CleanTextFormMixin, forms.Form):
    """Every budgeting form: text cleaned by `core.text` before it is checked."""


def money_field(label, *, required=True, help_text=MONEY_HELP):
    return KoreanIntegerField(
        label=label, min_value=1, max_value=MAX_COST, required=required, help_text=help_text
    )


class CycleForm(_Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    slug = forms.SlugField(
        label=_("주소 이름"),
        max_length=80,
        help_text=_("주소에 쓰는 영문 소문자·숫자·하이픈 (예: budget-2027)"),
    )
    year = KoreanIntegerField(label=_("연도"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("시작일"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("종료일"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("소개"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    weights_preset = forms.ChoiceField(label=_("경로별 비중"), choices=())
    is_published = forms.BooleanField(label=_("공개"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weights_preset"].choices = list(ChannelWeight.PRESET_LABELS.items())

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("종료일은 시작일보다 빠를 수 없습니다."))
        return data


class CycleSettingsForm(_Form):
    min_age = KoreanIntegerField(
        label=_("참여 최저 나이"), min_value=0, max_value=120, help_text=_("만 나이")
    )
    registry_required = forms.BooleanField(label=_("주민 확인(명부 대조)을 마친 분만 참여"), required=False)
    ballot_kind = forms.ChoiceField(label=_("투표 방식"), choices=Cycle.BallotKind.choices)
    approval_max_picks = KoreanIntegerField(label=_("선택할 수 있는 사업 수"), min_value=1, max_value=100)
    knapsack_min_share = KoreanIntegerField(
        label=_("최소 배분 비율(%)"),
        min_value=0,
        max_value=100,
        help_text=_("예산 배분 투표에서 예산 중 최소한 써야 하는 비율 (0은 제한 없음)"),
    )


class WeightsForm(_Form):
    """One number per channel; they must add up to 100 (checked by the service too)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for channel, label in ChannelWeight.Channel.choices:
            self.fields[channel] = KoreanIntegerField(label=label, min_value=0, max_value=100, required=False)

    def clean(self):
        data = super().clean()
        total = sum(v or 0 for v in data.values())
        if total != 100:
            raise forms.ValidationError(
                _("경로별 비중의 합은 100이어야 합니다 (지금 %(sum)d).") % {"sum": total}
            )
        return data


class HeadingForm(_Form):
    name = forms.CharField(label=_("예산 구분 이름"), max_length=100)
    kind = forms.ChoiceField(label=_("종류"), choices=Heading.Kind.choices)
    dong = forms.ModelChoiceField(
        label=_("행정동"), queryset=Dong.objects.none(), required=False, empty_label=_("해당 없음")
    )
    amount = money_field(_("배정 금액(원)"))
    population = KoreanIntegerField(label=_("인구"), min_value=0, max_value=10_000_000, required=False)
    order = KoreanIntegerField(label=_("순서"), min_value=0, max_value=1000, required=False, initial=0)

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dong"].queryset = Dong.objects.in_district(district).order_by("name")

    def clean_order(self):
        return self.cleaned_data.get("order") or 0


class ProjectForm(_Form):
    heading = forms.ModelChoiceField(label=_("예산 구분"), queryset=Heading.objects.none(), empty_label=None)
    title = forms.CharField(label=_("사업명"), max_length=200)
    description = MarkdownField(
        label=_("사업 내용"),
        max_length=20000,
        help_text=_("필요한 까닭, 하려는 일, 기대 효과를 적어 주세요. 마크다운을 쓸 수 있습니다."),
    )
    dong = forms.ModelChoiceField(
        label=_("행정동"), queryset=Dong.objects.none(), required=False, empty_label=_("자치구 전체")
    )
    location = forms.CharField(label=_("사업 위치"), max_length=200, required=False)
    cost = money_field(_("사업비(원)"))

    def __init__(self, *args, cycle, on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heading"].queryset = Heading.objects.filter(cycle=cycle).order_by("order", "id")
        self.fields["dong"].queryset = Dong.objects.in_district(cycle.district_id).order_by("name")
        if on_behalf:
            self.fields["on_behalf_name"] = forms.CharField(label=_("제안자 이름"), max_length=100)


class ScreeningForm(_Form):
    department = forms.ModelChoiceField(label=_("심사 부서"), queryset=None, empty_label=None)
    decision = forms.ChoiceField(
        label=_("결정"), choices=Screening.Decision.choices, widget=forms.RadioSelect
    )
    reasons = forms.CharField(
        label=_("사유"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("부적격이면 꼭 적어 주세요. 제안자에게 그대로 보입니다."),
    )
    revised_cost = money_field(
        _("조정 사업비(원)"),
        required=False,
        help_text=_("부서가 산정한 사업비가 제안 금액과 다를 때만 적습니다."),
    )

    def __init__(self, *args, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class AttachmentForm(_Form):
    file = UploadField(label=_("사진 또는 PDF"), kinds=("image", "pdf"))
    caption = forms.CharField(label=_("설명"), max_length=200, required=False)


class ReviewForm(_Form):
    """One 1–5 choice per published criterion."""

    SCORES = [(str(n), str(n)) for n in range(1, 6)]

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (가중치 %(w)d)") % {"name": criterion.name, "w": criterion.weight},
                choices=self.SCORES,
                coerce=int,
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class ProgressForm(_Form):
    text = forms.CharField(label=_("진행 상황"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    percent = KoreanIntegerField(label=_("집행률(%)"), min_value=0, max_value=100)


class StatusForm(_Form):
    status = forms.ChoiceField(label=_("바꿀 상태"), choices=Project.Status.choices)
    note = forms.CharField(label=_("메모"), max_length=500, required=False)


class CommitteeForm(_Form):
    email = forms.EmailField(label=_("위원 계정 전자우편"))


class ProjectFilterForm(_Form):
    q = forms.CharField(label=_("검색어"), required=False, max_length=100)
    heading = forms.TypedChoiceField(label=_("예산 구분"), required=False, coerce=int, empty_value=None)
    dong = forms.TypedChoiceField(label=_("행정동"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("상태"), required=False)
    order = forms.ChoiceField(
        label=_("정렬"),
        required=False,
        choices=[("new", _("최근 접수순")), ("cost", _("사업비 적은순")), ("score", _("심사 점수순"))],
    )

    def __init__(self, *args, cycle, headings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heading"].choices = [("", _("전체"))] + [(h.pk, h.name) for h in headings]
        dongs = Dong.objects.in_district(cycle.district_id).order_by("name").values_list("pk", "name")
        self.fields["dong"].choices = [("", _("전체")), *dongs]
        self.fields["status"].choices = [("", _("전체")), *Project.Status.choices]
