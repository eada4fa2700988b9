import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from madang.core.ratelimit import client_ip, rate_limit
from madang.core.services import DomainError, notifications_mark_read

from . import services
from .forms import AccountDeleteForm, LoginForm, ProfileForm, QueuedPasswordResetForm, SignupForm
from .lockout import lockout_lift


@require_http_methods(["GET", "POST"])
def signup(request):
    """Sign-up. The answer never says whether the address already has an account: every valid
    request ends on "확인 메일을 보냈습니다", and the e-mail tells the owner the rest."""
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        limits = settings.MAIL_RATE_LIMITS
        try:
            rate_limit(f"signup-mail:ip:{client_ip(request)}", limits["per_ip"], limits["period"])
            services.user_signup(
                email=data["email"],
                display_name=data["display_name"],
                password=data["password1"],
                district=data["district"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
            status = 429 if error.code == "rate_limited" else 400
            return render(request, "accounts/signup.html", {"form": form}, status=status)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            request.session["signup_email"] = data["email"]
            return redirect("accounts:signup_done")
    return render(request, "accounts/signup.html", {"form": form})


def signup_done(request):
    return render(request, "accounts/signup_done.html", {"email": request.session.get("signup_email", "")})


@require_http_methods(["GET", "POST"])
def activate(request, uidb64, token):
    """The link of the confirmation e-mail: a button (so mail scanners opening links confirm nothing)
    that activates the account, logs the person in and takes them to their district."""
    if request.method == "POST":
        user = services.user_activate(uidb64=uidb64, token=token)
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("가입을 환영합니다, %(name)s 님.") % {"name": user.display_name})
            role = user.roles.select_related("district").filter(district__isnull=False).first()
            return redirect(role.district.get_absolute_url() if role else "accounts:profile")
        return render(request, "accounts/activate.html", {"invalid": True}, status=400)
    return render(request, "accounts/activate.html", {"invalid": False})


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the page after too many failed logins for one account (429)."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "hours": minutes // 60, "minutes": minutes % 60}
    return render(request, "accounts/locked_out.html", context, status=429)


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@require_http_methods(["POST"])
def logout_view(request):
    logout(request)
    messages.info(request, _("로그아웃했습니다."))
    return redirect("districts:city")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(user=request.user, display_name=form.cleaned_data["display_name"])
        messages.success(request, _("프로필을 저장했습니다."))
        return redirect("accounts:profile")
    roles = request.user.roles.select_related("district", "city").order_by("district__code", "role")
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})


@login_required
def export(request):
    data = services.user_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="madang-my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.user_delete(user=user)
        messages.info(request, _("계정을 삭제했습니다. 그동안 함께해 주셔서 고맙습니다."))
        return redirect("districts:city")
    return render(request, "accounts/delete.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the reset link; the answer is the same whether or not the address has an account.
    At most MAIL_RATE_LIMITS e-mails per address and per client address per period (then 429)."""

    template_name = "accounts/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):  # links on SITE_URL, never on the request's Host header
        return {"site_url": settings.SITE_URL}

    def form_valid(self, form):
        limits = settings.MAIL_RATE_LIMITS
        email = form.cleaned_data["email"].strip().lower()
        try:
            rate_limit(f"password-reset:ip:{client_ip(self.request)}", limits["per_ip"], limits["period"])
            rate_limit(f"password-reset:address:{email}", limits["per_address"], limits["period"])
        except DomainError as error:
            form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the e-mailed link also lifts a login lock-out of the account."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout_lift(email=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """The person's notifications, newest first; POST marks them all read."""
    from django.core.paginator import Paginator

    if request.method == "POST":
        notifications_mark_read(actor=request.user, user=request.user)
        return redirect("accounts:notifications")
    unread = request.user.notifications.filter(read_at__isnull=True)
    page = Paginator(request.user.notifications.select_related("district"), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/notifications.html", {"page": page, "unread": unread.count()})


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """How the person hears of each kind of event: site only, e-mail at once, daily digest, or not."""
    from madang.core.follows import notification_preferences, notification_preferences_set
    from madang.core.views import form_action, post_data

    from .forms import NotificationSettingsForm

    form = NotificationSettingsForm(
        post_data(request), initial_channels=notification_preferences(request.user)
    )
    done = form_action(
        request,
        form,
        lambda data: notification_preferences_set(
            actor=request.user, user=request.user, channels=form.channels()
        ),
        success=_("알림 설정을 저장했습니다."),
        redirect_to=reverse_lazy("accounts:notification_settings"),
    )
    return done or render(request, "accounts/notification_settings.html", {"form": form})
