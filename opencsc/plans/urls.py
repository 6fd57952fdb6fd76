"""URLs for plans."""

from django.urls import path  # noqa: F401

app_name = "plans"

urlpatterns: list = []
