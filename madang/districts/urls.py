from django.urls import path

from . import views

app_name = "districts"

urlpatterns = [
    path("", views.city, name="city"),
    path("<slug:district>/", views.detail, name="detail"),
    path("<slug:district>/manage/vision/<slug:program>/", views.vision_edit, name="vision_edit"),
    path("<slug:district>/manage/roles/", views.roles, name="roles"),
    path("<slug:district>/manage/roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("<slug:district>/manage/audit/", views.audit_log, name="audit_log"),
    path("<slug:district>/follow/<int:ct_id>/<int:pk>/", views.follow, name="follow"),
    path("<slug:district>/report/<int:ct_id>/<int:pk>/", views.report, name="report"),
    path("<slug:district>/moderation/", views.moderation_queue, name="moderation"),
    path(
        "<slug:district>/moderation/<int:ct_id>/<int:pk>/", views.moderation_decide, name="moderation_decide"
    ),
]
