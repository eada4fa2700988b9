"""Reports, hiding at a threshold, and the operators' decisions.

- Reportable models subclass `core.models.Moderated` (with `DistrictOwned`) and are registered with
  `register_reportable(model, *, label, title, url)` (`title(obj)`/`url(obj)` for the operators'
  queue; `author(obj)` optional, for "suspend the author"). Public lists use
  `Model.objects.in_district(d).visible()`.
- `report_content(*, actor, obj, reason, text="")`: one report per person per object (database-unique,
  a second is `DomainError(code="duplicate_report")`); `report_count` rises with an `F()` update and
  the object is hidden in the same transaction when the count reaches the threshold. The threshold is
  the setting `MADANG_MODERATION_THRESHOLD` (default 3), or a `moderation_threshold` attribute of the
  District when one exists. A restored object is not hidden again by later reports (an operator
  decided); a confirmed one stays hidden.
- `moderation_restore` / `moderation_confirm` (permission `core.moderate` on the district: 운영진,
  구 관리자): conditional state moves (`core.services.transition`), audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .exceptions import DomainError
from .models import VISIBLE_STATES as VISIBLE
from .models import AuditEntry, Moderated, ModerationState, Report
from .services import audit_record, district_of, require_perm, transition
from .tenancy import ensure_in_district
from .text import clean_text


@dataclass(frozen=True)
class Reportable:
    model: type[models.Model]
    label: str
    title: Callable
    url: Callable
    author: Callable | None = None
    select_related: tuple[str, ...] = ()


REPORTABLES: dict[str, Reportable] = {}


def register_reportable(
    model, *, label, title=str, url=None, author=None, select_related: tuple[str, ...] = ()
) -> Reportable:
    """`author(obj)` (optional) is the person the operators' queue may suspend; name in
    `select_related` the relations `title`/`url`/`author` read, so the queue loads them in one query."""
    if not issubclass(model, Moderated):
        raise TypeError(f"{model._meta.label} must subclass core.models.Moderated to be reportable")
    entry = Reportable(
        model=model,
        label=label,
        title=title,
        url=url or (lambda obj: obj.get_absolute_url()),
        author=author,
        select_related=tuple(select_related),
    )
    REPORTABLES[model._meta.label_lower] = entry
    return entry


def reportable(model_or_obj) -> Reportable | None:
    return REPORTABLES.get(model_or_obj._meta.label_lower)


def moderation_threshold(district) -> int:
    return int(
        getattr(district, "moderation_threshold", None) or getattr(settings, "MADANG_MODERATION_THRESHOLD", 3)
    )


@transaction.atomic
def report_content(*, actor, obj, reason: str, text: str = "") -> Report:
    """`actor` reports `obj`. Hides it when its reports reach the district's threshold."""
    if reportable(obj) is None:
        raise DomainError(_("신고할 수 없는 대상입니다."), code="not_found")
    district = district_of(obj)
    require_perm(actor, "core.report_content", district, _("이 자치구에서 신고할 수 없는 계정입니다."))
    ensure_in_district(district, obj)
    if reason not in Report.Reason.values:
        raise DomainError(_("신고 사유를 고르세요."), code="invalid")
    text = clean_text(text or "")[:500]
    if reason == Report.Reason.OTHER and not text:
        raise DomainError(_("'기타'를 고르면 신고 내용을 적어 주세요."), code="invalid")
    ct = ContentType.objects.get_for_model(type(obj))
    try:
        with transaction.atomic():
            report = Report.objects.create(
                district=district, reporter=actor, content_type=ct, object_id=obj.pk, reason=reason, text=text
            )
    except IntegrityError as exc:
        raise DomainError(_("이미 신고한 글입니다."), code="duplicate_report") from exc
    model = type(obj)
    manager = model._base_manager
    manager.filter(pk=obj.pk).update(report_count=F("report_count") + 1)
    now = timezone.now()
    hidden = manager.filter(
        pk=obj.pk, moderation=ModerationState.VISIBLE, report_count__gte=moderation_threshold(district)
    ).update(moderation=ModerationState.HIDDEN, hidden_at=now)
    audit_record(
        actor=actor, action=AuditEntry.Action.REPORT, obj=obj, district=district, after={"reason": reason}
    )
    fresh = manager.filter(pk=obj.pk).values("report_count", "moderation", "hidden_at").get()
    for name, value in fresh.items():
        setattr(obj, name, value)
    if hidden:
        audit_record(
            actor=actor,
            action=AuditEntry.Action.HIDE,
            obj=obj,
            district=district,
            before={"moderation": ModerationState.VISIBLE},
            after={"moderation": ModerationState.HIDDEN, "report_count": fresh["report_count"]},
            note="report threshold",
        )
    return report


