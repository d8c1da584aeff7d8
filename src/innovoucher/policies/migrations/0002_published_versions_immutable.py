"""Backstop in the database: a published policy version can be neither changed nor deleted.

The services never update a published version; these triggers make sure nothing else does either
(an admin, a script, a bug). SQLite and PostgreSQL each get their own trigger syntax.
"""

from django.db import migrations

# SQLite gets the UPDATE guard only: Django's `flush` (used between transactional tests) empties
# SQLite tables with DELETE, which a DELETE trigger would block. Deleting a version is still refused
# by the service layer and by PROTECT foreign keys; PostgreSQL (flush uses TRUNCATE, which row
# triggers don't see) guards both.
SQLITE = [
    """CREATE TRIGGER policyversion_no_update BEFORE UPDATE ON policies_policyversion
       WHEN OLD.status = 'published'
       BEGIN SELECT RAISE(ABORT, 'published policy versions are immutable'); END;""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS policyversion_no_update;"]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION policyversion_immutable() RETURNS trigger AS $$
       BEGIN
         IF OLD.status = 'published' THEN
           RAISE EXCEPTION 'published policy versions are immutable';
         END IF;
         IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER policyversion_immutable BEFORE UPDATE OR DELETE ON policies_policyversion
       FOR EACH ROW EXECUTE FUNCTION policyversion_immutable();""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS policyversion_immutable ON policies_policyversion;",
    "DROP FUNCTION IF EXISTS policyversion_immutable();",
]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(
        schema_editor.connection.vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("policies", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
