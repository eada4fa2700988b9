"""One error shape for the whole API:

{"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"name": ["…"]}}}
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from madang.core.services import DomainError

MESSAGES = {
    400: _("요청 값이 올바르지 않습니다."),
    401: _("로그인이 필요합니다."),
    403: _("권한이 없습니다."),
    404: _("찾을 수 없습니다."),
    405: _("허용되지 않는 요청 방식입니다."),
    429: _("요청이 너무 많습니다. 잠시 후 다시 시도하세요."),
}


# DomainError codes with their own HTTP status; "duplicate_*" is 409, anything else 400.
DOMAIN_STATUS = {
    "forbidden": status.HTTP_403_FORBIDDEN,
    "not_found": status.HTTP_404_NOT_FOUND,
    "conflict": status.HTTP_409_CONFLICT,
    "rate_limited": status.HTTP_429_TOO_MANY_REQUESTS,
}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        code = exc.code
        http = DOMAIN_STATUS.get(code)
        if http is None:
            http = status.HTTP_409_CONFLICT if code.startswith("duplicate") else status.HTTP_400_BAD_REQUEST
        return Response({"error": {"status": http, "code": code, "message": exc.message}}, status=http)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) if str(exc) else None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    body = {"status": response.status_code, "code": getattr(exc, "default_code", "error")}
    detail = response.data
    if isinstance(exc, exceptions.Throttled):
        body["message"] = str(MESSAGES[429])
        if exc.wait is not None:
            body["retry_after"] = int(exc.wait + 0.999)
    elif isinstance(exc, exceptions.ValidationError):
        body["message"] = str(MESSAGES[400])
        body["fields"] = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    else:
        text = detail.get("detail") if isinstance(detail, dict) else None
        body["message"] = (
            str(text) if text else str(MESSAGES.get(response.status_code, _("오류가 발생했습니다.")))
        )
    response.data = {"error": body}
    return response
