from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArenasConfig(AppConfig):
    name = "madang.arenas"
    label = "arenas"
    verbose_name = _("아레나")

    def ready(self) -> None:
        from . import registry

        registry.register()
