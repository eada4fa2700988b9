from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from madang.core.views import healthz

handler400 = "madang.core.views.bad_request"
handler404 = "madang.core.views.page_not_found"
handler500 = "madang.core.views.server_error"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("madang.accounts.urls")),
    path("api/v1/", include("madang.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # ReDoc needs remote fonts and a blob: worker our CSP refuses; Swagger UI above documents the same schema
    path("api/redoc/", RedirectView.as_view(pattern_name="api-docs", permanent=False), name="api-redoc"),
    # district slugs take the remaining top-level paths: keep these last
    path("<slug:district>/network/", include("madang.network.urls")),
    path("<slug:district>/processes/", include("madang.processes.urls")),
    path("<slug:district>/", include("madang.forums.urls")),
    path("<slug:district>/budgeting/", include("madang.budgeting.urls")),
    path("<slug:district>/residents/", include("madang.residents.urls")),
    path("<slug:district>/arenas/", include("madang.arenas.urls")),
    path("<slug:district>/proposals/", include("madang.proposals.urls")),
    path("", include("madang.districts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
