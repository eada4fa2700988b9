"""Answers: a department's inbox, answering, an operator assigning a department, the public overdue list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data

from .. import selectors, services
from ..forms import AnswerForm, AssignForm
from ..models import Assignment


def _assignment(district, pk) -> Assignment:
    return get_in_district(
        Assignment.objects.select_related("proposal__district", *selectors.assignment_related()),
        district,
        pk=pk,
    )


@district_view("proposals.view_proposals")
def overdue(request, district):
    now = timezone.now()
    page = Paginator(selectors.overdue_list(district=district, at=now), 20).get_page(request.GET.get("page"))
    return render(request, "proposals/overdue.html", {"district": district, "page": page, "now": now})


@district_view("proposals.view_inbox")
def inbox(request, district):
    page = Paginator(selectors.inbox(district=district, user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "proposals/inbox.html", {"district": district, "page": page})


@district_view("proposals.view_inbox")
@require_http_methods(["GET", "POST"])
def answer(request, district, pk):
    assignment = _assignment(district, pk)
    if not request.user.has_perm("proposals.answer_assignment", assignment):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("이 제안에 배정된 부서의 공무원만 답변할 수 있습니다."))
    form = AnswerForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda d: services.assignment_answer(
            actor=request.user,
            district=district,
            assignment=assignment,
            answer=d["answer"],
            reason=d["reason"],
        ),
        success=_("답변을 등록했습니다."),
        redirect_to=assignment.proposal.get_absolute_url(),
    )
    return done or render(
        request, "proposals/answer.html", {"district": district, "assignment": assignment, "form": form}
    )


@district_view("proposals.manage_proposals")
@require_POST
def assign(request, district, pk):
    assignment = _assignment(district, pk)
    form = AssignForm(request.POST, district=district)
    back = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("proposals:manage", kwargs={"district": district.slug})
    if not form.is_valid():
        messages.error(request, _("담당 부서를 고르세요."))
        return redirect(back)
    return post_action(
        request,
        lambda: services.assignment_assign(
            actor=request.user,
            district=district,
            assignment=assignment,
            department=form.cleaned_data["department"],
        ),
        success=_("담당 부서를 정했습니다."),
        redirect_to=back,
    )
