from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        for param in (self.page_query_param, self.page_size_query_param):
            raw = request.query_params.get(param)
            if raw is not None and raw != "last" and (not raw.isdigit() or int(raw) < 1):
                raise ValidationError({param: [_("1 이상의 정수여야 합니다.")]})
        return super().paginate_queryset(queryset, request, view)
