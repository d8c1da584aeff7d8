"""Transfers are append-only: the database itself refuses UPDATE and DELETE (backstop).

PostgreSQL: a trigger refuses UPDATE and DELETE of any transfer row (TRUNCATE, used only
to reset test databases, is a statement-level operation and is not covered).
SQLite: a trigger refuses UPDATE (DELETE stays possible because Django's test flush empties
tables with DELETE; the admin and the services never delete).
"""

from django.db import migrations

PG_FORWARD = [
    """
CREATE OR REPLACE FUNCTION ledger_transfer_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger transfers are append-only: % refused on transfer %', TG_OP, OLD.id
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql
""",
    "DROP TRIGGER IF EXISTS ledger_transfer_append_only ON ledger_transfer",
    """
CREATE TRIGGER ledger_transfer_append_only BEFORE UPDATE OR DELETE ON ledger_transfer
    FOR EACH ROW EXECUTE FUNCTION ledger_transfer_refuse_change()
""",
]
PG_REVERSE = [
    "DROP TRIGGER IF EXISTS ledger_transfer_append_only ON ledger_transfer",
    "DROP FUNCTION IF EXISTS ledger_transfer_refuse_change()",
]
SQLITE_FORWARD = [
    """
CREATE TRIGGER IF NOT EXISTS ledger_transfer_no_update BEFORE UPDATE ON ledger_transfer
BEGIN
    SELECT RAISE(ABORT, 'ledger transfers are append-only: UPDATE refused');
END
"""
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS ledger_transfer_no_update"]


def forward(apps, schema_editor):
    for sql in {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(
        schema_editor.connection.vendor, []
    ):
        schema_editor.execute(sql, params=None)


def reverse(apps, schema_editor):
    for sql in {"postgresql": PG_REVERSE, "sqlite": SQLITE_REVERSE}.get(
        schema_editor.connection.vendor, []
    ):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(forward, reverse)]
