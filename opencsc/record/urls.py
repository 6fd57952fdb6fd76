"""URLs of the composed pages: home, the child's record, the episode and its closure."""

from django.urls import path

from opencsc.record import views, warning_views

app_name = "record"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<int:pk>/", views.child, name="child"),
    path("people/<int:pk>/chronology/", views.chronology, name="chronology"),
    path("people/<int:pk>/contacts-and-episodes/", views.work, name="work"),
    path("people/<int:pk>/missing-and-exploitation/", views.missing, name="missing"),
    path("people/<int:pk>/private-fostering/", views.fostering, name="fostering"),
    path("episodes/<int:pk>/", views.episode, name="episode"),
    path("episodes/<int:pk>/close/", views.close, name="close"),
    path("closures/", views.closures, name="closures"),
    path("closures/<int:pk>/", views.closure, name="closure"),
    path("people/<int:pk>/warnings/", warning_views.warnings, name="warnings"),
    path("people/<int:pk>/warnings/new/", warning_views.warning_set, name="warning-set"),
    path("warnings/<int:pk>/review/", warning_views.warning_review, name="warning-review"),
    path("warnings/<int:pk>/end/", warning_views.warning_end, name="warning-end"),
]
