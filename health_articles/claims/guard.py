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
"""

from .checker import HIGH
from .service import check_page

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
