"""Organisation lists in and out of spreadsheets: upload → preview (dry run) → confirm, and export."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from madang.core import jobs
from madang.core.services import DomainError
from madang.core.spreadsheets import spreadsheet_response
from madang.core.tenancy import district_view, get_in_district

from .. import spreadsheets
from ..models import ImportBatch, IssueArea, Organisation, OrgKind

PREVIEW_SAMPLE = 20
PREVIEW_MAX_ERRORS = 500
EXPORT_FORMATS = ("csv", "xlsx")


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("명단 파일 (CSV 또는 XLSX)"),
        help_text=gettext_lazy(
            "첫 줄에 머리글을 적어 주세요. 단체명과 유형은 꼭 있어야 하고, 법적형태, 의제, 활동동, "
            "설립연도, 회원수, 소개, 웹사이트, 이메일, 전화, 주소는 넣고 싶을 때만 적습니다. 의제와 "
            "활동동이 여럿이면 쉼표(,)로 나눕니다. 파일은 5MB, 5,000행까지 올릴 수 있습니다."
        ),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        error_messages={"required": gettext_lazy("올릴 파일을 고르세요.")},
    )


@district_view("network.import_organisations")
@require_http_methods(["GET", "POST"])
def import_upload(request, district):
    form = ImportUploadForm(request.POST, request.FILES) if request.method == "POST" else ImportUploadForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size is not None and upload.size > spreadsheets.MAX_UPLOAD_BYTES:
            form.add_error("file", _("파일이 너무 큽니다 (최대 5MB)."))
        else:
            try:
                batch = spreadsheets.preview_import(
                    actor=request.user,
                    district=district,
                    filename=upload.name,
                    raw=upload.read(spreadsheets.MAX_UPLOAD_BYTES + 1),
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return redirect("network:import_preview", district=district.slug, batch=batch.pk)
    return render(request, "network/import_upload.html", {"district": district, "form": form})


def _sample_rows(district, rows: list[dict]) -> list[dict]:
    """The first rows to import, with names for their codes and ids (two queries)."""
    sample = rows[:PREVIEW_SAMPLE]
    area_ids = {pk for row in sample for pk in row.get("issue_areas", [])}
    dong_ids = {pk for row in sample for pk in row.get("dongs", [])}
    areas = dict(IssueArea.objects.filter(pk__in=area_ids).values_list("pk", "name")) if area_ids else {}
    dongs = dict(district.dongs.filter(pk__in=dong_ids).values_list("pk", "name")) if dong_ids else {}
    kinds = dict(OrgKind.choices)
    return [
        {
            "line": row.get("line"),
            "name": row["name"],
            "kind": kinds.get(row.get("kind"), row.get("kind")),
            "issue_areas": ", ".join(areas.get(pk, "") for pk in row.get("issue_areas", [])),
            "dongs": ", ".join(dongs.get(pk, "") for pk in row.get("dongs", [])),
            "founded_year": row.get("founded_year") or "",
        }
        for row in sample
    ]


@district_view("network.import_organisations")
@require_http_methods(["GET", "POST"])
def import_preview(request, district, batch):
    batch = get_in_district(ImportBatch, district, pk=batch)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "confirm" and spreadsheets.import_runs_in_worker(batch):
                spreadsheets.confirm_import_later(actor=request.user, batch=batch)
                messages.info(request, _("가져오기를 시작했습니다. 이 화면에서 진행 상황을 볼 수 있습니다."))
                return redirect("network:import_preview", district=district.slug, batch=batch.pk)
            elif action == "confirm":
                created = spreadsheets.confirm_import(actor=request.user, batch=batch)
                messages.success(request, _("단체 %(count)d곳을 가져왔습니다.") % {"count": created})
            elif action == "discard":
                spreadsheets.discard_import(actor=request.user, batch=batch)
                messages.success(request, _("가져오기를 취소했습니다. 아무것도 바뀌지 않았습니다."))
            else:
                messages.error(request, _("알 수 없는 요청입니다."))
                return redirect("network:import_preview", district=district.slug, batch=batch.pk)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("network:import_preview", district=district.slug, batch=batch.pk)
        return redirect("network:organisation_list", district=district.slug)
    errors = sorted(batch.errors, key=lambda item: item[0])
    job = _latest_job(batch)
    return render(
        request,
        "network/import_preview.html",
        {
            "district": district,
            "batch": batch,
            "is_open": batch.status == ImportBatch.Status.PREVIEWED and not (job and job.is_active),
            "progress": jobs.job_state(job) if job else None,
            "to_import": len(batch.rows),
            "skipped": batch.skipped,
            "errors": errors[:PREVIEW_MAX_ERRORS],
            "error_count": len(errors),
            "error_lines": len({line for line, _message in errors}),
            "errors_truncated": len(errors) > PREVIEW_MAX_ERRORS,
            "sample": _sample_rows(district, batch.rows),
            "sample_size": PREVIEW_SAMPLE,
        },
    )


def _latest_job(batch):
    found = jobs.jobs_for(batch)
    return found[0] if found else None


@district_view("network.import_organisations")
@never_cache
@require_http_methods(["GET"])
def import_progress(request, district, batch):
    """The progress box of a list the worker imports (polled by htmx every 2 s while it runs)."""
    batch = get_in_district(ImportBatch, district, pk=batch)
    job = _latest_job(batch)
    if job is None:
        raise Http404(_("진행 중인 가져오기가 없습니다."))
    return render(
        request,
        "network/_import_progress.html",
        {"district": district, "batch": batch, "progress": jobs.job_state(job)},
    )


@district_view("network.view_network")
@never_cache
def export_directory(request, district, fmt):
    if fmt not in EXPORT_FORMATS:
        raise Http404(_("지원하지 않는 파일 형식입니다."))
    queryset = (
        Organisation.objects.in_district(district)
        .public()
        .order_by("name", "id")
        .prefetch_related("issue_areas", "dongs")
    )
    headers, rows = spreadsheets.export_rows(actor=request.user, district=district, queryset=queryset)
    return spreadsheet_response(
        fmt, headers, rows, filename=f"{district.slug}-organisations", sheet_title="단체"
    )
