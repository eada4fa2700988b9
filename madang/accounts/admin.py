from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from madang.core.admin import AuditedModelAdmin

from .models import RoleAssignment, User


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "display_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Profile", {"fields": ["display_name", "privacy_consent_at"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]
    filter_horizontal = []
    list_filter = ["is_active", "is_staff"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(AuditedModelAdmin):
    list_display = ["user", "district", "city", "role", "department", "granted_at"]
    list_filter = ["role", "district"]
    list_select_related = ["user", "district", "city"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user"]
