from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "madang.proposals"
    label = "proposals"
    verbose_name = _("시민제안")

    def ready(self) -> None:
        from . import registry

        registry.register()
