"""The example host with a fifth content language, Spanish, the way a host adds one.

The host keeps the apps' migrations in its own package (MIGRATION_MODULES) and lets
`makemigrations` write them for its languages; `test_fifth_language.py` does that
in a temporary folder named by FIFTH_LANGUAGE_MIGRATIONS.
"""

import os
import sys

from config.settings.test import *  # noqa: F403

sys.path.insert(0, os.environ["FIFTH_LANGUAGE_MIGRATIONS"])

LANGUAGES = [*LANGUAGES, ("es", "Español")]  # noqa: F405
MODELTRANSLATION_LANGUAGES = (*MODELTRANSLATION_LANGUAGES, "es")  # noqa: F405
MIGRATION_MODULES = {
    "health_articles": "host_migrations.health_articles",
    "shop_links": "host_migrations.shop_links",
}
HEALTH_ARTICLES_IMPORT_LABELS = {
    "es": {
        "intro": ["Introducción"],
        "conclusion": ["Conclusión"],
        "faq": ["Preguntas frecuentes"],
        "question": ["P"],
        "answer": ["R"],
        "keywords": ["Palabras clave"],
    }
}
