from django.conf import settings
from django.db import models

from madang.core.models import Moderated
from madang.core.tenancy import DistrictOwned


class Post(Moderated, DistrictOwned):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "시험 글"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return "/"
