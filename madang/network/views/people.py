"""Activists: the public list, a profile, and a person's own profile (edit, download, delete)."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from madang.core.tenancy import district_view, get_in_district
from madang.core.views import form_action, post_action, post_data

from .. import selectors, services
from ..forms import ConsentForm, PersonForm
from ._common import directory_filters, paginate, query_string


@district_view("network.view_network")
def person_list(request, district):
    form, filters = directory_filters(request, district)
    queryset, rank = selectors.person_list(district=district, filters=filters)
    page = paginate(request, queryset, rank)
    return render(
        request,
        "network/person_list.html",
        {"district": district, "form": form, "page": page, "query": query_string(request)},
    )


@district_view("network.view_network")
def person_detail(request, district, pk):
    person = get_in_district(selectors.person_detail_queryset(), district, pk=pk)
    show_contacts = request.user.has_perm("network.view_person_contacts", person)
    if not (person.is_public or show_contacts):
        raise Http404
    return render(
        request,
        "network/person_detail.html",
        {"district": district, "person": person, "show_contacts": show_contacts},
    )


def _own_profile_or_404(request, district):
    person = selectors.person_of(user=request.user, district=district)
    if person is None:
        raise Http404
    return person


@district_view("network.view_network")
@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request, district):
    person = selectors.person_of(user=request.user, district=district)
    here = reverse("network:my_profile", kwargs={"district": district.slug})
    if person is None:
        form = ConsentForm(post_data(request))
        done = form_action(
            request,
            form,
            lambda data: services.person_register(
                actor=request.user, district=district, consent=data["consent"]
            ),
            success=_("활동가 정보를 만들었습니다. 내용을 채워 주세요."),
            redirect_to=here,
        )
        return done or render(
            request,
            "network/consent_form.html",
            {"district": district, "form": form, "title": _("활동가로 등록")},
        )
    initial = {f: getattr(person, f) for f in services.PERSON_FIELDS}
    initial["interests"] = list(person.interests.all())
    form = PersonForm(post_data(request), district=district, initial=initial)

    def save(data):
        data = dict(data)
        interests = data.pop("interests")
        return services.person_update(actor=request.user, person=person, data=data, interests=interests)

    done = form_action(request, form, save, success=_("활동가 정보를 저장했습니다."), redirect_to=here)
    return done or render(
        request, "network/my_profile.html", {"district": district, "form": form, "person": person}
    )


@district_view("network.view_network")
@login_required
def my_profile_export(request, district):
    person = _own_profile_or_404(request, district)
    response = HttpResponse(
        json.dumps(services.person_export(person=person), ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="madang-{district.slug}-activist.json"'
    return response


@district_view("network.view_network")
@login_required
@require_http_methods(["GET", "POST"])
def my_profile_delete(request, district):
    person = _own_profile_or_404(request, district)
    if request.method == "POST":
        return post_action(
            request,
            lambda: services.person_delete(actor=request.user, person=person),
            success=_("활동가 정보를 삭제했습니다."),
            redirect_to=reverse("network:home", kwargs={"district": district.slug}),
        )
    return render(request, "network/my_profile_delete.html", {"district": district, "person": person})
