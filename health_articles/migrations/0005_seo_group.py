"""Formerly created an SEO group with permissions on the host's whole page tree.

Migrations create tables, never groups or permissions: roles now come from the
opt-in `manage.py setup_article_roles`. Kept, empty, so the migration history of
existing databases stays intact.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("health_articles", "0004_seo_settings"),
    ]

    operations = []
