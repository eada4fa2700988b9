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
