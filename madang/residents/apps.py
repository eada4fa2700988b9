from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


def hmac_key_check(app_configs=None, **kwargs):
    """`manage.py check --deploy`: the residents' HMAC secret must come from the environment."""
    from django.conf import settings

    if getattr(settings, "RESIDENT_HMAC_KEY", "") or getattr(settings, "RESIDENT_HMAC_KEY_DERIVE", False):
        return []
    return [
        checks.Warning(
            "RESIDENT_HMAC_KEY is not set: resident verification and offline ballots will refuse to run.",
            hint="Set RESIDENT_HMAC_KEY (a long random secret kept outside the database) in the environment.",
            id="residents.W001",
        )
    ]


class ResidentsConfig(AppConfig):
    name = "madang.residents"
    label = "residents"
    verbose_name = _("주민 확인·추첨")

    def ready(self):
        from . import registry, rules  # noqa: F401

        checks.register(hmac_key_check, checks.Tags.security, deploy=True)
        registry.register()
