"""Guard the chain: every row numbered once (`seq` unique, not null); on PostgreSQL a trigger
refuses TRUNCATE (row triggers do not see it), and `audit_accesslog_chain_head()` gives appenders
the chain's head under an advisory lock (audit.chain.head). SQLite rebuilds the table to change a
column, dropping its triggers, so they are made again here.

There is no way back: unapplying raises an error instead of dropping the guards.
"""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

POSTGRESQL = """
CREATE TRIGGER audit_accesslog_no_truncate BEFORE TRUNCATE ON audit_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accesslog_refuse_change();
CREATE OR REPLACE FUNCTION audit_accesslog_chain_head(OUT seq bigint, OUT hash varchar)
    RETURNS record VOLATILE AS $$
BEGIN
    -- Queue behind any other appender until its transaction ends, then read the head afresh
    -- (a VOLATILE function's statements each take a new snapshot).
    PERFORM pg_advisory_xact_lock(7300512110011);
    SELECT a.seq, a.hash INTO seq, hash FROM audit_accesslog a ORDER BY a.seq DESC LIMIT 1;
END;
$$ LANGUAGE plpgsql;
"""
SQLITE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update;",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_delete;",
    """CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog
       BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;""",
    """CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslog
       BEGIN SELECT RAISE(ABORT, 'The access log is append-only'); END;""",
]


def create_guards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL)
    elif vendor == "sqlite":
        for statement in SQLITE:
            schema_editor.execute(statement)


def refuse(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    raise RuntimeError(
        "The access log's triggers cannot be migrated away (docs/security.md, 'The access log')."
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_access_log_hash_chain")]
    operations = [
        migrations.AlterField(
            model_name="accesslog",
            name="seq",
            field=models.PositiveBigIntegerField(editable=False, unique=True),
        ),
        migrations.RunPython(create_guards, refuse),
    ]
