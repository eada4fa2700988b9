"""How proposals plug into the kernel's registries; called from `ProposalsConfig.ready()`."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from madang.core import registry
from madang.processes.features import register_feature

from .models import Assignment, Proposal, Support

SEARCH_TYPE = "proposal"


def _proposals(district, user):
    return Proposal.objects.public().filter(district=district).select_related("district")


def _result(proposal: Proposal) -> registry.SearchResult:
    return registry.SearchResult(
        title=proposal.title,
        url=proposal.get_absolute_url(),
        snippet=f"{proposal.get_stage_display()} · 공감 {proposal.support_count}",
    )


def _start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _end(day: datetime.date) -> datetime.datetime:
    return _start(day + datetime.timedelta(days=1))


def made(district, start, end) -> int:
    """Proposals made (and not turned down) in the range."""
    return (
        Proposal.objects.filter(district=district, created_at__gte=_start(start), created_at__lt=_end(end))
        .exclude(stage="rejected")
        .count()
    )


def answered(district, start, end) -> int:
    return Assignment.objects.filter(
        proposal__district=district, answered_at__gte=_start(start), answered_at__lt=_end(end)
    ).count()


def answered_on_time(district, start, end) -> int:
    from django.db.models import F

    return Assignment.objects.filter(
        proposal__district=district,
        answered_at__gte=_start(start),
        answered_at__lt=_end(end),
        answered_at__lte=F("due_at"),
    ).count()


def supports(district, start, end) -> int:
    return Support.objects.filter(
        proposal__district=district, created_at__gte=_start(start), created_at__lt=_end(end)
    ).count()


def _export(user):
    from .services import personal_export

    return personal_export(user)


def _erase(user):
    from .services import personal_erase

    personal_erase(user)


def _demo(*, districts):
    from .demo import load_demo

    return load_demo(districts=districts)


def summary(district, user):
    """For the district 공론장 overview (forums owns the page): counts and the most supported open ones."""
    from .selectors import proposals_summary

    return proposals_summary(district)


def register() -> None:
    register_feature("propose", _("제안"))
    register_feature("support", _("공감"))
    registry.register_search_type(
        SEARCH_TYPE, label=_("시민제안"), order=200, queryset=_proposals, result=_result
    )
    registry.register_personal_data("proposals", export=_export, erase=_erase, refresh=None)
    registry.register_metric("proposals.made", label=_("시민제안 수"), unit="건", compute=made)
    registry.register_metric("proposals.answered", label=_("답변한 시민제안"), unit="건", compute=answered)
    registry.register_metric(
        "proposals.answered_on_time",
        label=_("기한 안에 답변한 시민제안"),
        unit="건",
        compute=answered_on_time,
    )
    registry.register_metric("proposals.supports", label=_("시민제안 공감 수"), unit="건", compute=supports)
    registry.register_demo_loader("proposals", _demo, order=300)
    _register_kernel_social()
    _register_kernel_content()


def _register_kernel_content() -> None:
    registry.register_link_type(
        "proposals.proposal",
        label=_("시민제안"),
        model=Proposal,
        queryset=lambda district: Proposal.objects.in_district(district).public(),
        title=lambda p: p.title,
        url=lambda p: p.get_absolute_url(),
    )
    registry.register_summary("proposals", summary, label=_("시민제안"), order=20)


def _register_kernel_social() -> None:
    from madang.core import follows
    from madang.core.moderation import register_reportable

    follows.register_followable(Proposal, label=_("시민제안"))
    register_reportable(
        Proposal,
        label=_("시민제안"),
        title=lambda p: p.title,
        url=lambda p: p.get_absolute_url(),
        author=lambda p: p.author,
        select_related=("district", "author"),
    )
