from django.db import models

from .snippets import Keyword


class ArticleKeyword(models.Model):
    """Which keywords an article's live content uses, per language.

    Kept in step with the article on every full save so the keyword pages and
    "More articles" are one indexed query instead of a scan of every body.
    """

    page = models.ForeignKey(
        "health_articles.HealthArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    keyword = models.ForeignKey(Keyword, on_delete=models.CASCADE, related_name="article_links")
    language = models.CharField(max_length=8, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "keyword", "language"], name="unique_article_keyword_language"
            )
        ]
        # Keyword pages and "More articles" start from a keyword.
        indexes = [
            models.Index(fields=["keyword", "language", "page"], name="article_keyword_lookup")
        ]

    def __str__(self):
        return f"{self.page_id} [{self.language}] {self.keyword_id}"


class ArticleCollectionLink(models.Model):
    """Which collections an article's live content links to, per language and kind.

    Rebuilt on every full save, like ArticleKeyword. `collection` has no database
    constraint on purpose: a link to a deleted collection stays visible here, for
    the broken-links report.
    """

    BLOCK, INLINE = "block", "inline"

    page = models.ForeignKey(
        "health_articles.HealthArticlePage", on_delete=models.CASCADE, related_name="+"
    )
    collection = models.ForeignKey(
        "shop_links.ShopCollection",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="article_links",
    )
    language = models.CharField(max_length=8, db_index=True)
    kind = models.CharField(max_length=8, choices=[(BLOCK, "block"), (INLINE, "inline")])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "collection", "language", "kind"],
                name="unique_article_collection_link",
            )
        ]
        # The API starts from a collection.
        indexes = [
            models.Index(fields=["collection", "language"], name="article_collection_lookup")
        ]

    def __str__(self):
        return f"{self.page_id} [{self.language}] {self.kind} -> {self.collection_id}"
