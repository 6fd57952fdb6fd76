from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "opencsc.notes"
    label = "notes"
    verbose_name = "Case notes"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from opencsc.notes import access, kinds

        access.register()
        post_migrate.connect(kinds.on_post_migrate, sender=self)
