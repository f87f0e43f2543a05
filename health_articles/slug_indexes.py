"""Database indexes on wagtail-modeltranslation's per-language slug columns.

Articles are routed by their slug in the request's language (`ArticleIndexPage.route`),
one query on `wagtailcore_page.slug_<language>`. Those columns belong to Wagtail's
table and are added by wagtail-modeltranslation's `migrate` *after* the migrations
run, so no migration can declare an index on them: migration 0007 adds the missing
columns itself (exactly as wagtail-modeltranslation would) and indexes them, and a
`post_migrate` handler indexes the columns of languages added later.
"""

from django.db import connection as default_connection

from modeltranslation.utils import build_localized_fieldname

from shop_links.i18n import content_languages

TABLE = "wagtailcore_page"


def index_name(language):
    return f"health_articles_page_slug_{language.replace('-', '_')}"


def ensure_slug_indexes(connection=default_connection, add_missing_columns=False):
    """Index `slug_<language>` for every content language; returns the indexes created."""
    created = []
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, TABLE)}
        existing = set(connection.introspection.get_constraints(cursor, TABLE))
        quote = connection.ops.quote_name
        for language in content_languages():
            column = build_localized_fieldname("slug", language)
            if column not in columns:
                if not add_missing_columns:
                    continue
                cursor.execute(
                    f"ALTER TABLE {quote(TABLE)} ADD COLUMN {quote(column)} varchar(255) NULL"
                )
            name = index_name(language)
            if name not in existing:
                cursor.execute(f"CREATE INDEX {quote(name)} ON {quote(TABLE)} ({quote(column)})")
                created.append(name)
    return created
