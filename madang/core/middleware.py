from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class KoreanFirstLocaleMiddleware(LocaleMiddleware):
    """Korean unless the person chose another language (language cookie from the switcher).

    A district platform speaks Korean by default; a browser's Accept-Language alone does not
    switch it, but the switch in the header does and is remembered.
    """

    def process_request(self, request):
        supported = {code for code, _name in settings.LANGUAGES}
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulMiddleware:
    """A NUL byte in the path or the query string is a 400, before any view or lookup sees it.

    No page or API parameter of the site carries one, and PostgreSQL refuses it in text
    (DataError, a 500) wherever it would reach a query — a slug, a filter, a search."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "%00" in query or "\x00" in query:
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        message = _("주소에 쓸 수 없는 문자(NUL)가 들어 있습니다.")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"status": 400, "code": "invalid", "message": message, "fields": {}}}, status=400
            )
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
