from django.contrib import admin
from django.db import transaction

from .models import AuditEntry
from .services import audit_record, district_of, model_snapshot


class AuditedModelAdmin(admin.ModelAdmin):
    """Django admin writes are audited in the same transaction, like the site's services."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = None
            if change and obj.pk:
                before = model_snapshot(type(obj).objects.get(pk=obj.pk))
            super().save_model(request, obj, form, change)
            audit_record(
                actor=request.user,
                action="update" if change else "create",
                obj=obj,
                district=district_of(obj),
                before=before,
                after=model_snapshot(obj),
                note="admin",
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=request.user,
                action="delete",
                obj=obj,
                district=district_of(obj),
                before=model_snapshot(obj),
                note="admin",
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "district", "action", "object_type", "object_repr"]
    list_filter = ["action", "district", "object_type"]
    list_select_related = ["district"]
    search_fields = ["actor_label", "object_repr"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
