"""How the network plugs into the kernel's registries (`madang.core.registry`); imported by
`NetworkConfig.ready()`. Nothing in `core`, `accounts` or `districts` imports the network."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core import registry

from .models import Membership, Organisation, Person, Resource, SearchEntry, Tie

# --- search ----------------------------------------------------------------------------------------


def _organisations(district, user):
    return Organisation.objects.filter(district=district).select_related("district")


def _persons(district, user):
    """Public profiles of active accounts only (what the activist directory lists)."""
    return Person.objects.filter(district=district, is_public=True, user__is_active=True).select_related(
        "user", "district"
    )


def _resources(district, user):
    return Resource.objects.filter(district=district).select_related("district")


def _organisation_result(org: Organisation) -> registry.SearchResult:
    return registry.SearchResult(title=org.name, url=org.get_absolute_url(), snippet=org.get_kind_display())


def _person_result(person: Person) -> registry.SearchResult:
    return registry.SearchResult(
        title=person.user.display_name, url=person.get_absolute_url(), snippet=person.skills
    )


def _resource_result(resource: Resource) -> registry.SearchResult:
    return registry.SearchResult(
        title=resource.name, url=resource.get_absolute_url(), snippet=resource.get_kind_display()
    )


# --- personal data -------------------------------------------------------------------------------


def _export_profiles(user) -> list[dict]:
    from .services import person_export

    profiles = Person.objects.filter(user=user).select_related("district", "dong", "user")
    return [person_export(person=person) for person in profiles]


def _erase_profiles(user) -> None:
    from .services import persons_erase_for_user

    persons_erase_for_user(user=user)


def _refresh_profiles(user) -> None:
    from .services import persons_reindex_for_user

    persons_reindex_for_user(user=user)


# --- metrics ---------------------------------------------------------------------------------------


def _end_of(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in the site's time zone (Asia/Seoul)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


APPROVED_ONCE = [Membership.Status.APPROVED, Membership.Status.LEFT]


def members(district, start, end) -> int:
    """Approved memberships standing at the end of `end` (joined by then, not left by then)."""
    boundary = _end_of(end)
    return (
        Membership.objects.filter(
            district=district, status__in=APPROVED_ONCE, decided_at__isnull=False, decided_at__lt=boundary
        )
        .filter(Q(left_at__isnull=True) | Q(left_at__gte=boundary))
        .count()
    )


def new_members(district, start, end) -> int:
    """Memberships approved between the start of `start` and the end of `end`."""
    return Membership.objects.filter(
        district=district,
        status__in=APPROVED_ONCE,
        decided_at__gte=_start_of(start),
        decided_at__lt=_end_of(end),
    ).count()


def organisations(district, start, end) -> int:
    return Organisation.objects.filter(district=district, created_at__lt=_end_of(end)).count()


def persons(district, start, end) -> int:
    """Public activist profiles (of active accounts) that existed at the end of `end`."""
    return Person.objects.filter(
        district=district, is_public=True, user__is_active=True, created_at__lt=_end_of(end)
    ).count()


def ties(district, start, end) -> int:
    return Tie.objects.filter(district=district, created_at__lt=_end_of(end)).count()


def resources(district, start, end) -> int:
    return Resource.objects.filter(district=district, created_at__lt=_end_of(end)).count()


# --- demo data -----------------------------------------------------------------------------------


def load_demo(*, districts) -> list[str]:
    from .demo import network_demo_load

    lines = []
    for district in districts:
        c = network_demo_load(district=district)
        lines.append(
            f"{district.name} 네트워크 데모: 단체 {c['organisations']}곳, 협력 관계 {c['ties']}건, "
            f"회원 {c['members']}(신청 대기 {c['pending']}), 활동가 {c['persons']}명, "
            f"위원회 {c['committees']}개(위원 {c['seats']}명), 지역자원 {c['resources']}개 "
            f"(이번에 새로 만든 항목 {sum(c['created'].values())}건)"
        )
    return lines


def register() -> None:
    registry.register_search_index(SearchEntry, fts_table="network_search_fts")
    registry.register_search_type(
        "organisation", label=_("단체"), queryset=_organisations, result=_organisation_result, order=10
    )
    registry.register_search_type(
        "person", label=_("활동가"), queryset=_persons, result=_person_result, order=20
    )
    registry.register_search_type(
        "resource", label=_("지역자원"), queryset=_resources, result=_resource_result, order=30
    )
    registry.register_personal_data(
        "activist_profiles", export=_export_profiles, erase=_erase_profiles, refresh=_refresh_profiles
    )
    for name, label, unit, compute in [
        ("network.members", _("네트워크 회원 수"), "명", members),
        ("network.new_members", _("새 네트워크 회원 수"), "명", new_members),
        ("network.organisations", _("등록 단체 수"), "곳", organisations),
        ("network.persons", _("공개 활동가 수"), "명", persons),
        ("network.ties", _("협력 관계 수"), "건", ties),
        ("network.resources", _("지역자원 수"), "개", resources),
    ]:
        registry.register_metric(name, label=label, unit=unit, compute=compute)
    registry.register_demo_loader("network", load_demo, order=100)
