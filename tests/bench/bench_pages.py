"""Benchmark: public pages over HTTP at 10 and 10,000 articles (`make bench`).

For each size it builds a PostgreSQL database (the demo plus generated articles,
tests/bench/generate.py), starts gunicorn with the production settings
(gunicorn.conf.py, 2 workers, Redis when BENCH_REDIS_URL answers) and measures
with `wrk` on loopback, in alternating rounds (every endpoint at both sizes
once per round): a plain 36 KB response (the ceiling), the article with the
page cache warm and cold (a new query string per request), the index and a
keyword page (cold), the API and a sitemap page. Writes a table of req/s,
p50/p99 and the share of the ceiling to bench-results.md.

Environment: BENCH_DATABASE_URL_SMALL / _LARGE (dropped and recreated!),
BENCH_REDIS_URL, BENCH_PORT (two ports from it), BENCH_ROUNDS, BENCH_SECONDS,
BENCH_SIZES ("10,10000"), BENCH_CONNECTIONS.
"""

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
RESULTS = ROOT / "bench-results.md"
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "10,10000").split(",")]
DATABASES = [
    os.environ.get(
        "BENCH_DATABASE_URL_SMALL", "postgres://postgres@127.0.0.1:5432/health_articles_bench_small"
    ),
    os.environ.get(
        "BENCH_DATABASE_URL_LARGE", "postgres://postgres@127.0.0.1:5432/health_articles_bench_large"
    ),
]
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
PORT = int(os.environ.get("BENCH_PORT", "8620"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
HOST = "localhost"  # the demo site's hostname

# Every cold request has a query string no request had before, in this round or any other
# run: wrk's Lua random numbers repeat from run to run, so they alone made later rounds
# (and later runs, on the same Redis) hit pages cached by earlier ones.
COLD_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. sep .. "bench=%(token)s-" .. counter)
end
"""

SETUP = """
import os, sys
import django
django.setup()
from django.core.management import call_command
from django.utils.translation import override
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))
sys.path.insert(0, "tests/bench")
from generate import generate
count = int(sys.argv[1]) - 1
if count:
    generate(count, progress=lambda line: print(line, flush=True))
from health_articles.models import ArticleIndexPage, HealthArticlePage, Keyword
demo = HealthArticlePage.objects.order_by("pk").first()
index = ArticleIndexPage.objects.get()
keyword = Keyword.objects.order_by("pk").first()
with override("nl"):
    print("URL article", demo.url)
    print("URL index", index.url)
    print("URL keyword", index.keyword_base_url() + keyword.slug + "/")
"""


def log(line):
    print(line, flush=True)


def recreate_database(url):
    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def redis_answers():
    try:
        import redis

        redis.Redis.from_url(REDIS_URL).ping()
        return True
    except Exception:  # noqa: BLE001 - any failure means: no Redis
        return False


def server_env(database_url, prefix, use_redis):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.bench.settings",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        CACHE_KEY_PREFIX=prefix,
        WEB_CONCURRENCY="2",
    )
    env.pop("REDIS_URL", None)
    if use_redis:
        env["REDIS_URL"] = REDIS_URL
    return env


def prepare(size, database_url):
    log(f"Preparing {size} articles in {database_url.rsplit('/', 1)[1]} …")
    recreate_database(database_url)
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=database_url)
    output = subprocess.run(
        [PYTHON, "-c", SETUP, str(size)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    urls = dict(line.split(" ", 2)[1:] for line in output.splitlines() if line.startswith("URL "))
    sitemap_page = 2 if size > 2000 else 1
    urls["api"] = "/api/v1/articles/?language=nl"
    urls["sitemap"] = f"/sitemap-articles-nl.xml?p={sitemap_page}"
    urls["ceiling"] = "/bench/ceiling/"
    return urls


def start_server(port, env):
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "-b",
            f"127.0.0.1:{port}",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _attempt in range(100):
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/bench/ceiling/", headers={"Host": HOST}
            )
            urllib.request.urlopen(request, timeout=2).read()  # noqa: S310 - loopback
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"gunicorn did not start on port {port}")


def worker_memory_mb(process):
    """The largest resident size among the gunicorn workers, in MB."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return max(sizes) if sizes else 0.0


