"""Feed syncs as tasks of Django's tasks framework (`django-tasks` on Django 5.2).

"Sync now" records a `SyncRun` per language and enqueues `sync_collections_task`
for it. Where it runs is the host's choice (`TASKS` setting): a database queue
and its worker (`manage.py db_worker`) in our example site, or Django's
immediate backend (Wagtail's default), which runs it inside the request. Runs
of several languages or workers take turns on the sync's database lock.
"""

from django.utils import timezone

from django_tasks import task

from .models import SyncRun
from .sync import FeedError, MassDeactivationError, deadline_seconds, sync


@task()
def sync_collections_task(run_id, seconds=None):
    """Sync one `SyncRun`'s language from its feed; record the outcome on the run."""
    run = SyncRun.objects.get(pk=run_id)
    run.status, run.started_at = SyncRun.Status.RUNNING, timezone.now()
    run.save(update_fields=["status", "started_at"])
    try:
        report = sync(run.feed_url, run.language, seconds=seconds or deadline_seconds())
    except MassDeactivationError as error:
        run.status, run.message = SyncRun.Status.REFUSED, str(error)
    except FeedError as error:
        run.status, run.message = SyncRun.Status.FAILED, str(error)
    except Exception as error:  # recorded for the admin, then left to the task backend
        _finish(run, SyncRun.Status.FAILED, f"{type(error).__name__}: {error}")
        raise
    else:
        run.status, run.message = SyncRun.Status.SUCCEEDED, report.summary()
        run.created, run.updated = len(report.created), len(report.updated)
        run.deactivated, run.unchanged = len(report.deactivated), len(report.unchanged)
    _finish(run, run.status, run.message)
    return run.status


def _finish(run, status, message):
    run.status, run.message, run.finished_at = status, message, timezone.now()
    run.save()
