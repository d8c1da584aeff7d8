"""Exit 0 when the PostgreSQL server in argv[1] answers, 1 otherwise."""
import sys

import psycopg

try:
    psycopg.connect(sys.argv[1], connect_timeout=5).close()
except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
    print(f"PostgreSQL not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
