"""URLs for plans: children in need plans and statutory visits."""

from django.urls import path

from opencsc.plans import views

app_name = "plans"

urlpatterns = [
    path("episodes/<int:pk>/plan/new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reviews/new/", views.review_new, name="review-new"),
    path("<int:pk>/end/", views.end, name="end"),
    path("episodes/<int:pk>/visits/new/", views.visit_new, name="visit-new"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("visits/overdue/", views.overdue_visits, name="overdue-visits"),
]
