from django.urls import path

from . import views

app_name = "processes"

urlpatterns = [
    path("", views.process_list, name="list"),
    path("new/", views.process_create, name="create"),
    path("<slug:slug>/", views.process_detail, name="detail"),
    path("<slug:slug>/edit/", views.process_edit, name="edit"),
    path("<slug:slug>/delete/", views.process_delete, name="delete"),
    path("<slug:slug>/phases/new/", views.phase_create, name="phase_create"),
    path("<slug:slug>/phases/<int:pk>/edit/", views.phase_edit, name="phase_edit"),
    path("<slug:slug>/phases/<int:pk>/delete/", views.phase_delete, name="phase_delete"),
]
