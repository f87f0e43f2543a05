"""Search-index and reference-index updates, deferred to the end of a batch when asked.

Saving an imported article saves its page three times (the new page, its revision's
publish, the page again) and each save runs Wagtail's search-index and reference-index
updates. Inside `deferred_index_updates()` those updates are collected and each object
is updated once when the block ends without an error (nothing is updated for a block that
fails: its transaction rolls back). With Django's immediate task backend the updates run
there, inside the caller's transaction; with a queue (RQ, the database) they are enqueued
when it commits, so the worker finds the objects. Outside the block everything behaves as
Wagtail's own handlers do.

Wagtail's search handlers (modelsearch) cannot be deferred, so the plugin's indexed
models set `search_auto_update = False` and `connect()` gives them handlers of their own
that do the same thing. The reference index has Wagtail's own switch
(`disable_reference_index_auto_update`), thread-local like the collection here.
"""

import logging
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend
from modelsearch import index
from modelsearch.backends import get_search_backends_with_name
from modelsearch.tasks import insert_or_update_object_task

logger = logging.getLogger(__name__)

SEARCH, REFERENCES = "search", "references"
_pending = ContextVar("health_articles_deferred_index_updates", default=None)


@contextmanager
def deferred_index_updates():
    """Update each object saved inside once, at the end (see the module's docstring)."""
    if _pending.get() is not None:
        yield  # nested: the outer block updates
        return
    pending = {}
    token = _pending.set(pending)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        _pending.reset(token)
    if isinstance(update_search_index_task.get_backend(), ImmediateBackend):
        # The updates run here, inside the caller's transaction: they commit with it.
        _enqueue(pending)
    else:
        # A worker sees the objects only once they are committed.
        transaction.on_commit(partial(_enqueue, pending))


def _enqueue(pending):
    search = {}
    for (app_label, model_name, pk), kinds in pending.items():
        if SEARCH in kinds:
            search.setdefault((app_label, model_name), []).append(pk)
        if REFERENCES in kinds:
            update_reference_index_task.enqueue(app_label, model_name, pk)
    for (app_label, model_name), pks in search.items():
        update_search_index_task.enqueue(app_label, model_name, pks)


@task()
def update_search_index_task(app_label, model_name, pks):
    """Index these objects of one model in one go (modelsearch's task does one object)."""
    model = apps.get_model(app_label, model_name)
    objects = list(model.get_indexed_objects().filter(pk__in=pks))
    if not objects:
        return
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(model, objects)
        except Exception:
            # As modelsearch does: a database backend's error must reach the transaction;
            # an external service's is logged, the save stands.
            logger.exception("Could not index %s objects in the %r search backend", model, name)
            if not backend.catch_indexing_errors:
                raise


def _key(instance):
    return instance._meta.app_label, instance._meta.model_name, str(instance.pk)


def _defer(instance, kind):
    pending = _pending.get()
    if pending is None:
        return False
    pending.setdefault(_key(instance), set()).add(kind)
    return True


def _search_on_save(sender, instance, raw=False, **kwargs):
    """modelsearch's post_save handler, deferred inside `deferred_index_updates()`."""
    if raw or _defer(instance, SEARCH):
        return
    insert_or_update_object_task.enqueue(*_key(instance))


def _search_on_delete(sender, instance, **kwargs):
    # Pending updates of a deleted object find nothing to index.
    index.remove_object(instance)


def _references_on_save(sender, instance, raw=False, **kwargs):
    if not raw and type(instance) in ReferenceIndex.tracked_models:
        _defer(instance, REFERENCES)


def _references_on_delete(sender, instance, **kwargs):
    """Wagtail's handler does nothing while its updates are disabled: remove them here."""
    pending = _pending.get()
    if pending is None or type(instance) not in ReferenceIndex.tracked_models:
        return
    pending.get(_key(instance), set()).discard(REFERENCES)  # Wagtail's task would not find it
    with transaction.atomic():
        ReferenceIndex.remove_for_object(instance)
        ReferenceIndex.remove_references_to(instance)


def connect():
    """Search handlers for the models that opted out of modelsearch's; the collectors."""
    for model in index.get_indexed_models():
        if getattr(model, "deferrable_search_index", False):
            uid = f"health_articles_search_{model._meta.label_lower}"
            post_save.connect(_search_on_save, sender=model, dispatch_uid=uid)
            post_delete.connect(_search_on_delete, sender=model, dispatch_uid=uid)
    post_save.connect(_references_on_save, dispatch_uid="health_articles_references")
    post_delete.connect(_references_on_delete, dispatch_uid="health_articles_references")
