import os
import threading

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")

application = get_wsgi_application()


def _warm_up():
    """Load the Korean tokenizer's model in the background so the first search is not slow."""
    from madang.core.search import warm_up

    warm_up()


threading.Thread(target=_warm_up, name="kiwi-warm-up", daemon=True).start()