def page_cache_header(port, path):
    """The page cache's verdict (X-Page-Cache) on one request of `path`."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
        return response.headers.get("X-Page-Cache")


def warm(port, path):
    """Request `path` a few times, so that a warm measurement starts warm."""
    for _attempt in range(3):
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST})
        urllib.request.urlopen(request, timeout=60).read()  # noqa: S310 - loopback


def wrk(port, path, lua=None):
    command = [
        "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{SECONDS}s",
        "--latency",
        "-H",
        f"Host: {HOST}",
    ]
    if lua:
        command += ["-s", lua]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def percentile(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", output).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{path}: {errors.group(1)} error responses\n{output}")
    return rps, percentile("50"), percentile("99")


ENDPOINTS = [
    ("ceiling", "plain 36 KB response (ceiling)", False),
    ("article", "article, page cache warm", False),
    ("article", "article, page cache cold", True),
    ("index", "index (cold)", True),
    ("keyword", "keyword page (cold)", True),
    ("api", "API article list", False),
    ("sitemap", "sitemap page", False),
]


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (apt-get install wrk).")
    use_redis = redis_answers()
    log(f"Redis: {'yes, ' + REDIS_URL if use_redis else 'no (local memory cache)'}")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=server_env(DATABASES[0], "bench", False),
        check=True,
    )
    lua_folder = Path(tempfile.mkdtemp(prefix="bench-"))
    sizes = list(zip(SIZES, DATABASES, strict=False))
    urls = {size: prepare(size, database) for size, database in sizes}
    servers = {}
    try:
        for number, (size, database) in enumerate(sizes):
            env = server_env(database, f"bench{size}", use_redis)
            servers[size] = (PORT + number, start_server(PORT + number, env))
        results = {}
        for round_number in range(1, ROUNDS + 1):
            for key, label, cold in ENDPOINTS:
                for size, _database in sizes:
                    port = servers[size][0]
                    if not cold:
                        warm(port, urls[size][key])
                    lua = None
                    if cold:
                        lua = lua_folder / "cold.lua"
                        lua.write_text(COLD_LUA % {"token": uuid.uuid4().hex})
                    measured = wrk(port, urls[size][key], str(lua) if cold else None)
                    if cold:
                        # A new query string is a miss, its second request a hit: the
                        # page cache is on, and the cold requests above each rendered.
                        path = urls[size][key]
                        sep = "&" if "?" in path else "?"
                        probe = f"{path}{sep}bench=probe-{uuid.uuid4().hex}"
                        verdicts = [page_cache_header(port, probe) for _ in range(2)]
                        if verdicts != ["miss", "hit"]:
                            raise RuntimeError(f"{probe}: page cache said {verdicts}")
                    results.setdefault((size, label), []).append(measured)
                    log(
                        f"round {round_number}/{ROUNDS} {size:>6} {label:<34} "
                        f"{measured[0]:8.1f} req/s  p50 {measured[1]:6.2f} ms"
                    )
        memory = {size: worker_memory_mb(process) for size, (_port, process) in servers.items()}
    finally:
        for _port, process in servers.values():
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        if use_redis:
            for size, _database in sizes:
                forget_cache(f"bench{size}")
    write_table(results, memory, use_redis)


def forget_cache(prefix):
    """Delete what the servers kept in Redis under `prefix` (every cold request is a
    page of its own: a run leaves hundreds of megabytes otherwise)."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    deleted = 0
    batch = []
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        batch.append(key)
        if len(batch) == 1000:
            deleted += client.delete(*batch)
            batch = []
    if batch:
        deleted += client.delete(*batch)
    log(f"Deleted {deleted} cache entries of {prefix} from Redis.")


def write_table(results, memory, use_redis):
    def median(size, label, field):
        return statistics.median(r[field] for r in results[(size, label)])

    lines = [
        "# Benchmark results",
        "",
        f"`make bench`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: gunicorn "
        f"(2 sync workers, production settings, PostgreSQL, "
        f"{'Redis' if use_redis else 'local-memory'} cache), wrk -t1 -c{CONNECTIONS} "
        f"-d{SECONDS}s on loopback, {ROUNDS} alternating rounds, medians.",
        "",
        "Share of ceiling: the medians' ratio, and the median of each round's ratio to",
        "the ceiling measured in that round (steadier when the machine's speed drifts",
        "between rounds).",
        "",
        "| articles | endpoint | req/s | p50 ms | p99 ms | share of ceiling | share, by round |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    sizes = sorted({size for size, _label in results})
    for size in sizes:
        ceiling = median(size, ENDPOINTS[0][1], 0)
        ceilings = [r[0] for r in results[(size, ENDPOINTS[0][1])]]
        for _key, label, _cold in ENDPOINTS:
            rps = median(size, label, 0)
            by_round = statistics.median(
                r[0] / c for r, c in zip(results[(size, label)], ceilings, strict=True)
            )
            lines.append(
                f"| {size:,} | {label} | {rps:,.0f} | {median(size, label, 1):.2f} | "
                f"{median(size, label, 2):.2f} | {rps / ceiling:.1%} | {by_round:.1%} |"
            )
    lines += [
        "",
        "| endpoint | time at the largest size / time at the smallest (p50) | by round |",
        "|---|---:|---:|",
    ]
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for _key, label, _cold in ENDPOINTS[1:]:
            ratio = median(large, label, 1) / median(small, label, 1)
            pairs = zip(results[(large, label)], results[(small, label)], strict=True)
            by_round = statistics.median(big[1] / little[1] for big, little in pairs)
            lines.append(f"| {label} | {ratio:.2f}× | {by_round:.2f}× |")
    lines += [
        "",
        "Largest gunicorn worker after the runs: "
        + ", ".join(f"{memory[size]:.0f} MB at {size:,} articles" for size in sizes)
        + ".",
    ]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log("\n".join(lines))
    log(f"Wrote {RESULTS.name}.")


if __name__ == "__main__":
    main()
