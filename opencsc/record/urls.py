"""URLs of the composed pages: home, the child's record, the episode and its closure."""

from django.urls import path

from opencsc.record import views

app_name = "record"

urlpatterns = [
    path("", views.home, name="home"),
    path("people/<int:pk>/", views.child, name="child"),
    path("episodes/<int:pk>/", views.episode, name="episode"),
    path("episodes/<int:pk>/close/", views.close, name="close"),
    path("closures/", views.closures, name="closures"),
    path("closures/<int:pk>/", views.closure, name="closure"),
]
