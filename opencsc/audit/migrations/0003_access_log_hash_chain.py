"""Number and hash the access log's rows (audit.chain): the rows already there are chained in the
order they were written. Row times are now set by audit.services.save_rows, not auto_now_add.

There is no way back: unapplying raises an error (the chain is evidence, not a cache).
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from opencsc.audit import chain

BATCH = 2000
SQLITE_NO_UPDATE = """CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog
       BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;"""


def chain_existing_rows(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    AccessLog = apps.get_model("audit", "AccessLog")
    vendor = schema_editor.connection.vendor
    if not AccessLog.objects.exists():
        return
    # The rows are written once more, here only, with the no-update trigger set aside.
    if vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE audit_accesslog DISABLE TRIGGER audit_accesslog_no_update"
        )
    elif vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_accesslog_no_update")
    secret = chain.key()
    seq, previous = 0, chain.GENESIS
    last_id = 0
    while True:
        rows = list(AccessLog.objects.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not rows:
            break
        for row in rows:
            seq += 1
            row.seq = seq
            row.hash = chain.digest(
                tuple(getattr(row, name) for name in chain.FIELDS), previous, secret
            )
            previous = row.hash
        AccessLog.objects.bulk_update(rows, ["seq", "hash"])
        last_id = rows[-1].id
    if vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(
            "ALTER TABLE audit_accesslog ENABLE TRIGGER audit_accesslog_no_update"
        )
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_NO_UPDATE)


def refuse(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    raise RuntimeError("The access log's hash chain cannot be migrated away (docs/security.md).")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_access_log_append_only")]
    operations = [
        migrations.AlterField(
            model_name="accesslog", name="at", field=models.DateTimeField(db_index=True)
        ),
        migrations.AddField(
            model_name="accesslog",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="hash",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(chain_existing_rows, refuse),
    ]
