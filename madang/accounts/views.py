import json

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

from madang.core.services import DomainError, notifications_mark_read

from . import services
from .forms import AccountDeleteForm, LoginForm, ProfileForm, SignupForm


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_register(
                email=data["email"],
                display_name=data["display_name"],
                password=data["password1"],
                district=data["district"],
            )
        except DomainError as error:
            form.add_error("email" if error.code == "duplicate_email" else None, error.message)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("가입을 환영합니다, %(name)s 님.") % {"name": user.display_name})
            if data["district"]:
                return redirect(data["district"].get_absolute_url())
            return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


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
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


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
