"""Tampering with the audit log in tests, as an attacker with database superuser rights would:
on PostgreSQL triggers are switched off for the duration (`session_replication_role`, which
only a superuser may set) and switched back on afterwards."""

from contextlib import contextmanager

from django.db import connection


@contextmanager
def tampering():
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute("SET session_replication_role = replica")
        try:
            yield cursor
        finally:
            if postgres:
                cursor.execute("SET session_replication_role = DEFAULT")
