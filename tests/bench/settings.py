"""`make bench`: the production settings plus a plain-response ceiling view."""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
