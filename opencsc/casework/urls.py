"""URLs for casework: a child's episode from allocation to closure."""

from django.urls import path

from opencsc.casework import views

app_name = "casework"

urlpatterns = [
    path("episodes/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("episodes/<int:pk>/transfer/", views.transfer_new, name="transfer-new"),
    path("referrals/to-allocate/", views.to_allocate, name="to-allocate"),
    path("directed-actions/<int:pk>/done/", views.action_done, name="action-done"),
    path("directed-actions/<int:pk>/change/", views.action_change, name="action-change"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<int:pk>/", views.transfer, name="transfer"),
    path("people/<int:pk>/access/", views.restriction, name="restrict"),
    path("people/<int:pk>/details/", views.person_details, name="person-details"),
]
