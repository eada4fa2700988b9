from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin, KoreanIntegerField
from madang.districts.models import Dong

from .models import HTTP_URL, Arena, Decision, Seat, Session

DATE = {"type": "date"}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class _Form(CleanTextFormMixin, forms.Form):
    """Every arenas form: text cleaned by `core.text` before it is checked."""


class ArenaForm(_Form):
    name = forms.CharField(label=_("이름"), max_length=100)
    kind = forms.ChoiceField(label=_("종류"), choices=Arena.Kind.choices)
    dong = forms.ModelChoiceField(
        label=_("행정동"),
        queryset=Dong.objects.none(),
        required=False,
        help_text=_("동 단위 회의(동계획단, 주민자치회)는 행정동을 정합니다."),
    )
    description = forms.CharField(
        label=_("소개"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    seat_cap = KoreanIntegerField(label=_("정원"), min_value=1, max_value=500, initial=35)
    quorum = KoreanIntegerField(
        label=_("의사정족수"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("비우면 재적 위원의 과반수"),
    )
    is_active = forms.BooleanField(label=_("운영 중"), required=False, initial=True)

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dong"].queryset = Dong.objects.in_district(district).order_by("name")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Arena.Kind.DONG and not cleaned.get("dong"):
            self.add_error("dong", _("동 단위 회의는 행정동을 정해야 합니다."))
        return cleaned


class SeatForm(_Form):
    seat_kind = forms.ChoiceField(label=_("구분"), choices=Seat.Kind.choices)
    role = forms.ChoiceField(label=_("직책"), choices=Seat.Role.choices, initial=Seat.Role.MEMBER)
    name = forms.CharField(
        label=_("이름"), max_length=50, required=False, help_text=_("회원이 아니면 이름만 적습니다.")
    )
    email = forms.EmailField(
        label=_("회원 이메일"),
        required=False,
        help_text=_("이 자치구의 회원이면 이메일로 계정을 연결합니다."),
    )
    affiliation = forms.CharField(label=_("소속 (단체·부서)"), max_length=100, required=False)
    term_start = forms.DateField(label=_("임기 시작"), widget=forms.DateInput(attrs=DATE))
    term_end = forms.DateField(label=_("임기 끝"), required=False, widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district

    def clean(self):
        from madang.accounts.models import RoleAssignment

        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("임기 끝은 임기 시작보다 빠를 수 없습니다."))
        email = cleaned.pop("email", "")
        cleaned["user"] = None
        if email:
            grant = (
                RoleAssignment.objects.filter(
                    district=self.district, user__email__iexact=email, user__is_active=True
                )
                .select_related("user")
                .first()
            )
            if grant is None:
                self.add_error("email", _("이 자치구에서 그 이메일의 회원을 찾을 수 없습니다."))
            else:
                cleaned["user"] = grant.user
        if not cleaned.get("name") and not email:
            self.add_error("name", _("이름을 적거나 회원 이메일을 입력하세요."))
        return cleaned


class SeatEndForm(_Form):
    term_end = forms.DateField(label=_("임기 끝"), widget=forms.DateInput(attrs=DATE))


class SessionForm(_Form):
    number = KoreanIntegerField(
        label=_("차수"), min_value=1, max_value=10000, required=False, help_text=_("비우면 다음 차수")
    )
    title = forms.CharField(label=_("제목"), max_length=200, required=False)
    starts_at = forms.DateTimeField(label=_("일시"), widget=DATETIME)
    place = forms.CharField(label=_("장소"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("온라인 참여 주소"),
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[HTTP_URL],
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("online_url") and not self.errors:
            self.add_error("place", _("장소나 온라인 참여 주소 중 하나는 적어야 합니다."))
        return cleaned


class SessionStatusForm(_Form):
    status = forms.ChoiceField(label=_("상태"), choices=Session.Status.choices)


class AttendanceForm(_Form):
    seats = forms.ModelMultipleChoiceField(
        label=_("출석한 위원"),
        queryset=Seat.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        from django.utils import timezone

        day = timezone.localdate(session.starts_at)
        self.fields["seats"].queryset = (
            Seat.objects.filter(arena=session.arena).active_on(day).order_by("role", "name")
        )
        self.fields["seats"].label_from_instance = lambda s: (
            f"{s.name} · {s.get_seat_kind_display()} {s.get_role_display()}"
        )


class AgendaItemForm(_Form):
    title = forms.CharField(label=_("안건"), max_length=200)
    description = forms.CharField(
        label=_("설명"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    link = forms.ChoiceField(label=_("연결할 제안·토론"), required=False)

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import link_choices_grouped

        self.fields["link"].choices = [("", _("연결하지 않음")), *link_choices_grouped(district)]

    def clean(self):
        cleaned = super().clean()
        link = cleaned.pop("link", "") or ""
        link_type, _sep, link_id = link.rpartition(":")
        cleaned["link_type"], cleaned["link_id"] = (link_type, link_id) if link else ("", None)
        return cleaned


class DecisionForm(_Form):
    outcome = forms.ChoiceField(label=_("결과"), choices=Decision.Outcome.choices)
    votes_for = KoreanIntegerField(label=_("찬성"), min_value=0, max_value=10000, initial=0)
    votes_against = KoreanIntegerField(label=_("반대"), min_value=0, max_value=10000, initial=0)
    votes_abstain = KoreanIntegerField(label=_("기권"), min_value=0, max_value=10000, initial=0)
    text = forms.CharField(
        label=_("결정 내용"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, attendance: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.attendance = attendance

    def clean(self):
        cleaned = super().clean()
        total = sum(cleaned.get(k) or 0 for k in ("votes_for", "votes_against", "votes_abstain"))
        if total > self.attendance:
            raise forms.ValidationError(
                _("찬성·반대·기권의 합(%(total)s)이 출석 인원(%(n)s명)보다 많습니다."),
                params={"total": total, "n": self.attendance},
            )
        return cleaned


class MinutesForm(_Form):
    minutes = forms.CharField(
        label=_("회의록 (마크다운)"),
        required=False,
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 14}),
    )


class FollowUpForm(_Form):
    title = forms.CharField(label=_("후속 조치"), max_length=200)
    department = forms.ModelChoiceField(label=_("담당 부서"), queryset=None)
    due_on = forms.DateField(label=_("기한"), widget=forms.DateInput(attrs=DATE))

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        from madang.districts.selectors import department_list

        self.fields["department"].queryset = department_list(district)


class FollowUpDoneForm(_Form):
    note = forms.CharField(label=_("완료 메모"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
