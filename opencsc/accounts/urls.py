from django.contrib.auth import views as auth_views
from django.urls import path

from opencsc.accounts import oidc, views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/council/", oidc.start, name="oidc-start"),
    path("sign-in/council/callback/", oidc.callback, name="oidc-callback"),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/new/", views.staff_create, name="staff-create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/active/", views.staff_set_active, name="staff-set-active"),
    path("teams/new/", views.team_create, name="team-create"),
    path("staff/role-changes/", views.role_grants, name="role-grants"),
    path("staff/role-changes/<int:pk>/", views.role_grant, name="role-grant"),
]
