from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "opencsc.notes"
    label = "notes"
    verbose_name = "Case notes"

    def ready(self) -> None:
        from opencsc.notes import access

        access.register()
