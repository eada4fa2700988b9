from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin, KoreanIntegerField, MarkdownField
from madang.districts.models import Department

from .models import BODY_MAX, MAX_ATTACHMENTS, Answer, Route, Stage, Tier
from .selectors import dong_list, issue_area_list


class _Form(CleanTextFormMixin, forms.Form):
    pass


def _body_field(label):
    return MarkdownField(label=label, max_length=BODY_MAX)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to 5 files; their content is checked by the service (core.uploads.validate_upload)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif,application/pdf"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [super(MultipleFileField, self).clean(f, initial) for f in files if f]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(
                _("첨부 파일은 %(n)d개까지 올릴 수 있습니다.") % {"n": MAX_ATTACHMENTS}
            )
        return files


class ProposalFilterForm(_Form):
    q = forms.CharField(label=_("검색어"), required=False, max_length=100)
    stage = forms.ChoiceField(label=_("단계"), required=False)
    issue_area = forms.TypedChoiceField(label=_("의제"), required=False, coerce=int, empty_value=None)
    dong = forms.TypedChoiceField(label=_("행정동"), required=False, coerce=int, empty_value=None)
    tier = forms.TypedChoiceField(label=_("도달한 기준"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(
        label=_("정렬"),
        required=False,
        choices=[("new", _("최신순")), ("supported", _("공감 많은 순")), ("ending", _("마감 임박 순"))],
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        public = [
            (s, label)
            for s, label in Stage.choices
            if s not in (Stage.PROPOSED, Stage.MERGED, Stage.REJECTED)
        ]
        self.fields["stage"].choices = [("", _("전체")), *public]
        self.fields["issue_area"].choices = [("", _("전체"))] + [
            (a.pk, a.display_name) for a in issue_area_list(district=district)
        ]
        self.fields["dong"].choices = [("", _("전체"))] + [
            (d.pk, d.name) for d in dong_list(district=district)
        ]
        self.fields["tier"].choices = [("", _("전체"))] + [
            (n, _("%(n)d단계 이상") % {"n": n}) for n in (1, 2, 3)
        ]


class ProposalForm(_Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    body = forms.CharField()  # replaced in __init__
    issue_area = forms.ModelChoiceField(
        label=_("의제"), required=False, queryset=None, empty_label=_("선택 안 함")
    )
    dong = forms.ModelChoiceField(
        label=_("행정동"), required=False, queryset=None, empty_label=_("선택 안 함")
    )
    files = MultipleFileField(
        label=_("사진·PDF (5개까지, 각 5MB 이하)"),
        required=False,
    )
    on_behalf_name = forms.CharField(
        label=_("제안자 이름 (오프라인 접수 대리 입력)"),
        required=False,
        max_length=50,
        help_text=_("종이로 받은 제안을 운영진이 대신 입력할 때만 적습니다."),
    )

    def __init__(self, *args, district, on_behalf=False, with_files=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"] = _body_field(_("내용 (마크다운)"))
        self.fields["issue_area"].queryset = issue_area_list(district=district)
        self.fields["dong"].queryset = dong_list(district=district)
        if not on_behalf:
            del self.fields["on_behalf_name"]
        if not with_files:
            del self.fields["files"]


class SupporterMessageForm(_Form):
    body = forms.CharField(
        label=_("공감한 분들께 보낼 글"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class StageForm(_Form):
    target = forms.ChoiceField(label=_("새 단계"))
    reason = forms.CharField(label=_("사유"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    adopted = forms.TypedChoiceField(
        label=_("결정"),
        required=False,
        choices=[("", _("해당 없음")), ("yes", _("채택")), ("no", _("불채택"))],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
    )
    route = forms.ChoiceField(
        label=_("제도화 경로"), required=False, choices=[("", _("해당 없음")), *Route.choices]
    )
    url = forms.CharField(label=_("연결 주소 (공론장 글, 협치회의 안건 등)"), required=False, max_length=500)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(s, Stage(s).label) for s in targets if s in Stage.values]


class MergeForm(_Form):
    target = KoreanIntegerField(label=_("남길 제안 번호"), min_value=1)
    reason = forms.CharField(label=_("사유"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(_Form):
    decision = forms.ChoiceField(
        label=_("검토 결과"), choices=[("approve", _("공개")), ("reject", _("반려"))]
    )
    reason = forms.CharField(
        label=_("사유"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class TierForm(_Form):
    threshold = KoreanIntegerField(label=_("공감 수"), min_value=1, max_value=10_000_000)
    window_days = KoreanIntegerField(label=_("기간(일)"), min_value=1, max_value=365)
    action = forms.ChoiceField(label=_("조치"), choices=Tier.Action.choices)
    answer_days = KoreanIntegerField(label=_("답변 기한(일)"), min_value=1, max_value=365, initial=30)
    department = forms.ModelChoiceField(
        label=_("기본 담당 부서"), required=False, queryset=None, empty_label=_("운영진이 정함")
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.in_district(district).order_by("name")


class AssignForm(_Form):
    department = forms.ModelChoiceField(label=_("담당 부서"), queryset=None)

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.in_district(district).order_by("name")


class AnswerForm(_Form):
    answer = forms.ChoiceField(label=_("답변"), choices=Answer.choices, widget=forms.RadioSelect)
    reason = forms.CharField(label=_("사유"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6}))
