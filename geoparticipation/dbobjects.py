"""The PostgreSQL functions, views and triggers of every app: dropped and created again around each migrate.

Tables are ordinary migrations. Everything else an app writes in SQL lives in its `sql/post_*.sql` files and is named
with the app's prefix (its label and "_", plus `AppConfig.sql_prefixes`). As in Geotrek-admin: before migrations
that change tables, whatever carries those prefixes is dropped, so that a migration may alter a column that a view
reads; after every migrate the same objects are dropped again and the files run, apps in INSTALLED_APPS order and
files in name order, in one transaction, so that a renamed function or trigger cannot live on and readers never see
a view missing. The project's own files (geoparticipation/sql/) run last: post_watch.sql installs the triggers of
the contribution tables.
"""

from pathlib import Path

from django.apps import apps
from django.db import connections, transaction

# Views, functions and triggers in the current schema whose names start with one of the prefixes, as DROP
# statements; objects that belong to an extension (PostGIS) are never ours.
OWNED_SQL = """
    WITH prefixes AS (SELECT unnest(%(prefixes)s::text[]) AS prefix)
    SELECT format('DROP TRIGGER IF EXISTS %%I ON %%s', t.tgname, t.tgrelid::regclass)
    FROM pg_trigger t
    WHERE NOT t.tgisinternal AND EXISTS (SELECT 1 FROM prefixes WHERE starts_with(t.tgname, prefix))
    UNION ALL
    SELECT format('DROP VIEW IF EXISTS %%s CASCADE', c.oid::regclass)
    FROM pg_class c
    WHERE c.relkind = 'v' AND c.relnamespace = current_schema()::regnamespace
      AND EXISTS (SELECT 1 FROM prefixes WHERE starts_with(c.relname, prefix))
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
    UNION ALL
    SELECT format('DROP FUNCTION IF EXISTS %%s CASCADE', p.oid::regprocedure)
    FROM pg_proc p
    WHERE p.pronamespace = current_schema()::regnamespace
      AND EXISTS (SELECT 1 FROM prefixes WHERE starts_with(p.proname, prefix))
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
"""


def sql_apps():
    """The app configs that own SQL objects (a sql/ folder), in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if (Path(config.path) / "sql").is_dir()]


def prefixes(config):
    return [f"{config.label}_", *getattr(config, "sql_prefixes", ())]


def post_files():
    return [path for config in sql_apps() for path in sorted((Path(config.path) / "sql").glob("post_*.sql"))]


def drop_owned(cursor):
    cursor.execute(OWNED_SQL, {"prefixes": [prefix for config in sql_apps() for prefix in prefixes(config)]})
    for (statement,) in cursor.fetchall():
        cursor.execute(statement)


def drop_before_migrations(plan=None, using="default", **kwargs):
    """pre_migrate: only when migrations are about to run; otherwise install() replaces everything atomically."""
    if plan:
        with connections[using].cursor() as cursor:
            drop_owned(cursor)


def install(using="default", **kwargs):
    """post_migrate (also sent by flush): every app's objects, dropped and created again in one transaction."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        drop_owned(cursor)
        for path in post_files():
            cursor.execute(path.read_text())
