from django import forms
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin
from madang.core.models import Report


class VisionForm(CleanTextFormMixin, forms.Form):
    text = forms.CharField(label=_("자치구 비전"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(CleanTextFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("신고 사유"), choices=Report.Reason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("설명"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("'기타'를 고르면 꼭 적어 주세요. 신고한 사람은 운영진에게만 보입니다."),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == Report.Reason.OTHER and not data.get("text"):
            self.add_error("text", _("'기타'를 고르면 신고 내용을 적어 주세요."))
        return data


SUSPEND_DAYS = [("7", _("7일")), ("30", _("30일")), ("", _("운영진이 풀 때까지"))]


class ModerationDecisionForm(CleanTextFormMixin, forms.Form):
    """One decision on a reported object: restore, confirm the hiding, or suspend its author."""

    action = forms.ChoiceField(
        choices=[("restore", _("복원")), ("confirm", _("숨김 확정")), ("suspend", _("작성자 활동 정지"))]
    )
    reason = forms.CharField(label=_("정지 사유"), max_length=500, required=False)
    days = forms.ChoiceField(label=_("정지 기간"), choices=SUSPEND_DAYS, required=False)

    def clean(self):
        data = super().clean()
        if data.get("action") == "suspend" and not data.get("reason"):
            self.add_error("reason", _("정지 사유를 입력하세요."))
        return data
