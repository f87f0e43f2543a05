"""Files in, pages out: pure parsers produce an ArticleData, one writer makes the page."""
