from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from madang.core.numbers import parse_int
from madang.core.services import DomainError


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        for param in (self.page_query_param, self.page_size_query_param):
            raw = request.query_params.get(param)
            if raw is None or raw == "last":
                continue
            try:
                parse_int(raw, min=1)
            except DomainError as error:
                raise ValidationError({param: [_("1 이상의 정수여야 합니다.")]}) from error
        return super().paginate_queryset(queryset, request, view)