def _decide(*, actor, obj, district, target, source, values, action, message):
    if reportable(obj) is None:
        raise DomainError(_("검토할 수 없는 대상입니다."), code="not_found")
    require_perm(actor, "core.moderate", district, _("신고된 글을 검토할 권한이 없습니다."))
    ensure_in_district(district, obj)
    return transition(
        obj,
        source=source,
        target=target,
        actor=actor,
        field="moderation",
        values=values,
        action=action,
        district=district,
        message=message,
    )


@transaction.atomic
def moderation_restore(*, actor, obj, district=None):
    """Show a hidden (or confirmed) object again; later reports no longer hide it."""
    district = district or district_of(obj)
    return _decide(
        actor=actor,
        obj=obj,
        district=district,
        source=[ModerationState.HIDDEN, ModerationState.CONFIRMED, ModerationState.VISIBLE],
        target=ModerationState.RESTORED,
        values={"hidden_at": None},
        action=AuditEntry.Action.RESTORE,
        message=_("이미 복원된 글입니다."),
    )


@transaction.atomic
def moderation_confirm(*, actor, obj, district=None):
    """Keep the object hidden for good (the reports were right); also hides a reported visible one."""
    district = district or district_of(obj)
    return _decide(
        actor=actor,
        obj=obj,
        district=district,
        source=[ModerationState.HIDDEN, ModerationState.VISIBLE, ModerationState.RESTORED],
        target=ModerationState.CONFIRMED,
        values={"hidden_at": obj.hidden_at or timezone.now()},
        action=AuditEntry.Action.CONFIRM,
        message=_("이미 숨김이 확정된 글입니다."),
    )


# --- the operators' queue (read) ------------------------------------------------------------------------


@dataclass
class QueueItem:
    content_type_id: int
    object_id: int
    report_total: int
    last_reported_at: object
    obj: object = None
    reportable: Reportable | None = None
    reasons: list = None  # [(label, count)]
    texts: list = None  # up to three reporters' own words

    @property
    def title(self) -> str:
        return str(self.reportable.title(self.obj)) if self.obj is not None else ""

    @property
    def url(self) -> str:
        return self.reportable.url(self.obj) if self.obj is not None else ""

    @property
    def author(self):
        if self.obj is None or self.reportable.author is None:
            return None
        return self.reportable.author(self.obj)


def moderation_queue(district, *, state: str = ""):
    """Reported objects of `district`, most recently reported first, as a queryset of
    {content_type_id, object_id, report_total, last_reported_at} to paginate; then
    `moderation_queue_items(district, page.object_list)` loads the page's objects and reasons."""
    from django.db.models import Count, Max

    qs = Report.objects.in_district(district)
    if state == "hidden":
        hidden = []
        for entry in REPORTABLES.values():
            ct = ContentType.objects.get_for_model(entry.model)
            ids = (
                entry.model._base_manager.filter(district=district)
                .exclude(moderation__in=VISIBLE)
                .values("pk")
            )
            hidden.append(models.Q(content_type=ct, object_id__in=ids))
        if not hidden:
            return qs.none().values("content_type_id", "object_id")
        q = hidden[0]
        for more in hidden[1:]:
            q |= more
        qs = qs.filter(q)
    return (
        qs.values("content_type_id", "object_id")
        .annotate(report_total=Count("id"), last_reported_at=Max("created_at"))
        .order_by("-last_reported_at", "-object_id")
    )


def moderation_queue_items(district, rows) -> list[QueueItem]:
    """The page's objects (one query per reportable model on the page) and reasons (one query)."""
    from collections import Counter, defaultdict

    items = [QueueItem(**row) for row in rows]
    by_ct = defaultdict(list)
    for item in items:
        by_ct[item.content_type_id].append(item)
    reason_labels = dict(Report.Reason.choices)
    pairs = models.Q(pk__in=[])
    for ct_id, group in by_ct.items():
        ct = ContentType.objects.get_for_id(ct_id)
        model = ct.model_class()
        entry = reportable(model) if model is not None else None
        if entry is None:
            continue
        objs = (
            model._base_manager.filter(district=district, pk__in=[i.object_id for i in group])
            .select_related(*entry.select_related)
            .in_bulk()
        )
        for item in group:
            item.obj, item.reportable = objs.get(item.object_id), entry
        pairs |= models.Q(content_type_id=ct_id, object_id__in=[i.object_id for i in group])
    counts, texts = defaultdict(Counter), defaultdict(list)
    for ct_id, object_id, reason, text in (
        Report.objects.in_district(district)
        .filter(pairs)
        .values_list("content_type_id", "object_id", "reason", "text")
    ):
        counts[(ct_id, object_id)][reason] += 1
        if text and len(texts[(ct_id, object_id)]) < 3:
            texts[(ct_id, object_id)].append(text)
    for item in items:
        key = (item.content_type_id, item.object_id)
        item.reasons = [(reason_labels.get(r, r), n) for r, n in counts[key].most_common()]
        item.texts = texts[key]
    return [item for item in items if item.obj is not None]
