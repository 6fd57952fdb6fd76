from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "opencsc.accounts"
    label = "accounts"
    verbose_name = "Staff and teams"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from opencsc.accounts.sessions import record_sign_in

        # Not domain behaviour: the session's clock starts however the user signed in.
        user_logged_in.connect(record_sign_in, dispatch_uid="opencsc_record_sign_in")
