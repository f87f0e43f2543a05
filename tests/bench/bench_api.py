"""Benchmark: response time of the collection endpoint of the JSON API.

Run with `make bench`. Builds its own SQLite database (the demo plus 100
generated articles linking to the same collection), then times requests through
Django's test client (no network). Appends to bench-results.txt. The query
count per request is asserted constant in tests/health_articles/test_api.py.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
ARTICLES = int(os.environ.get("BENCH_API_ARTICLES", "100"))
HANDLE = "magnesium-benefits-energy-muscle-bone-support"


def main():
    workdir = Path(tempfile.mkdtemp(prefix="bench-api-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test import Client

    from health_articles.models import ArticleIndexPage, HealthArticlePage
    from shop_links.models import ShopCollection

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115
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
    print(line)
    with open(ROOT / "bench-results.txt", "a", encoding="utf-8") as out:
        out.write(line + "\n")


if __name__ == "__main__":
    main()
