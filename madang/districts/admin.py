from django.contrib import admin

from madang.core.admin import AuditedModelAdmin

from .models import (
    City,
    CoreGoal,
    CoreValue,
    District,
    Dong,
    Program,
    ProgramParticipation,
    ProgramTrack,
    Vision,
)


@admin.register(City)
class CityAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "slug"]


@admin.register(District)
class DistrictAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "name_en", "slug", "city"]
    search_fields = ["name", "name_en", "slug", "code"]


@admin.register(Dong)
class DongAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "district"]
    list_filter = ["district"]
    search_fields = ["name", "code"]


class TrackInline(admin.TabularInline):
    model = ProgramTrack
    extra = 0


@admin.register(Program)
class ProgramAdmin(AuditedModelAdmin):
    list_display = ["name", "slug", "duration_months"]
    inlines = [TrackInline]


@admin.register(ProgramParticipation)
class ProgramParticipationAdmin(AuditedModelAdmin):
    list_display = ["district", "track", "program_year"]
    list_filter = ["track", "program_year"]
    list_select_related = ["district", "track"]


admin.site.register(CoreGoal, AuditedModelAdmin)
admin.site.register(CoreValue, AuditedModelAdmin)
admin.site.register(Vision, AuditedModelAdmin)
