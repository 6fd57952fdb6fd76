from django.contrib.auth import views as auth_views
from django.urls import path

from opencsc.accounts import oidc, views
from opencsc.accounts.signin import views as signin
from opencsc.accounts.signin.middleware import second_factor_step

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-in/council/", oidc.start, name="oidc-start"),
    path("sign-in/council/callback/", oidc.callback, name="oidc-callback"),
    path("sign-out/", second_factor_step(auth_views.LogoutView.as_view()), name="logout"),
    path("stay-signed-in/", views.stay_signed_in, name="stay-signed-in"),
    path("sign-in/code/", signin.sign_in_code, name="sign-in-code"),
    path("sign-in/set-up/", signin.set_up_authenticator, name="set-up-authenticator"),
    path("sign-in/recovery-codes/", signin.recovery_codes, name="recovery-codes"),
    path("account/", signin.your_account, name="your-account"),
    path("account/password/", signin.ChangePasswordView.as_view(), name="change-password"),
    path("staff/", views.staff_list, name="staff-list"),
    path("staff/new/", views.staff_create, name="staff-create"),
    path("staff/<int:pk>/", views.staff_edit, name="staff-edit"),
    path("staff/<int:pk>/active/", views.staff_set_active, name="staff-set-active"),
    path(
        "staff/<int:pk>/multi-factor/reset/",
        signin.staff_reset_second_factor,
        name="staff-reset-second-factor",
    ),
    path("teams/new/", views.team_create, name="team-create"),
    path("staff/role-changes/", views.role_grants, name="role-grants"),
    path("staff/role-changes/<int:pk>/", views.role_grant, name="role-grant"),
]
