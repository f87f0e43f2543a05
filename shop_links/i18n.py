"""Turning django-modeltranslation's language fallback off, safely nested."""

from contextlib import contextmanager

from modeltranslation import settings as mt_settings
from modeltranslation.thread_context import fallbacks_enabled, set_enable_fallbacks
from modeltranslation.translator import NotRegistered, translator


def content_languages():
    """The languages content is written in, from the host's settings.

    django-modeltranslation's list: `MODELTRANSLATION_LANGUAGES`, else the codes of
    `LANGUAGES`. Nothing in the apps keeps a list of its own.
    """
    return list(mt_settings.AVAILABLE_LANGUAGES)


def default_language():
    """The language plain field names fall back to (`MODELTRANSLATION_DEFAULT_LANGUAGE`)."""
    return mt_settings.DEFAULT_LANGUAGE


def field_languages(model):
    """({column: language} for the model's translated columns, {base name: its columns})."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}, {}
    languages, columns = {}, {}
    for base, fields in options.all_fields.items():
        for field in fields:
            languages[field.name] = field.language
            columns.setdefault(base, set()).add(field.name)
    return languages, columns


@contextmanager
def without_fallbacks():
    """Read and write only the active language's columns inside this block.

    Unlike modeltranslation's own `fallbacks(False)`, which switches fallbacks
    back on when it ends, this restores whatever was in force before, so it can
    be nested (a public page render calls helpers that use it too).
    """
    previous = fallbacks_enabled()
    set_enable_fallbacks(False)
    try:
        yield
    finally:
        set_enable_fallbacks(previous)
