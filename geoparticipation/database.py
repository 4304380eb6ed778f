"""Statements on the hottest paths: prepared on Django's connection, or streamed from it.

The one place that relies on Django's and psycopg's internals, to read before upgrading Django: the raw psycopg
connection under Django's (`connection.connection`) and the cursor under its wrapper (`cursor.cursor.mogrify`), and,
in PreparedGet, the SQL compiler (`Query.get_compiler`, `SQLCompiler.as_sql`, `.select`, `.get_converters`,
`.apply_converters`) and `Model.from_db`. tests/test_database.py checks that a prepared read answers exactly what the
queryset answers, annotations and converted values included.
"""

import contextlib
from functools import cached_property

import psycopg
from django.db import connection, connections
from psycopg.pq import TransactionStatus


def prepared_fetch(sql, params, using="default"):
    """The rows of a statement prepared once per connection (server-side parameters; settings.DATABASES tells
    whether to prepare), inside Django's transaction.

    Django binds parameters on the client, so PostgreSQL parses and plans every statement anew: for a feature read
    from a layer view, planning the view's joins costs ten times running them. Only fixed statements written in
    this project go through here; the rest of the ORM keeps Django's cursors.
    """
    database = connections[using]
    database.ensure_connection()
    with database.wrap_database_errors, psycopg.Cursor(database.connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def stream_rows(sql, params, using="default", serial=False):
    """The rows of a statement as PostgreSQL writes them (psycopg's stream), for pages sent while they are read;
    planned without parallel workers if `serial` (see serial_plans).

    The statement is bound on the client first, exactly as Django would send it, so any query Django writes can
    be streamed.
    """
    database = connections[using]
    with database.cursor() as cursor:
        statement = cursor.cursor.mogrify(sql, params)
    with (
        serial_plans(using) if serial else contextlib.nullcontext(),
        database.wrap_database_errors,
        psycopg.Cursor(database.connection) as cursor,
    ):
        yield from cursor.stream(statement)


@contextlib.contextmanager
def serial_plans(using="default"):
    """The statements run inside are planned without parallel workers.

    For short pages of the feeds: PostGIS declares its spatial predicates costly, so for 100 features in a bbox
    read in id order the planner starts two workers, and each loads PostGIS and PROJ anew. On the bench that
    costs about 110 ms more than the 20 ms of the same walk in the backend alone. A SET rolled back with its
    transaction needs no RESET.
    """
    database = connections[using]
    with database.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
    try:
        yield
    finally:
        if database.connection is not None and database.connection.info.transaction_status != TransactionStatus.INERROR:
            with database.cursor() as cursor:
                cursor.execute("RESET max_parallel_workers_per_gather")


class PreparedGet:
    """`queryset.get(field=value)` for a queryset fixed at import: Django compiles its SQL once per process,
    PostgreSQL prepares it once per connection, and each call only binds the value.

    For the lookups of every authenticated write (the token's user, the concertation with its calendar), where
    compiling the query cost more Python time than the rest of the request. Annotations are set on the instance
    as `get` would; the queryset must not depend on the time of the call.
    """

    MARKER = "prepared-get-parameter"

    def __init__(self, queryset, field):
        self.queryset = queryset
        self.field = field

    @cached_property
    def compiled(self):
        model = self.queryset.model
        fields = [f.attname for f in model._meta.concrete_fields]
        annotations = list(self.queryset.query.annotations)
        query = self.queryset.filter(**{self.field: self.MARKER}).values_list(*fields, *annotations).query
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([expression for expression, _, _ in compiler.select])
        return sql, list(params), params.index(self.MARKER), fields, annotations, compiler, converters

    def get(self, value):
        return self.get_with(value)[0]

    def get_with(self, value, around="{query}", params=()):
        """The instance, and what a statement `around` the query adds in the same round trip: `around` holds
        `{query}` first (as `WITH found AS ({query}) SELECT found.*, … FROM found …`, its own `params` after the
        query's) and returns the query's columns, then its own; it may return the row once per extra row. Returns
        (instance, [extra columns of each row])."""
        sql, query_params, position, fields, annotations, compiler, converters = self.compiled
        model = self.queryset.model
        rows = prepared_fetch(
            around.format(query=sql), [*query_params[:position], value, *query_params[position + 1 :], *params]
        )
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        if not rows:
            raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
        width = len(fields) + len(annotations)
        if any(row[:width] != rows[0][:width] for row in rows[1:]):
            raise model.MultipleObjectsReturned(f"get() returned more than one {model._meta.object_name}.")
        row = rows[0]
        instance = model.from_db(connection.alias, fields, row[: len(fields)])
        for name, annotation in zip(annotations, row[len(fields) : width], strict=True):
            setattr(instance, name, annotation)
        return instance, [row[width:] for row in rows]
