"""Create the SEO group; let Wagtail's editor groups keep editing article text.

SEO staff may edit keywords and the promote tab of articles (slug, SEO title,
meta description, focus keyphrases, noindex) but not the article's text, and
may not publish. Article text needs `change_article_content`, which Wagtail's
own Editors and Moderators groups get here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SEO_GROUP = "SEO"
KEYWORD_PERMISSIONS = ["add_keyword", "change_keyword", "delete_keyword", "view_keyword"]
EDITOR_GROUPS = ["Editors", "Moderators"]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Page = apps.get_model("wagtailcore", "Page")

    seo, _created = Group.objects.get_or_create(name=SEO_GROUP)
    seo.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="health_articles", codename__in=KEYWORD_PERMISSIONS
        ),
    )
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        change_page = Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        )
        GroupPagePermission.objects.get_or_create(group=seo, page=root, permission=change_page)

    content = Permission.objects.get(
        content_type__app_label="health_articles", codename="change_article_content"
    )
    for group in Group.objects.filter(name__in=EDITOR_GROUPS):
        group.permissions.add(content)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SEO_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("health_articles", "0004_seo_settings"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
