"""The claims rule of the publish guard: high-severity findings block publishing.

One place for the rule, so the form, the bulk action and any future publish
service call the same functions:

- `claim_problems(page, language)`: the high-severity findings of one language
  of a page (an unsaved form instance or a revision's object is fine); empty
  means the claims checker does not block publishing in that language.
- `blocking_problems(page)`: the same for every language the page is written in.
- `may_override(user)`: the user has the "may override claims" permission.
- `log_override(page, user, reason, problems)`: records the reason as a Wagtail
  log entry on the page (action `health_articles.claims_override`).
- `unresolved_problems(page)`: the blocking findings nobody has overridden. An
  override covers the findings it was given for (language, sentence, kind), on
  every later path: a scheduled go-live, a workflow approval, a re-import. The
  editor's override is approved for the rest of the request (`approve`), since
  Wagtail's create view publishes before the page exists to log on.
"""

from contextvars import ContextVar

from .checker import HIGH
from .service import check_page

_approved = ContextVar("health_articles_claims_approved", default=frozenset())

OVERRIDE_PERMISSION = "health_articles.override_claims"
LOG_ACTION = "health_articles.claims_override"


def claim_problems(page, language):
    """High-severity claims findings of `page` in `language` (a list of `Finding`s)."""
    if not page.is_written_in(language):
        return []
    return [f for f in check_page(page, language).findings if f.severity == HIGH]


def blocking_problems(page):
    """{language: high-severity findings} for every language of `page` that has some."""
    problems = {}
    for language in page.site_languages():
        found = claim_problems(page, language)
        if found:
            problems[language] = found
    return problems


def finding_keys(problems):
    return {
        (language, finding.sentence, finding.kind)
        for language, findings in problems.items()
        for finding in findings
    }


def approve(problems):
    """Let these findings through for the rest of this request (an accepted override)."""
    _approved.set(_approved.get() | finding_keys(problems))


def clear_approvals(**kwargs):
    _approved.set(frozenset())


def overridden_keys(page):
    """(language, sentence, kind) of every finding someone published `page` despite."""
    from wagtail.models import PageLogEntry

    keys = set(_approved.get())
    if page.pk:
        for data in PageLogEntry.objects.filter(page_id=page.pk, action=LOG_ACTION).values_list(
            "data", flat=True
        ):
            for language, findings in (data or {}).get("findings", {}).items():
                keys.update((language, f.get("sentence"), f.get("kind")) for f in findings)
    return keys


def unresolved_problems(page):
    """`blocking_problems(page)` without the findings an override covers."""
    problems = blocking_problems(page)
    if not problems:
        return {}
    keys = overridden_keys(page)
    unresolved = {}
    for language, findings in problems.items():
        left = [f for f in findings if (language, f.sentence, f.kind) not in keys]
        if left:
            unresolved[language] = left
    return unresolved


def may_override(user):
    return user is not None and user.has_perm(OVERRIDE_PERMISSION)


def describe(problems, limit=3):
    """A short text naming the first findings, for error messages."""
    parts = []
    for language, findings in problems.items():
        for finding in findings[:limit]:
            parts.append(f"{language}, {finding.block}: “{finding.sentence}” ({finding.kind})")
    total = sum(len(f) for f in problems.values())
    if total > len(parts):
        parts.append(f"… {total - len(parts)} more")
    return "; ".join(parts)


def log_override(page, user, reason, problems):
    """A Wagtail log entry on `page`: who published despite which findings, and why."""
    from wagtail.log_actions import log

    return log(
        instance=page,
        action=LOG_ACTION,
        user=user,
        data={
            "reason": reason,
            "findings": {
                language: [
                    {"block": f.block, "sentence": f.sentence, "kind": f.kind} for f in findings
                ]
                for language, findings in problems.items()
            },
        },
    )
