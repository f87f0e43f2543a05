"""Benchmark: response time of the collection endpoint of the JSON API.

Run with `make bench`. Builds its own SQLite database (the demo plus 100
generated articles linking to the same collection), then times requests through
Django's test client (no network). Appends to bench-results.txt. The query
count per request is asserted constant in tests/health_articles/test_api.py.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from setup import demo_database, record  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
ARTICLES = int(os.environ.get("BENCH_API_ARTICLES", "100"))
HANDLE = "magnesium-benefits-energy-muscle-bone-support"


def main():
    demo_database("bench-api-")
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client

    from health_articles.models import ArticleIndexPage, HealthArticlePage
    from shop_links.models import ShopCollection

    index = ArticleIndexPage.objects.get()
    demo = HealthArticlePage.objects.get()
    collection = ShopCollection.objects.get(handle=HANDLE)
    print(f"Creating {ARTICLES} articles …", flush=True)
    for number in range(ARTICLES):
        page = HealthArticlePage(
            title=f"Artikel {number}",
            slug=f"artikel-{number}",
            body=[
                *demo.body.raw_data,
                {
                    "type": "collection_link",
                    "value": {"collection": collection.pk, "link_text": "", "style": "card"},
                },
            ],
        )
        index.add_child(instance=page)
        page.save_revision().publish()

    # Keep one database connection, as a server with CONN_MAX_AGE does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    results = []
    for limit in (3, 20):
        url = f"/api/v1/collections/{HANDLE}/articles/?language=nl&limit={limit}"
        client.get(url)  # warm up
        timings = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
        timings.sort()
        results.append(
            f"limit={limit}: median {statistics.median(timings):.1f} ms, "
            f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms"
        )
    line = (
        f"{time.strftime('%Y-%m-%d %H:%M')} API collection endpoint ({ARTICLES + 1} linked "
        f"articles, {REQUESTS} requests each, SQLite, test client): " + "; ".join(results)
    )
    record(line)


if __name__ == "__main__":
    main()
