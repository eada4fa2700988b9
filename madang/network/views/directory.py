"""The directory of organisations, an organisation's page and its ties."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from madang.core.cache import cached_page
from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data

from .. import selectors, services
from ..forms import ConsentForm, OrganisationCreateForm, OrganisationForm, TieForm
from ..models import Review, Tie
from ._common import directory_filters, organisation_or_404, paginate, query_string


@cached_page
@district_view("network.view_network")
def home(request, district):
    progress = selectors.network_progress(district=district)
    my_open = selectors.membership_open_for(district=district, user=request.user)
    return render(
        request,
        "network/home.html",
        {
            "district": district,
            "progress": progress,
            "network": progress.network,
            "series": selectors.members_over_time(district=district, months=24),
            "my_open": my_open,
            "apply": selectors.membership_apply_options(
                district=district, user=request.user, open_memberships=my_open
            ),
            "my_pending_orgs": selectors.organisations_own_pending(user=request.user, district=district),
            "can_decide": request.user.has_perm("network.decide_membership", district),
        },
    )


@cached_page
@district_view("network.view_network")
def organisation_list(request, district):
    form, filters = directory_filters(request, district)
    queryset, rank = selectors.organisation_list(district=district, filters=filters, prefetch=False)
    page = paginate(request, queryset, rank)
    page.object_list = selectors.organisations_label(page.object_list)
    return render(
        request,
        "network/organisation_list.html",
        {
            "district": district,
            "form": form,
            "page": page,
            "query": query_string(request),
            "filters": filters,
        },
    )


@cached_page
@district_view("network.view_network")
def organisation_detail(request, district, pk):
    org = organisation_or_404(district, pk, request.user)
    user = request.user
    can_edit = user.has_perm("network.change_organisation", org)
    return render(
        request,
        "network/organisation_detail.html",
        {
            "district": district,
            "org": org,
            "ties": selectors.organisation_ties(organisation=org),
            "show_contacts": user.has_perm("network.view_organisation_contacts", org),
            "can_edit": can_edit,
            "can_add_tie": user.has_perm("network.add_tie", org) and org.status == Review.APPROVED,
            "can_decide_org": user.has_perm("network.decide_organisation", org),
            "my_affiliation": selectors.affiliation_of(user=user, organisation=org),
            # self-declared 회원 and ties awaiting this organisation: for its 대표·운영진 and operators
            "pending": selectors.organisation_pending(organisation=org) if can_edit else {},
        },
    )


def _organisation_data(data: dict) -> dict:
    data = dict(data)
    return {"issue_areas": data.pop("issue_areas"), "dongs": data.pop("dongs"), "data": data}


@district_view("network.view_network")
@login_required
@require_http_methods(["GET", "POST"])
def organisation_create(request, district):
    form = OrganisationCreateForm(post_data(request), district=district)

    def create(data):
        data = dict(data)
        consent = data.pop("consent")
        return services.organisation_create(
            actor=request.user, district=district, consent=consent, **_organisation_data(data)
        )

    done = form_action(
        request,
        form,
        create,
        success=lambda org: (
            _("'%(name)s' 단체를 등록했습니다.") % {"name": org.name}
            if org.status == Review.APPROVED
            else _("'%(name)s' 단체 등록을 신청했습니다. 운영진이 검토한 뒤 공개하고 알려 드립니다.")
            % {"name": org.name}
        ),
        redirect_to=lambda org: org.get_absolute_url(),
        error_field=lambda error: "name" if error.code == "duplicate_organisation" else None,
    )
    return done or render(
        request, "network/organisation_form.html", {"district": district, "form": form, "creating": True}
    )


@district_view("network.view_network")
@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, district, pk):
    org = organisation_or_404(district, pk, request.user)
    if not request.user.has_perm("network.change_organisation", org):
        raise PermissionDenied
    initial = {f: getattr(org, f) for f in services.ORG_FIELDS}
    initial.update(issue_areas=list(org.issue_areas.all()), dongs=list(org.dongs.all()))
    form = OrganisationForm(post_data(request), district=district, initial=initial)
    done = form_action(
        request,
        form,
        lambda data: services.organisation_update(actor=request.user, org=org, **_organisation_data(data)),
        success=_("단체 정보를 저장했습니다."),
        redirect_to=org.get_absolute_url(),
    )
    return done or render(
        request, "network/organisation_form.html", {"district": district, "form": form, "org": org}
    )


@district_view("network.view_network")
@login_required
@require_http_methods(["GET", "POST"])
def organisation_join(request, district, pk):
    """'I belong to this organisation' — records an affiliation as 회원."""
    org = organisation_or_404(district, pk, request.user)
    form = ConsentForm(post_data(request))
    done = form_action(
        request,
        form,
        lambda data: services.affiliation_join(user=request.user, org=org, consent=data["consent"]),
        success=lambda a: (
            _("'%(name)s'의 구성원으로 등록했습니다.") % {"name": org.name}
            if a.status == Review.APPROVED
            else _("'%(name)s'의 구성원으로 신청했습니다. 단체의 대표·운영진이 확인하면 구성원으로 보입니다.")
            % {"name": org.name}
        ),
        redirect_to=org.get_absolute_url(),
    )
    return done or render(
        request,
        "network/consent_form.html",
        {"district": district, "form": form, "org": org, "title": _("이 단체의 구성원으로 등록")},
    )


@district_view("network.view_network")
@login_required
@require_http_methods(["GET", "POST"])
def tie_create(request, district, pk):
    org = organisation_or_404(district, pk, request.user)
    if not request.user.has_perm("network.add_tie", org):
        raise PermissionDenied
    form = TieForm(post_data(request), district=district)
    form.fields["other"].queryset = form.fields["other"].queryset.exclude(pk=org.pk)
    done = form_action(
        request,
        form,
        lambda data: services.tie_add(
            actor=request.user,
            org_a=org,
            org_b=data["other"],
            kind=data["kind"],
            since=data["since"],
            note=data["note"],
        ),
        success=lambda tie: (
            _("협력 관계를 기록했습니다.")
            if tie.status == Review.APPROVED
            else _("협력 관계를 기록했습니다. 상대 단체가 확인하면 공개됩니다.")
        ),
        redirect_to=org.get_absolute_url(),
    )
    return done or render(request, "network/tie_form.html", {"district": district, "form": form, "org": org})


@district_view("network.view_network")
@login_required
@require_POST
def tie_delete(request, district, pk):
    tie = get_in_district(Tie.objects.select_related("source"), district, pk=pk)
    return post_action(
        request,
        lambda: services.tie_delete(actor=request.user, tie=tie),
        success=_("협력 관계를 지웠습니다."),
        redirect_to=tie.source.get_absolute_url(),
    )
