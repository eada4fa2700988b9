"""Settings of the processes the scale-out test starts (madang/core/tests/test_scale_out.py).

The test settings, with state shared as in production: the Redis cache and cached_db sessions
(REDIS_URL), the database task backend (a `db_worker` process sends the mail), persistent
connections, and e-mail written as files into EMAIL_FILE_PATH so the test can read it."""

from .test import *

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
