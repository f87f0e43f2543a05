"""Turning django-modeltranslation's language fallback off, safely nested."""

from contextlib import contextmanager

from modeltranslation.thread_context import fallbacks_enabled, set_enable_fallbacks


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
