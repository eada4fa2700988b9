"""Forum forms: text cleaned by `core.text` (CleanTextFormMixin), Markdown by core.forms.MarkdownField."""

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin, KoreanIntegerField, MarkdownField

from .models import Stance


class _Form(CleanTextFormMixin, forms.Form):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TopicForm(_Form):
    title = forms.CharField(label=_("제목"), max_length=200)
    body = MarkdownField(label=_("본문"), help_text=_("마크다운을 쓸 수 있습니다 (**굵게**, 목록, 링크)."))


class OfflineForm(_Form):
    title = forms.CharField(label=_("포럼 이름"), max_length=200, help_text=_("예: 제3회 마포지역포럼"))
    held_on = forms.DateField(label=_("개최일"), widget=DateInput())
    place = forms.CharField(label=_("장소"), max_length=200, required=False)
    attendance = KoreanIntegerField(label=_("참석 인원"), min_value=0, max_value=1_000_000, required=False)
    body = MarkdownField(label=_("요약"), help_text=_("논의한 내용과 결과를 적어 주세요."))


class CommentForm(_Form):
    body = MarkdownField(label=_("댓글"))
    stance = forms.ChoiceField(
        label=_("입장"), choices=Stance.choices, required=False, widget=forms.RadioSelect, initial=""
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**62)


class CommentEditForm(_Form):
    body = MarkdownField(label=_("댓글"))
    stance = forms.ChoiceField(
        label=_("입장"), choices=Stance.choices, required=False, widget=forms.RadioSelect
    )


class CloseForm(_Form):
    conclusion = MarkdownField(label=_("결론"), help_text=_("토론에서 모인 의견과 결론을 적어 주세요."))


class DecideForm(_Form):
    reason = forms.CharField(label=_("반려 사유"), max_length=500, required=False)


class BoardForm(_Form):
    title = forms.CharField(label=_("게시판 이름"), max_length=200)
    slug = forms.SlugField(
        label=_("주소 이름"),
        max_length=80,
        help_text=_("주소에 쓰는 영문 소문자·숫자·하이픈 (예: forum-2026)"),
    )
    description = forms.CharField(label=_("소개"), max_length=10000, required=False, widget=forms.Textarea)
    committee = forms.ModelChoiceField(label=_("의제별 네트워크·분과"), queryset=None, required=False)
    starts_on = forms.DateField(label=_("시작일"), widget=DateInput())
    ends_on = forms.DateField(label=_("종료일"), widget=DateInput())
    is_default = forms.BooleanField(
        label=_("기본 공론장"),
        required=False,
        help_text=_("시민제안이 공론장으로 넘어올 때 여기에 주제를 엽니다."),
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        from madang.processes.models import Process

        committee = Process._meta.get_field("committee").related_model  # network's, by string
        self.fields["committee"].queryset = committee.objects.in_district(district).order_by("name")


class TopicFilterForm(_Form):
    state = forms.ChoiceField(
        label=_("상태"),
        required=False,
        choices=[
            ("", _("전체")),
            ("open", _("진행 중")),
            ("closed", _("종료")),
            ("offline", _("오프라인 포럼")),
        ],
    )
    sort = forms.ChoiceField(
        label=_("정렬"), required=False, choices=[("new", _("최신순")), ("active", _("활동순"))]
    )
