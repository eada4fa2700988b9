from django.urls import path

from . import views

app_name = "arenas"

urlpatterns = [
    path("", views.arena_list, name="arena_list"),
    path("new/", views.arena_create, name="arena_create"),
    path("followups/", views.followup_tracker, name="followup_tracker"),
    path("followups/<int:pk>/done/", views.followup_done, name="followup_done"),
    path("<int:pk>/", views.arena_detail, name="arena_detail"),
    path("<int:pk>/edit/", views.arena_edit, name="arena_edit"),
    path("<int:pk>/seats/new/", views.seat_create, name="seat_create"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("seats/<int:pk>/end/", views.seat_end, name="seat_end"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/status/", views.session_status, name="session_status"),
    path("sessions/<int:pk>/attendance/", views.attendance_edit, name="attendance_edit"),
    path("sessions/<int:pk>/agenda/new/", views.agenda_create, name="agenda_create"),
    path("sessions/<int:pk>/minutes/", views.minutes_edit, name="minutes_edit"),
    path("sessions/<int:pk>/minutes/publish/", views.minutes_publish, name="minutes_publish"),
    path("agenda/<int:pk>/decision/", views.decision_edit, name="decision_edit"),
    path("agenda/<int:pk>/followups/new/", views.followup_create, name="followup_create"),
]
