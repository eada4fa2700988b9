from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    name = "madang.districts"
    label = "districts"
    verbose_name = _("자치구")

    def ready(self) -> None:
        from . import registry

        registry.register()
