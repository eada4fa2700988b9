"""Network pages. Thin: parse input, call a service or selector, render."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.cache import cached_page
from madang.core.decorators import district_view
from madang.core.services import DomainError

from . import selectors, services
from .analytics import GraphFilter, data_version, network_stats
from .forms import (
    ApplyForm,
    CommitteeForm,
    ConsentForm,
    DecideForm,
    FilterForm,
    IssueAreaForm,
    NetworkSettingsForm,
    OrganisationCreateForm,
    OrganisationForm,
    PersonForm,
    ResourceForm,
    SeatForm,
    TieForm,
)
from .models import Affiliation, Membership, Organisation, OrgKind, Resource, Tie
from .predicates import user_affiliations

PAGE_SIZE = 30


def _filters(request, district, kinds=None) -> tuple[FilterForm, selectors.DirectoryFilters]:
    """Directory filters from the query string; invalid values are dropped with a notice."""
    form = FilterForm(request.GET or None, district=district, kinds=kinds)
    if not form.is_bound:
        return form, selectors.DirectoryFilters()
    if not form.is_valid():
        messages.warning(request, _("잘못된 검색 조건은 빼고 보여 드립니다."))
        form = FilterForm(
            {k: v for k, v in request.GET.items() if k not in form.errors}, district=district, kinds=kinds
        )
        form.is_valid()
    data = form.cleaned_data
    return form, selectors.DirectoryFilters(
        q=(data.get("q") or "").strip(),
        kind=data.get("kind") or "",
        issue_area=data.get("issue_area"),
        dong=data.get("dong"),
        members_only=bool(data.get("members_only")),
    )


def _page(request, queryset, rank):
    """Paginate; search results keep their relevance order (ids are bounded by the search limit)."""
    if rank is not None:
        items = sorted(queryset, key=lambda obj: rank.get(obj.pk, 1_000_000))
        return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@cached_page
@district_view()
def home(request, district):
    progress = selectors.network_progress(district=district)
    return render(
        request,
        "network/home.html",
        {
            "district": district,
            "progress": progress,
            "network": progress.network,
            "series": selectors.members_over_time(district=district, months=24),
            "my_open": selectors.membership_open_for(district=district, user=request.user),
            "can_decide": request.user.has_perm("network.decide_membership", district),
        },
    )


@cached_page
@district_view()
def organisation_list(request, district):
    form, filters = _filters(request, district)
    queryset, rank = selectors.organisation_list(district=district, filters=filters, prefetch=False)
    page = _page(request, queryset, rank)
    page.object_list = selectors.organisations_label(page.object_list)
    return render(
        request,
        "network/organisation_list.html",
        {
            "district": district,
            "form": form,
            "page": page,
            "query": _query_string(request),
            "filters": filters,
        },
    )


def _org_or_404(district, pk) -> Organisation:
    org = selectors.organisation_get(district=district, pk=pk)
    if org is None:
        raise Http404
    return org


@cached_page
@district_view()
def organisation_detail(request, district, pk):
    org = _org_or_404(district, pk)
    user = request.user
    return render(
        request,
        "network/organisation_detail.html",
        {
            "district": district,
            "org": org,
            "ties": selectors.organisation_ties(organisation=org),
            "show_contacts": user.has_perm("network.view_organisation_contacts", org),
            "can_edit": user.has_perm("network.change_organisation", org),
            "can_add_tie": user.has_perm("network.add_tie", org),
            "is_affiliated": org.pk in user_affiliations(user),
        },
    )


@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request, district):
    form = OrganisationCreateForm(request.POST if request.method == "POST" else None, district=district)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            org = services.organisation_create(
                actor=request.user,
                district=district,
                data=data,
                issue_areas=data.pop("issue_areas"),
                dongs=data.pop("dongs"),
                consent=data.pop("consent"),
            )
        except DomainError as error:
            form.add_error("name" if error.code == "duplicate_organisation" else None, error.message)
        else:
            messages.success(request, _("'%(name)s' 단체를 등록했습니다.") % {"name": org.name})
            return redirect(org.get_absolute_url())
    return render(
        request, "network/organisation_form.html", {"district": district, "form": form, "creating": True}
    )


@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, district, pk):
    org = _org_or_404(district, pk)
    if not request.user.has_perm("network.change_organisation", org):
        raise PermissionDenied
    initial = {f: getattr(org, f) for f in services.ORG_FIELDS}
    initial.update(issue_areas=list(org.issue_areas.all()), dongs=list(org.dongs.all()))
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, district=district, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.organisation_update(
                actor=request.user,
                org=org,
                data=data,
                issue_areas=data.pop("issue_areas"),
                dongs=data.pop("dongs"),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("단체 정보를 저장했습니다."))
            return redirect(org.get_absolute_url())
    return render(request, "network/organisation_form.html", {"district": district, "form": form, "org": org})


@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def organisation_join(request, district, pk):
    """'I belong to this organisation' — records an affiliation as 회원."""
    org = _org_or_404(district, pk)
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.affiliation_join(user=request.user, org=org, consent=True)
        messages.success(request, _("'%(name)s'의 구성원으로 등록했습니다.") % {"name": org.name})
        return redirect(org.get_absolute_url())
    return render(
        request,
        "network/consent_form.html",
        {"district": district, "form": form, "org": org, "title": _("이 단체의 구성원으로 등록")},
    )


@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def tie_create(request, district, pk):
    org = _org_or_404(district, pk)
    if not request.user.has_perm("network.add_tie", org):
        raise PermissionDenied
    form = TieForm(request.POST if request.method == "POST" else None, district=district)
    form.fields["other"].queryset = form.fields["other"].queryset.exclude(pk=org.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.tie_add(
                actor=request.user,
                org_a=org,
                org_b=data["other"],
                kind=data["kind"],
                since=data["since"],
                note=data["note"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("협력 관계를 기록했습니다."))
            return redirect(org.get_absolute_url())
    return render(request, "network/tie_form.html", {"district": district, "form": form, "org": org})


@district_view()
@login_required
@require_POST
def tie_delete(request, district, pk):
    tie = get_object_or_404(Tie.objects.select_related("source"), pk=pk, district=district)
    try:
        services.tie_delete(actor=request.user, tie=tie)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("협력 관계를 지웠습니다."))
    return redirect(tie.source.get_absolute_url())


@district_view()
def person_list(request, district):
    form, filters = _filters(request, district)
    queryset, rank = selectors.person_list(district=district, filters=filters)
    page = _page(request, queryset, rank)
    return render(
        request,
        "network/person_list.html",
        {"district": district, "form": form, "page": page, "query": _query_string(request)},
    )


@district_view()
def person_detail(request, district, pk):
    person = selectors.person_get(district=district, pk=pk)
    if person is None or not (
        person.is_public or request.user.has_perm("network.view_person_contacts", person)
    ):
        raise Http404
    return render(
        request,
        "network/person_detail.html",
        {
            "district": district,
            "person": person,
            "show_contacts": request.user.has_perm("network.view_person_contacts", person),
        },
    )


@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request, district):
    person = selectors.person_of(user=request.user, district=district)
    if person is None:
        form = ConsentForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            services.person_get_or_register(user=request.user, district=district, consent=True)
            messages.success(request, _("활동가 정보를 만들었습니다. 내용을 채워 주세요."))
            return redirect("network:my_profile", district=district.slug)
        return render(
            request,
            "network/consent_form.html",
            {"district": district, "form": form, "title": _("활동가로 등록")},
        )
    initial = {f: getattr(person, f) for f in services.PERSON_FIELDS}
    initial["interests"] = list(person.interests.all())
    form = PersonForm(request.POST if request.method == "POST" else None, district=district, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.person_update(
                actor=request.user, person=person, data=data, interests=data.pop("interests")
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("활동가 정보를 저장했습니다."))
            return redirect("network:my_profile", district=district.slug)
    return render(request, "network/my_profile.html", {"district": district, "form": form, "person": person})


@district_view()
@login_required
def my_profile_export(request, district):
    person = selectors.person_of(user=request.user, district=district)
    if person is None:
        raise Http404
    response = HttpResponse(
        json.dumps(services.person_export(person=person), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="madang-{district.slug}-activist.json"'
    return response


@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def my_profile_delete(request, district):
    person = selectors.person_of(user=request.user, district=district)
    if person is None:
        raise Http404
    if request.method == "POST":
        services.person_delete(actor=request.user, person=person)
        messages.success(request, _("활동가 정보를 삭제했습니다."))
        return redirect("network:home", district=district.slug)
    return render(request, "network/my_profile_delete.html", {"district": district, "person": person})


@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def membership_apply(request, district):
    editable = [
        pk for pk, role in user_affiliations(request.user).items() if role in Affiliation.EDITOR_ROLES
    ]
    organisations = list(Organisation.objects.filter(district=district, pk__in=editable).order_by("name"))
    form = ApplyForm(
        request.POST if request.method == "POST" else None,
        organisations=organisations,
        initial={"applicant": request.GET.get("organisation", "me")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_apply(
                actor=request.user,
                district=district,
                organisation=form.organisation(),
                message=form.cleaned_data["message"],
                consent=form.cleaned_data["consent"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("가입을 신청했습니다. 운영위원회가 검토한 뒤 알려 드립니다."))
            return redirect("network:home", district=district.slug)
    network = services.network_get(district=district)
    return render(request, "network/apply.html", {"district": district, "form": form, "network": network})


@district_view("network.decide_membership")
def membership_manage(request, district):
    status = request.GET.get("status") or Membership.Status.APPLIED
    if status not in Membership.Status.values:
        status = Membership.Status.APPLIED
    page = Paginator(selectors.membership_list(district=district, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "network/membership_manage.html",
        {
            "district": district,
            "page": page,
            "status": status,
            "statuses": Membership.Status.choices,
            "decide_form": DecideForm(),
            "query": f"status={status}",
        },
    )


@district_view("network.decide_membership")
@require_POST
def membership_decide(request, district, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("district", "organisation", "person__user"),
        pk=pk,
        district=district,
    )
    form = DecideForm(request.POST)
    if not form.is_valid():
        if "decision" in form.errors:
            messages.error(request, _("승인 또는 반려를 선택하세요."))
        for error in form.errors.get("reason", []):
            messages.error(request, _("사유: %(error)s") % {"error": error})
    else:
        try:
            services.membership_decide(
                actor=request.user,
                membership=membership,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s: %(status)s 처리했습니다.")
                % {"name": membership.member_name, "status": membership.get_status_display()},
            )
    return redirect(reverse("network:membership_manage", kwargs={"district": district.slug}))


@district_view()
@login_required
@require_POST
def membership_leave(request, district, pk):
    membership = get_object_or_404(
        Membership.objects.select_related("district", "organisation", "person"), pk=pk, district=district
    )
    try:
        services.membership_leave(actor=request.user, membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("네트워크에서 탈퇴했습니다."))
    return redirect("network:home", district=district.slug)


@district_view("network.change_network")
@require_http_methods(["GET", "POST"])
def network_settings(request, district):
    network = services.network_get(district=district)
    form = NetworkSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None,
        initial={
            "name": network.name,
            "description": network.description,
            "member_target": network.member_target,
        },
    )
    area_form = IssueAreaForm(request.POST if request.POST.get("form") == "issue_area" else None)
    if request.method == "POST":
        try:
            if form.is_bound and form.is_valid():
                services.network_update(actor=request.user, district=district, **form.cleaned_data)
                messages.success(request, _("네트워크 설정을 저장했습니다."))
                return redirect("network:settings", district=district.slug)
            if area_form.is_bound and area_form.is_valid():
                area = services.issue_area_add(
                    actor=request.user, district=district, name=area_form.cleaned_data["name"]
                )
                messages.success(request, _("'%(name)s' 의제를 추가했습니다.") % {"name": area.name})
                return redirect("network:settings", district=district.slug)
        except DomainError as error:
            (form if form.is_bound else area_form).add_error(None, error.message)
    return render(
        request,
        "network/settings.html",
        {
            "district": district,
            "form": form,
            "area_form": area_form,
            "issue_areas": selectors.issue_area_list(district=district),
        },
    )


@district_view()
def committee_list(request, district):
    return render(
        request,
        "network/committee_list.html",
        {
            "district": district,
            "committees": selectors.committee_list(district=district),
            "can_manage": request.user.has_perm("network.manage_committees", district),
        },
    )


@district_view("network.manage_committees")
@require_http_methods(["GET", "POST"])
def committee_create(request, district):
    form = CommitteeForm(request.POST if request.method == "POST" else None, district=district)
    if request.method == "POST" and form.is_valid():
        try:
            committee = services.committee_create(actor=request.user, district=district, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("위원회를 만들었습니다."))
            return redirect(committee.get_absolute_url())
    return render(request, "network/committee_form.html", {"district": district, "form": form})


@district_view()
@require_http_methods(["GET", "POST"])
def committee_detail(request, district, pk):
    committee = selectors.committee_get(district=district, pk=pk)
    if committee is None:
        raise Http404
    can_manage = request.user.has_perm("network.manage_committees", district)
    form = (
        SeatForm(request.POST if request.method == "POST" else None, district=district)
        if can_manage
        else None
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.seat_add(actor=request.user, committee=committee, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("위원을 추가했습니다."))
                return redirect(committee.get_absolute_url())
    return render(
        request,
        "network/committee_detail.html",
        {"district": district, "committee": committee, "form": form, "can_manage": can_manage},
    )


@district_view()
def resource_list(request, district):
    form, filters = _filters(request, district, kinds=Resource.Kind.choices)
    queryset, rank = selectors.resource_list(district=district, filters=filters)
    page = _page(request, queryset, rank)
    return render(
        request,
        "network/resource_list.html",
        {
            "district": district,
            "form": form,
            "page": page,
            "query": _query_string(request),
            "can_add": request.user.has_perm("network.add_resource", district),
        },
    )


def _owners(request, district):
    if request.user.has_perm("network.decide_membership", district):
        return Organisation.objects.filter(district=district).order_by("name")
    editable = [
        pk for pk, role in user_affiliations(request.user).items() if role in Affiliation.EDITOR_ROLES
    ]
    return Organisation.objects.filter(district=district, pk__in=editable).order_by("name")


@district_view("network.add_resource")
@require_http_methods(["GET", "POST"])
def resource_create(request, district):
    form = ResourceForm(
        request.POST if request.method == "POST" else None,
        district=district,
        owners=_owners(request, district),
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(actor=request.user, district=district, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("지역자원을 등록했습니다."))
            return redirect(resource.get_absolute_url())
    return render(request, "network/resource_form.html", {"district": district, "form": form})


@district_view()
def resource_detail(request, district, pk):
    resource = get_object_or_404(
        Resource.objects.select_related("district", "owner__district", "dong"), pk=pk, district=district
    )
    return render(
        request,
        "network/resource_detail.html",
        {
            "district": district,
            "resource": resource,
            "can_edit": request.user.has_perm("network.change_resource", resource),
        },
    )


@district_view()
@login_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, district, pk):
    resource = get_object_or_404(Resource, pk=pk, district=district)
    if not request.user.has_perm("network.change_resource", resource):
        raise PermissionDenied
    initial = {f: getattr(resource, f) for f in services.RESOURCE_FIELDS}
    owners = _owners(request, district)
    if resource.owner_id:
        owners = owners | Organisation.objects.filter(pk=resource.owner_id)
    form = ResourceForm(
        request.POST if request.method == "POST" else None,
        district=district,
        owners=owners.distinct(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_update(actor=request.user, resource=resource, data=form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("지역자원을 저장했습니다."))
            return redirect(resource.get_absolute_url())
    return render(
        request, "network/resource_form.html", {"district": district, "form": form, "resource": resource}
    )


@cached_page
@district_view()
def analytics(request, district):
    form, filters = _filters(request, district)
    graph_filter = GraphFilter(issue_area_id=filters.issue_area, kind=filters.kind or None)
    version = data_version(district)
    stats = network_stats(district, graph_filter, version=version)
    names = dict(Organisation.objects.filter(pk__in=stats["isolates"][:30]).values_list("pk", "name"))
    return render(
        request,
        "network/analytics.html",
        {
            "district": district,
            "form": form,
            "stats": stats,
            "isolates": [(pk, names.get(pk, "")) for pk in stats["isolates"][:30]],
            "graph_json": mark_safe(
                selectors.graph_json(district=district, graph_filter=graph_filter, version=version)
            ),
            "series": selectors.members_over_time(district=district),
            "kinds": OrgKind.choices,
        },
    )


@district_view()
def search(request, district):
    q = (request.GET.get("q") or "").strip()[:100]
    results = {"organisations": [], "people": [], "resources": []}
    if q:
        filters = selectors.DirectoryFilters(q=q)
        for key, selector in (
            ("organisations", selectors.organisation_list),
            ("people", selectors.person_list),
            ("resources", selectors.resource_list),
        ):
            queryset, rank = selector(district=district, filters=filters)
            results[key] = sorted(queryset[:200], key=lambda obj, rank=rank: rank.get(obj.pk, 0))[:20]
    return render(request, "network/search.html", {"district": district, "q": q, "results": results})
