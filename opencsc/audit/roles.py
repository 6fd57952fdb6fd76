"""The PostgreSQL roles to run OpenCSC under, so the app cannot empty or rewrite its access log.

An owner role owns every table and runs `opencsc migrate`; the app's role owns nothing. It may
read and write every table as usual, but on the access log only SELECT and INSERT: no UPDATE,
DELETE, TRUNCATE or TRIGGER, and, not being the owner, no ALTER TABLE, DROP TRIGGER or
CREATE OR REPLACE of the trigger functions. `opencsc db_roles --print-sql` prints this SQL.
"""

import re

from opencsc.audit.models import AccessLog

NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _checked(*names: str) -> None:
    for name in names:
        if not NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a plain PostgreSQL name (a-z, 0-9 and _).")


def create_roles_sql(*, database: str, owner: str, app: str) -> str:
    """Once, as a superuser: the two roles, and the database and its schema given to the owner."""
    _checked(database, owner, app)
    return f"""\
-- Once, as a superuser connected to {database} (psql -d {database}).
-- Then give each role a password: \\password {owner} and \\password {app}.
CREATE ROLE {owner} LOGIN;
CREATE ROLE {app} LOGIN;
ALTER DATABASE {database} OWNER TO {owner};
ALTER SCHEMA public OWNER TO {owner};
REVOKE ALL ON DATABASE {database} FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
"""


def grant_sql(*, database: str, owner: str, app: str) -> str:
    """After every `opencsc migrate`, as the owner: the app's rights (idempotent)."""
    _checked(database, owner, app)
    log = AccessLog._meta.db_table
    return f"""\
-- After every `opencsc migrate`, as {owner} (the role that ran it).
GRANT CONNECT ON DATABASE {database} TO {app};
GRANT USAGE ON SCHEMA public TO {app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO {app};
-- The access log: read and append only.
REVOKE ALL ON TABLE {log} FROM {app};
GRANT SELECT, INSERT ON TABLE {log} TO {app};
GRANT EXECUTE ON FUNCTION audit_accesslog_chain_head() TO {app};
"""  # noqa: S608 (every name passed _checked)
