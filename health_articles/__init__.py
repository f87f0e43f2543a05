"""Long-form health articles for Wagtail: pages, blocks, importer, SEO, shop API."""

__version__ = "0.2.0"
