from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from madang.core.forms import CleanTextFormMixin

from .models import DISTRICT_ROLES, Role, RoleAssignment, User


class SignupForm(CleanTextFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("이메일"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    display_name = forms.CharField(
        label=_("표시 이름"), max_length=50, help_text=_("다른 사람에게 보이는 이름입니다.")
    )
    password1 = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("10자 이상, 흔하지 않은 비밀번호를 쓰세요."),
    )
    password2 = forms.CharField(
        label=_("비밀번호 확인"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    district = forms.ModelChoiceField(
        label=_("사는 자치구 (선택)"),
        queryset=RoleAssignment._meta.get_field("district").related_model.objects.order_by("name"),
        required=False,
        empty_label=_("선택 안 함"),
        to_field_name="slug",
    )
    privacy_consent = forms.BooleanField(
        label=_("개인정보(이메일, 표시 이름) 수집·이용에 동의합니다."),
        error_messages={"required": _("개인정보 수집·이용에 동의해야 가입할 수 있습니다.")},
    )

    def clean_email(self):
        # whether the address has an account is said only by e-mail, to its owner (services.user_signup)
        return self.cleaned_data["email"].strip().lower()

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("표시 이름을 입력하세요."))
        return name

    def clean(self):
        cleaned = super().clean()
        p1, p2 = cleaned.get("password1"), cleaned.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("두 비밀번호가 같지 않습니다."))
        elif p1:
            candidate = User(email=cleaned.get("email", ""), display_name=cleaned.get("display_name", ""))
            try:
                password_validation.validate_password(p1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("이메일"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("이메일 또는 비밀번호가 맞지 않습니다."),
        "inactive": _("사용이 중지된 계정입니다."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, with the e-mail queued for the worker (core.tasks.send_email_task) instead
    of sent during the request: the answer takes as long whether or not the address has an account."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs):
        from django.db import transaction
        from django.template import loader

        from madang.core.tasks import send_email_task

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(
            lambda: send_email_task.enqueue(
                subject=subject, body=body, recipients=[to_email], from_email=from_email or ""
            )
        )


class ProfileForm(CleanTextFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name"]


class AccountDeleteForm(CleanTextFormMixin, forms.Form):
    password = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(label=_("계정과 역할 정보를 삭제하는 데 동의합니다. 되돌릴 수 없습니다."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("비밀번호가 맞지 않습니다."))
        return password


def grantable_roles(*, actor, district) -> list:
    """The district roles `actor` may grant (and revoke) in `district`."""
    from .predicates import RoleGrant

    return [
        role for role in DISTRICT_ROLES if actor.has_perm("accounts.grant_role", RoleGrant(district, role))
    ]


class RoleGrantForm(CleanTextFormMixin, forms.Form):
    email = forms.EmailField(label=_("사용자 이메일"))
    role = forms.ChoiceField(label=_("역할"), choices=[(r.value, r.label) for r in DISTRICT_ROLES])
    department = forms.CharField(label=_("부서 (공무원)"), max_length=100, required=False)

    def __init__(self, *args, actor=None, district=None, **kwargs):
        super().__init__(*args, **kwargs)
        if actor is not None:
            # offer only the roles this person may grant here (the service checks again)
            self.fields["role"].choices = [
                (role.value, role.label) for role in grantable_roles(actor=actor, district=district)
            ]
            self.fields["role"].error_messages["invalid_choice"] = _("이 역할을 부여할 권한이 없습니다.")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("이 이메일로 가입한 사용자가 없습니다."))
        self.user = user
        return email

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.OFFICIAL and not cleaned.get("department", "").strip():
            self.add_error("department", _("공무원 역할에는 부서를 입력해야 합니다."))
        return cleaned


class NotificationSettingsForm(forms.Form):
    """One channel radio group per registered notification event (core.follows)."""

    def __init__(self, *args, initial_channels: dict[str, str], **kwargs):
        from madang.core.follows import notification_events
        from madang.core.models import NotificationPreference

        super().__init__(*args, **kwargs)
        for event, label in notification_events().items():
            self.fields[f"event_{event}"] = forms.ChoiceField(
                label=label,
                choices=NotificationPreference.Channel.choices,
                widget=forms.RadioSelect,
                initial=initial_channels.get(event, NotificationPreference.DEFAULT),
            )

    def channels(self) -> dict[str, str]:
        return {name.removeprefix("event_"): value for name, value in self.cleaned_data.items()}
