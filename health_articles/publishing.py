"""One rule for making an article live, used on every path that publishes.

An article may not go live while, in any of its languages,
- it links to a collection that is deleted or inactive in that language: a
  shopper would meet a link that leads nowhere;
- the claims checker finds a high-severity claim nobody with the "may override
  claims" permission has published it despite (claims/guard.py).

- The editor (publish, and revert-then-publish) shows the problems on the form.
- Bulk *Publish* refuses with a message before publishing anything.
- `import_article --publish` saves a draft and says why (`--claims-override
  REASON` publishes despite claims findings, logged like the editor's override).
- Every other path ends in `HealthArticlePage.publish` (workflow approval,
  `publish_scheduled`, code calling `revision.publish()`): there the page is not
  published, a scheduled go-live is cancelled, and the refusal is written to the
  page's history (audit log, with the user who asked) and to the
  `health_articles.publishing` logger.
"""

import logging

from django.utils.translation import gettext as _

from wagtail.log_actions import log

logger = logging.getLogger(__name__)

PUBLISH_REFUSED = "health_articles.publish_refused"


def publish_problems(page):
    """[(language, collection id, handle or None, problem)] that keep `page` from going live."""
    from .link_health import link_problems

    return link_problems(page)


def describe(problems):
    return ", ".join(
        f"{handle or '#' + str(pk)} ({language}, {_(problem)})"
        for language, pk, handle, problem in problems
    )


def refusal_message(problems):
    return _(
        "This article links to collections that are not available in the shop: "
        "%(links)s. Remove those links or reactivate the collections, then publish."
    ) % {"links": describe(problems)}


def claims_refusal_message(problems):
    from .claims.guard import describe as describe_claims

    return _(
        "This article makes health claims that may not be published: %(findings)s. "
        "Reword them (see Promote → Health claims checks), then publish."
    ) % {"findings": describe_claims(problems)}


def refusal_messages(page):
    """Why `page` (a revision's object or an unsaved instance) may not go live; [] if it may."""
    from .claims.guard import unresolved_problems

    messages = []
    problems = publish_problems(page)
    if problems:
        messages.append(refusal_message(problems))
    claims = unresolved_problems(page)
    if claims:
        messages.append(claims_refusal_message(claims))
    return messages


def may_publish(page, revision, user=None):
    """Whether `revision` of `page` may go live; if not, record why and cancel its schedule."""
    messages = refusal_messages(revision.as_object())
    if not messages:
        return True
    message = " ".join(messages)
    if revision.approved_go_live_at is not None:
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
    log(
        instance=page,
        action=PUBLISH_REFUSED,
        user=user,
        revision=revision,
        data={"reason": message},
    )
    logger.warning("Article %s (%s) was not published: %s", page.pk, page.title, message)
    return False
