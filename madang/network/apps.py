from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "madang.network"
    label = "network"
    verbose_name = _("포괄적 네트워크")

    def ready(self) -> None:
        from . import registry

        registry.register()
