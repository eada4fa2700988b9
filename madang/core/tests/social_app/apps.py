from django.apps import AppConfig


class SocialTestConfig(AppConfig):
    """A test-only app (config.settings.test) with one followable, reportable model for the kernel tests."""

    name = "madang.core.tests.social_app"
    label = "socialtest"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from madang.core.follows import register_followable
        from madang.core.moderation import register_reportable

        from .models import Post

        register_followable(Post, label="시험 글")
        register_reportable(
            Post,
            label="시험 글",
            title=lambda p: p.title,
            url=lambda p: "/",
            author=lambda p: p.author,
            select_related=("author",),
        )
