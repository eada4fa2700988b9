from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin, KoreanIntegerField
from madang.districts.models import Dong

from .models import Committee, IssueArea, Organisation, OrgKind, Resource, Tie


class _Form(CleanTextFormMixin, forms.Form):
    """Every network form: text cleaned by `core.text` before it is checked (see CleanTextFormMixin)."""


class _DistrictForm(_Form):
    """A form whose choices (의제, 행정동, 단체) are limited to one district."""

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district

        areas = IssueArea.objects.in_district(district).order_by("order", "name")
        dongs = Dong.objects.in_district(district).order_by("name")
        for name, field in self.fields.items():
            if name in {"issue_areas", "interests"}:
                field.queryset = areas
            elif name in {"dongs", "dong"}:
                field.queryset = dongs
            elif name in {"other", "owner"}:
                field.queryset = Organisation.objects.in_district(district).public().order_by("name")


class FilterForm(_Form):
    """Directory filters (GET). Bad values are dropped with a message, never a crash."""

    q = forms.CharField(label=_("검색어"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("유형"), required=False)
    issue_area = forms.TypedChoiceField(label=_("의제"), required=False, coerce=int, empty_value=None)
    dong = forms.TypedChoiceField(label=_("행정동"), required=False, coerce=int, empty_value=None)
    members_only = forms.BooleanField(label=_("네트워크 회원만"), required=False)

    def __init__(self, *args, district, kinds=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import dong_list, issue_area_list

        self.fields["kind"].choices = [("", _("전체")), *(kinds if kinds is not None else OrgKind.choices)]
        self.fields["issue_area"].choices = [("", _("전체"))] + [
            (a.pk, a.display_name) for a in issue_area_list(district=district)
        ]
        self.fields["dong"].choices = [("", _("전체"))] + [
            (d.pk, d.name) for d in dong_list(district=district)
        ]


class OrganisationForm(_DistrictForm):
    name = forms.CharField(label=_("단체 이름"), max_length=100)
    kind = forms.ChoiceField(label=_("유형"), choices=OrgKind.choices)
    legal_form = forms.ChoiceField(
        label=_("법적 형태"),
        required=False,
        choices=[("", _("선택 안 함")), *Organisation._meta.get_field("legal_form").choices],
    )
    issue_areas = forms.ModelMultipleChoiceField(
        label=_("의제"),
        queryset=IssueArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    dongs = forms.ModelMultipleChoiceField(
        label=_("활동 행정동"),
        queryset=Dong.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    founded_year = KoreanIntegerField(label=_("설립 연도"), required=False, min_value=1900, max_value=2100)
    member_count = KoreanIntegerField(label=_("회원 수"), required=False, min_value=0, max_value=10_000_000)
    description = forms.CharField(
        label=_("소개"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    website = forms.URLField(label=_("웹사이트"), required=False, assume_scheme="https")
    contact_email = forms.EmailField(
        label=_("연락 이메일"),
        required=False,
        help_text=_("플랫폼 운영진과 단체의 대표·운영진에게만 보입니다."),
    )
    contact_phone = forms.CharField(
        label=_("연락 전화"),
        required=False,
        max_length=30,
        help_text=_("플랫폼 운영진과 단체의 대표·운영진에게만 보입니다."),
    )
    address = forms.CharField(label=_("주소"), required=False, max_length=200)


class OrganisationCreateForm(OrganisationForm):
    consent = forms.BooleanField(
        label=_(
            "등록자(대표)로서 내 표시 이름이 단체 정보에 표시되고, 활동가 정보가 만들어지는 데 동의합니다."
        ),
        error_messages={"required": _("동의해야 단체를 등록할 수 있습니다.")},
    )


class PersonForm(_DistrictForm):
    dong = forms.ModelChoiceField(label=_("사는 행정동"), queryset=Dong.objects.none(), required=False)
    skills = forms.CharField(label=_("할 수 있는 일"), required=False, max_length=300)
    interests = forms.ModelMultipleChoiceField(
        label=_("관심 의제"),
        queryset=IssueArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bio = forms.CharField(
        label=_("소개"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    is_public = forms.BooleanField(
        label=_("활동가 목록에 내 정보(이름, 동, 할 수 있는 일, 관심 의제) 공개"), required=False
    )
    phone = forms.CharField(label=_("전화 (운영진만 봅니다)"), required=False, max_length=30)


class ConsentForm(_Form):
    consent = forms.BooleanField(
        label=_("활동가 정보(표시 이름, 소속, 관심 의제)의 수집·이용에 동의합니다."),
        error_messages={"required": _("개인정보 수집·이용에 동의해야 합니다.")},
    )


class ApplyForm(_Form):
    applicant = forms.ChoiceField(label=_("누구로 가입하나요?"))
    message = forms.CharField(
        label=_("하고 싶은 말"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    consent = forms.BooleanField(
        label=_("가입 심사를 위해 내 표시 이름과 신청 내용이 운영진에게 제공되는 데 동의합니다."),
        error_messages={"required": _("동의해야 가입을 신청할 수 있습니다.")},
    )

    def __init__(self, *args, organisations, include_me: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        me = [("me", _("나 (개인 활동가)"))] if include_me else []
        self.fields["applicant"].choices = me + [
            (str(o.pk), _("단체: %(name)s") % {"name": o.name}) for o in organisations
        ]

    def organisation(self):
        return self.organisations.get(self.cleaned_data["applicant"])


class DecideForm(_Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("승인")), ("reject", _("반려"))], widget=forms.RadioSelect
    )
    reason = forms.CharField(label=_("사유 (반려 시 필수)"), required=False, max_length=2000)


class NetworkSettingsForm(_Form):
    name = forms.CharField(label=_("네트워크 이름"), max_length=100)
    description = forms.CharField(
        label=_("소개"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    member_target = KoreanIntegerField(label=_("회원 목표"), min_value=0, max_value=1_000_000)


class IssueAreaForm(_Form):
    name = forms.CharField(label=_("새 의제"), max_length=30)


class TieForm(_DistrictForm):
    other = forms.ModelChoiceField(label=_("함께한 단체"), queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label=_("협력 종류"), choices=Tie.Kind.choices)
    since = forms.DateField(
        label=_("시작한 날"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("메모"), required=False, max_length=300)


class CommitteeForm(_DistrictForm):
    name = forms.CharField(label=_("이름"), max_length=100)
    kind = forms.ChoiceField(label=_("종류"), choices=Committee.Kind.choices)
    issue_area = forms.ModelChoiceField(label=_("의제"), queryset=IssueArea.objects.none(), required=False)
    description = forms.CharField(
        label=_("소개"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, district=district, **kwargs)

        self.fields["issue_area"].queryset = IssueArea.objects.in_district(district)


class SeatForm(_Form):
    person = forms.ModelChoiceField(label=_("활동가"), queryset=None)
    role = forms.ChoiceField(label=_("직책"), choices=[])
    term_start = forms.DateField(label=_("임기 시작"), widget=forms.DateInput(attrs={"type": "date"}))
    term_end = forms.DateField(
        label=_("임기 끝"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, district, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import CommitteeSeat, Person

        self.fields["person"].queryset = (
            Person.objects.in_district(district).select_related("user").order_by("user__display_name")
        )
        self.fields["role"].choices = CommitteeSeat.Role.choices

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("임기 끝은 임기 시작보다 늦어야 합니다."))
        return cleaned


class ResourceForm(_DistrictForm):
    name = forms.CharField(label=_("이름"), max_length=100)
    kind = forms.ChoiceField(label=_("종류"), choices=Resource.Kind.choices)
    owner = forms.ModelChoiceField(label=_("소유 단체"), queryset=Organisation.objects.none(), required=False)
    dong = forms.ModelChoiceField(label=_("행정동"), queryset=Dong.objects.none(), required=False)
    description = forms.CharField(
        label=_("설명"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    availability = forms.CharField(label=_("이용 가능 시간·조건"), required=False, max_length=300)
    how_to_ask = forms.CharField(label=_("이용 문의 방법"), required=False, max_length=300)

    def __init__(self, *args, district, owners=None, **kwargs):
        super().__init__(*args, district=district, **kwargs)
        if owners is not None:
            self.fields["owner"].queryset = owners
