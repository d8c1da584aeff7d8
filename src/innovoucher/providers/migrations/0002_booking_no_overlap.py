"""PostgreSQL only: holding bookings (requested / confirmed) of one instrument never overlap.

An exclusion constraint over (instrument_id WITH =, tstzrange(start, end) WITH &&); the equality on
a bigint inside a GiST index needs the btree_gist extension. SQLite has no exclusion constraints:
there the booking service checks for overlap inside an IMMEDIATE transaction.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE providers_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist (
    instrument_id WITH =, tstzrange("start", "end", '[)') WITH &&
) WHERE (status IN ('requested', 'confirmed'));
"""
DROP = "ALTER TABLE providers_booking DROP CONSTRAINT IF EXISTS booking_no_overlap;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("providers", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
