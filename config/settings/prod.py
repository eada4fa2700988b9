"""Production: everything from the environment; refuses to start without a SECRET_KEY."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production (environment variable).")
if not os.environ.get("SITE_URL"):
    # every link in an e-mail is built on it; the development default would send people to 127.0.0.1
    raise ImproperlyConfigured("SITE_URL must be set in production, e.g. SITE_URL=https://madang.example.kr")

# residents' identity keys: never derived from SECRET_KEY in production; hashing without the
# environment's RESIDENT_HMAC_KEY refuses (ImproperlyConfigured) and `check --deploy` warns
RESIDENT_HMAC_KEY_DERIVE = False

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# persistent connections (a new PostgreSQL connection per request caps even /healthz at a few hundred
# requests a second; see bench/README.md), checked before reuse so a restarted database does not fail
# the first request
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "600"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("CONN_HEALTH_CHECKS", True)
# with REDIS_URL (base.py): Redis cache, and sessions in the cache backed by the database
# (cached_db: a Redis restart logs nobody out). TASKS: the worker (`make worker`) runs them.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend")}}
