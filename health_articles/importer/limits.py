"""Size limits of an imported article, checked before anything touches the database.

Every limit is the model's or block's own (`max_length`) or a setting (see
`health_articles.limits`), so a file is refused with the field and the limit
named instead of being cut, or refused by PostgreSQL without saying where.
"""

from ..limits import block_max_length, max_blocks, model_max_length, too_long
from .structure import ArticleImportError


def article_blocks(data):
    """How many blocks (FAQ questions included) the article's body will have."""
    return len(data.sections) + (1 + len(data.faq) if data.faq else 0) + bool(data.keywords)


def check_limits(data, source=""):
    from ..models import Author, HealthArticlePage, Keyword

    checks = [
        ("the title", data.title, model_max_length(HealthArticlePage, "title"), None),
        ("the SEO title", data.seo_title, model_max_length(HealthArticlePage, "seo_title"), None),
        ("the author", data.author, model_max_length(Author, "name"), None),
        ("the FAQ heading", data.faq_heading, block_max_length("faq", "heading"), None),
        (
            "the keywords heading",
            data.keywords_heading,
            block_max_length("keywords", "heading"),
            None,
        ),
    ]
    heading_limit = block_max_length("section", "heading")
    checks += [
        ("the section heading", section.heading, heading_limit, section.line)
        for section in data.sections
    ]
    question_limit = block_max_length("faq", "questions", "question")
    checks += [("the question", item.question, question_limit, item.line) for item in data.faq]
    keyword_limit = model_max_length(Keyword, "name")
    checks += [("the keyword", name, keyword_limit, None) for name in data.keywords]
    for label, value, limit, line in checks:
        problem = too_long(label, value or "", limit)
        if problem:
            raise ArticleImportError(problem, source=source, line=line)
    blocks, limit = article_blocks(data), max_blocks()
    if blocks > limit:
        raise ArticleImportError(
            f"the article has {blocks:,} blocks (sections, FAQ questions and keywords); "
            f"the limit is {limit:,} (setting HEALTH_ARTICLES_MAX_BLOCKS)",
            source=source,
        )
