"""Development and demo: DEBUG on, SQLite under var/, console e-mail."""

from .base import *

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-change-me-in-production-0123456789"
WHITENOISE_USE_FINDERS = True
# Rescanning static files on every request costs tens of milliseconds; opt in when editing assets.
WHITENOISE_AUTOREFRESH = env_bool("WHITENOISE_AUTOREFRESH", False)
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
