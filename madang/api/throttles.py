"""API throttles beyond DRF's anon/user ones (REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"])."""

from rest_framework.throttling import SimpleRateThrottle


class WriteRateThrottle(SimpleRateThrottle):
    """Writes (POST, PUT, PATCH, DELETE) per account, or per client address when anonymous, at the
    "write" rate; reads are left to the anon/user throttles."""

    scope = "write"

    def get_cache_key(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        user = request.user
        ident = user.pk if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
