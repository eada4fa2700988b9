from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumsConfig(AppConfig):
    name = "madang.forums"
    label = "forums"
    verbose_name = _("포럼")

    def ready(self) -> None:
        from . import registry

        registry.register()
