from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "madang.core"
    label = "core"
    verbose_name = _("공통")

    def ready(self):
        from .cache import connect_signals

        connect_signals()
