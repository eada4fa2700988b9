from django.urls import path

from . import views

app_name = "residents"

urlpatterns = [
    path("<slug:slug>/", views.process_home, name="process_home"),
    path("<slug:slug>/verify/", views.verify, name="verify"),
    path("<slug:slug>/apply/", views.apply, name="apply"),
    path("<slug:slug>/apply/withdraw/", views.apply_withdraw, name="apply_withdraw"),
    path("<slug:slug>/registry/", views.registry, name="registry"),
    path("<slug:slug>/registry/clear/", views.registry_clear, name="registry_clear"),
    path("<slug:slug>/verifications/", views.verifications, name="verifications"),
    path("<slug:slug>/verifications/in-person/", views.verify_in_person, name="verify_in_person"),
    path("<slug:slug>/applicants/", views.applicants, name="applicants"),
    path("<slug:slug>/draws/new/", views.draw_create, name="draw_create"),
    path("verifications/<int:pk>/revoke/", views.verification_revoke, name="verification_revoke"),
    path("draws/<int:pk>/", views.draw_detail, name="draw_detail"),
    path("draws/<int:pk>/edit/", views.draw_edit, name="draw_edit"),
    path("draws/<int:pk>/run/", views.draw_run, name="draw_run"),
    path("draws/<int:pk>/publish/", views.draw_publish, name="draw_publish"),
    path("draws/<int:pk>/delete/", views.draw_delete, name="draw_delete"),
    path("draws/<int:pk>/verify/", views.draw_verify, name="draw_verify"),
    path("draws/<int:pk>/data.json", views.draw_download, name="draw_download"),
]
