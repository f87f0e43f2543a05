"""Import one file: read safely, parse, write in its own transaction, report."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext, override

from shop_links.i18n import content_languages, default_language

from ..indexing import deferred_index_updates
from ..limits import import_max_bytes
from .html_format import parse_html
from .limits import check_limits
from .structure import ArticleImportError
from .text_format import parse_text
from .writer import ArticleWriter, article_slug

TOO_DEEP = "the content is nested too deeply to process"
PARSERS = {".txt": parse_text, ".html": parse_html, ".htm": parse_html}


@dataclass
class ImportResult:
    path: Path
    status: str  # created, updated, skipped, failed; "would create/update" in a dry run

    @property
    def outcome(self):
        """The status as counted in the summary (a dry run counts what it would do)."""
        return {"would create": "created", "would update": "updated"}.get(self.status, self.status)

    message: str = ""
    page: object = None
    language: str = ""
    new_collections: list = field(default_factory=list)

    @property
    def failed(self):
        return self.status == "failed"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def read_text(path):
    """The file's text, or an ArticleImportError saying why it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ArticleImportError(
            f"cannot read the file: {error.strerror}", source=str(path)
        ) from error
    limit = import_max_bytes()
    if size > limit:
        raise ArticleImportError(
            f"the file is {size:,} bytes; the limit is {limit:,} bytes "
            "(setting HEALTH_ARTICLES_IMPORT_MAX_BYTES)",
            source=str(path),
        )
    raw = path.read_bytes()
    if b"\0" in raw:
        raise ArticleImportError("binary content: expected a UTF-8 text file", source=str(path))
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ArticleImportError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at position {error.start})",
            source=str(path),
            line=line,
        ) from error


def language_of(path, explicit=None):
    """--language, else the `.nl.txt`-style suffix of the file name."""
    languages = content_languages()
    if explicit:
        language = explicit
    else:
        suffixes = Path(path).suffixes
        language = suffixes[-2].lstrip(".") if len(suffixes) >= 2 else ""
        if not language:
            raise ArticleImportError(
                "no language: name the file like article.nl.txt or pass --language",
                source=str(path),
            )
    if language not in languages:
        raise ArticleImportError(
            f"unknown language {language!r}; expected one of {', '.join(languages)}",
            source=str(path),
        )
    return language


def parse_file(path, language=None):
    path = Path(path)
    parser = PARSERS.get(path.suffix.lower())
    if parser is None:
        raise ArticleImportError(
            f"unknown file type {path.suffix!r}; expected .txt or .html", source=str(path)
        )
    language = language_of(path, language)
    data = parser(read_text(path), language, source=str(path))
    check_limits(data, source=str(path))
    return data


def import_file(
    path,
    *,
    parent,
    language=None,
    update=False,
    publish=False,
    dry_run=False,
    page=None,
    claims_override="",
):
    path = Path(path)
    if path.suffix.lower() not in PARSERS:
        return ImportResult(path, "skipped", f"not an article file ({path.suffix or 'no suffix'})")
    try:
        data = parse_file(path, language)
    except ArticleImportError as error:
        return ImportResult(path, "failed", str(error))
    except RecursionError:
        return ImportResult(path, "failed", f"{path}: {TOO_DEEP}")

    try:
        # Each object's search and reference index rows are written once, before commit.
        with transaction.atomic(), override(data.language), deferred_index_updates():
            writer = ArticleWriter(parent)
            target = None
            reference = page or data.translation_of
            if reference:
                target = writer.find_page(reference)
            else:
                target = writer.sibling_with_slug(article_slug(data), data.language)
            if target is not None and target.has_unpublished_changes:
                # Build on the latest draft, so other languages' unpublished edits stay.
                target = target.get_latest_revision_as_object()
            if target is not None and not update:
                raise ArticleImportError(
                    f"article {target.pk} already has the slug {article_slug(data)!r} in "
                    f"{data.language}; pass --update to replace its {data.language} text"
                )
            written = writer.write(
                data, page=target, publish=publish, claims_override=claims_override
            )
            status = "updated" if target is not None else "created"
            if dry_run:
                status = {"updated": "would update", "created": "would create"}[status]
            result = ImportResult(
                path,
                status,
                page=written,
                language=data.language,
                new_collections=[c.handle for c in writer.created_collections],
            )
            reasons = []
            if writer.held_back:
                handles = sorted({handle or f"#{pk}" for _l, pk, handle, _p in writer.held_back})
                reasons.append(
                    "it links to inactive or deleted collections (" + ", ".join(handles) + ")"
                )
            if writer.held_back_claims:
                from ..claims.guard import describe

                reasons.append(
                    "it makes health claims that may not be published: "
                    f"{describe(writer.held_back_claims)} (reword them, or pass "
                    "--claims-override REASON)"
                )
            if reasons:
                result.message = "saved as a draft, not published: " + "; ".join(reasons)
            if dry_run:
                raise _DryRun
    except _DryRun:
        result.page = None
        return result
    except ArticleImportError as error:
        if not error.source:
            error.source = str(path)
        return ImportResult(path, "failed", str(error))
    except ValidationError as error:
        problems = (
            "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
        return ImportResult(path, "failed", f"{path}: {problems}")
    except DatabaseError as error:
        return ImportResult(path, "failed", f"{path}: the database refused it ({error})")
    except RecursionError:
        # The limits above should stop this first; never let one file stop a batch.
        return ImportResult(path, "failed", f"{path}: {TOO_DEEP}")
    return result


@transaction.atomic
def create_article_index(site=None):
    """A published article index under the (default) site's home page, titled in every language.

    The title is "Articles" in each content language (as far as our translations
    go) and the slug is made from it, so `/nl/artikelen/`, `/en/articles/`, ….
    """
    from wagtail.models import Site

    from ..models import ArticleIndexPage

    site = site or Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise ArticleImportError("no Wagtail site: create one in the admin (Settings → Sites)")
    index = ArticleIndexPage()
    # The default language last: plain `title`/`slug` then hold its values for Wagtail.
    languages = [code for code in content_languages() if code != default_language()]
    for language in [*languages, default_language()]:
        with override(language):
            index.title = gettext("Articles")
            index.slug = slugify(index.title)
    with override(default_language()):
        site.root_page.specific.add_child(instance=index)
        index.save_revision().publish()
    return index
