from django.contrib import admin

from madang.core.admin import AuditedModelAdmin

from .models import Phase, Process


class PhaseInline(admin.TabularInline):
    """Read-only here: phases change in the site, where overlaps and dates are checked."""

    model = Phase
    fields = ["name", "starts_at", "ends_at", "features", "order"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False


@admin.register(Process)
class ProcessAdmin(AuditedModelAdmin):
    list_display = ["title", "district", "kind", "starts_on", "ends_on", "is_published"]
    list_filter = ["kind", "is_published", "district"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["dong", "committee"]
    inlines = [PhaseInline]
