import django_filters
from django.utils.translation import gettext_lazy as _

from madang.districts.models import City, District, Program


class DistrictFilter(django_filters.FilterSet):
    city = django_filters.ModelChoiceFilter(
        queryset=City.objects.all(),
        to_field_name="slug",
        label=_("시 슬러그"),
        error_messages={"invalid_choice": _("알 수 없는 시입니다.")},
    )
    program = django_filters.ModelChoiceFilter(
        queryset=Program.objects.all(),
        to_field_name="slug",
        label=_("사업 슬러그 (참여 자치구만)"),
        method="filter_participation",
        error_messages={"invalid_choice": _("알 수 없는 사업입니다.")},
    )
    program_year = django_filters.NumberFilter(
        label=_("연차"), min_value=1, max_value=1000, method="filter_participation"
    )

    class Meta:
        model = District
        fields = ["city", "program", "program_year"]

    def filter_participation(self, queryset, name, value):
        # program and program_year must hold for the same participation: one filter() call
        data = self.form.cleaned_data
        if name == "program_year" and data.get("program") is not None:
            return queryset  # applied together with `program`
        conditions = {}
        if data.get("program") is not None:
            conditions["participations__track__program"] = data["program"]
        if data.get("program_year") is not None:
            conditions["participations__program_year"] = data["program_year"]
        return queryset.filter(**conditions).distinct()
