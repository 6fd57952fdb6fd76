"""URLs for child and family assessments."""

from django.urls import path

from opencsc.assessments import views

app_name = "assessments"

urlpatterns = [
    path("to-authorise/", views.awaiting, name="awaiting"),
    path("start/<int:referral_pk>/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.review, name="review"),
]
