"""Fail with a clear message when PostgreSQL does not answer."""

import os
import sys

import psycopg2


def main():
    try:
        psycopg2.connect(dbname="postgres", connect_timeout=5).close()
    except psycopg2.OperationalError as exc:
        where = os.environ.get("PGHOST") or "the local socket (PGHOST unset)"
        sys.stderr.write(
            f"error: PostgreSQL does not answer at {where}: {exc}\n"
            "Start it (Debian: pg_ctlcluster 15 main start) or set PGHOST/PGPORT/PGUSER.\n"
            "The suite needs a role that may create databases.\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
