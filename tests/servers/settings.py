"""Settings of the gunicorn servers that tests/servers/ starts: the test settings
with the page cache switched on (production's middleware list)."""

from config.settings import base
from config.settings.test import *  # noqa: F403

MIDDLEWARE = base.MIDDLEWARE
