from django.db import migrations

# Wagtail finds a page's children with `depth = N AND path BETWEEN parent+'0000' AND
# parent+'ZZZZ'` (treebeard's `get_children`, which routing through the site's home page
# runs on every request). Only the unique index on `path` serves that range, and the
# range holds every descendant: with 10,000 articles under an index PostgreSQL scans them
# all to find the home page's two children. An index on (depth, path) reads only the
# children. Wagtail's table, so plain SQL.
#
# PostgreSQL only: SQLite (the demo's database) plans without statistics and would then
# read sibling slug lookups (`depth = N AND path LIKE … AND slug_nl = …`, Wagtail's and
# ours) through this index, every sibling, instead of through the slug index.
INDEX = "health_articles_page_children"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "wagtailcore_page" ("depth", "path")'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("health_articles", "0011_author_url_search_and_images"),
    ]

    operations = [
        migrations.RunPython(create, drop, elidable=False),
    ]
