"""SEO for articles: pure check functions, readability, structured data and sitemaps."""
