"""Screenshots for the README: the demo article and its editor, in Debian's Chromium.

    make screenshots    # docs/img/article.png, editor.png and checks.png

Builds the demo in a throw-away SQLite database, serves it with `runserver` on
loopback, and drives Chromium through Playwright (never a downloaded browser).
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - Debian's Chromium, as the tests

OUT = ROOT / "docs" / "img"
USER, PASSWORD = "screenshots", "screenshots-only-password"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args):
    command = [sys.executable, "manage.py", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603 - our own manage.py


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the demo server did not answer at {url}")


def main():
    if not os.path.exists(CHROMIUM):
        raise SystemExit("Chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp}/screenshots.sqlite3",
        }
        print("[1/4] building the demo in a temporary database")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "--no-admin", "--hostname", "127.0.0.1", "--port", str(port))
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_superuser({USER!r}, '', {PASSWORD!r})",
        )
        print(f"[2/4] serving it at http://127.0.0.1:{port}/")
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base + "/")
            OUT.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                with urlopen(base + "/api/v1/articles/?language=nl") as response:  # noqa: S310
                    article = json.load(response)["results"][0]
                print(f"[3/4] the article: {article['url']}")
                page.goto(article["url"])
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / "article.png"))
                print("[4/4] the editor and its checks")
                page.goto(base + "/admin/login/")
                page.fill("input[name=username]", USER)
                page.fill("input[name=password]", PASSWORD)
                page.click("button[type=submit]")
                page.wait_for_url(base + "/admin/")
                page.goto(f"{base}/admin/pages/{article['id']}/edit/")
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(1500)  # the editing-session ping settles
                page.screenshot(path=str(OUT / "editor.png"))
                # The Promote tab: SEO checks and the health-claims findings per language.
                page.get_by_role("tab", name="Promote").click()
                page.get_by_text("Health claims checks").first.scroll_into_view_if_needed()
                page.mouse.wheel(0, -40)
                page.wait_for_timeout(500)
                page.screenshot(path=str(OUT / "checks.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"Screenshots of article {article['id']} in {OUT}: article.png, editor.png, checks.png")


if __name__ == "__main__":
    main()
