"""On PostgreSQL, a room is never booked twice for overlapping times, whatever the code
does: an exclusion constraint over the held and confirmed bookings of a room, on the
half-open range [starts_at, ends_at) so that back-to-back half-days are fine.
``btree_gist`` lets the constraint compare the space's id with ``=`` in a GiST index
(a trusted extension: the database's owner may create it). SQLite has no such
constraint: there the check and the insert run under the write lock that the
IMMEDIATE transaction takes (services_bookings)."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE premises_booking ADD CONSTRAINT premises_booking_no_overlap
EXCLUDE USING gist (space_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
WHERE (exclusive AND status IN ('held', 'confirmed'));
"""
DROP = "ALTER TABLE premises_booking DROP CONSTRAINT IF EXISTS premises_booking_no_overlap;"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("premises", "0001_sites_spaces_bookings")]

    operations = [migrations.RunPython(create, drop)]
