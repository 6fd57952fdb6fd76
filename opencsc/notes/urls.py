"""Case notes: a child's notes, a new note, a note and its versions, and a manager's oversight
notes."""

from django.urls import path

from opencsc.notes import views

app_name = "notes"

urlpatterns = [
    path("people/<int:pk>/notes/", views.child_notes, name="child-notes"),
    path("people/<int:pk>/notes/new/", views.new, name="new"),
    path("notes/oversight/", views.oversight, name="oversight"),
    path("notes/<int:pk>/", views.note, name="note"),
    path("notes/<int:pk>/edit/", views.edit, name="edit"),
    path("notes/<int:pk>/finalise/", views.finalise, name="finalise"),
    path("notes/<int:pk>/correct/", views.correct, name="correct"),
    path("notes/<int:pk>/read/", views.mark_read, name="read"),
]
