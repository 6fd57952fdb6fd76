from django.urls import path

from opencsc.people import views

app_name = "people"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.person_create, name="person-create"),
    path("<int:pk>/family/", views.relative_find, name="relative-find"),
    path("<int:pk>/family/link/", views.relative_link, name="relative-link"),
    path("<int:pk>/family/new/", views.relative_create, name="relative-create"),
    path("<int:pk>/merge/", views.person_merge, name="person-merge"),
    path("<int:pk>/disabilities/", views.disabilities_edit, name="disabilities"),
    path("<int:pk>/history/", views.person_history, name="person-history"),
    path("<int:pk>/move/", views.person_move, name="person-move"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/<int:pk>/", views.duplicate_pair, name="duplicate-pair"),
]
