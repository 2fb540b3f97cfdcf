"""Ingested articles are hostile input: open every page that shows them in headless Chromium and
check that no script ran, while the payloads are shown as text.

The articles carry ``<script>``, event attributes (``onerror``, ``onload``, ``onmouseover``),
``javascript:`` links and SVG payloads in their text, title, author and outlet (as HTML, plain text
and JSON Lines inputs); a question carries them in its title and criteria. Each payload would set
``window.__pwned``, change ``document.title`` or open a dialog.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI

from tests.web.browser import chromium, need_browser
from tests.web.conftest import PASSWORD, SECRET, serve
from trackrecord.batch import extract_pending, ingest_paths
from trackrecord.ingest.files import Overrides
from trackrecord.models import Resolution
from trackrecord.questions import create_question
from trackrecord.store import JudgmentFilter, open_store
from trackrecord.web.app import create_app
from trackrecord.web.auth import create_user

PAYLOADS = (
    "<script>window.__pwned='script';document.title='pwned'</script>",
    "<img src=x onerror=\"window.__pwned='img';alert('img')\">",
    "<svg onload=\"window.__pwned='svg'\"><script>alert('svg')</script></svg>",
    "<a href=\"javascript:window.__pwned='href'\">click</a>",
    "\"><script>alert('attr')</script>",
    "' onmouseover='window.__pwned=1' x='",
    "<iframe src=\"javascript:alert('frame')\"></iframe>",
    "</title><script>alert('title')</script>",
)
MARKER = "<script>window.__pwned='script'"  # shown as text wherever it is escaped

HTML_PAGE = """<!doctype html>
<html><head>
<title>&lt;script&gt;document.title='pwned'&lt;/script&gt; War
&lt;img src=x onerror=alert(1)&gt;</title>
<meta name="author" content="&lt;img src=x onerror=&quot;window.__pwned='author'&quot;&gt; Mallory">
<meta property="og:site_name" content="&lt;svg onload=alert('outlet')&gt; Daily">
<script>window.__pwned = 'ingest-time';</script>
</head><body><article>
<h1>&lt;script&gt;document.title='pwned'&lt;/script&gt; War &lt;img src=x onerror=alert(1)&gt;</h1>
<p>Officials said it is likely that the talks will fail before 2026
&lt;script&gt;window.__pwned='body'&lt;/script&gt; and observers agreed.</p>
<p>Analysts think the army will probably advance &lt;img src=x onerror=alert('p')&gt; this
year, and it is unlikely that &lt;svg onload=alert('svg')&gt; the ceasefire will hold.</p>
<p><a href="javascript:alert('link')">a javascript: link</a> and an
<img src="x" onerror="window.__pwned='tag'"> inline image.</p>
<p>The minister will almost certainly resign, according to reports, over the scandal.</p>
</article></body></html>
"""


def _text_article() -> str:
    lines = ["<script>alert('heading')</script> Forecasts", ""]
    for n, payload in enumerate(PAYLOADS):
        lines.append(
            f"The government will likely collapse {payload} before the vote number {n}. "
            f"Experts think it is unlikely that {payload} the bill passes."
        )
        lines.append("")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The app on a store holding only hostile articles, extracted, with a question on them."""
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "page.html").write_text(HTML_PAGE, encoding="utf-8")
    (folder / "plain.txt").write_text(_text_article(), encoding="utf-8")
    records = [
        {
            "text": f"It is very likely that {payload} prices will rise next year. "
            f"The central bank will probably {payload} cut rates.",
            "title": f"Title {payload}",
            "author": f"Author {payload}",
            "outlet": f"Outlet {payload}",
            "url": f"javascript:alert('url{n}')",
        }
        for n, payload in enumerate(PAYLOADS)
    ]
    (folder / "records.jsonl").write_text(
        "\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8"
    )
    path = str(folder / "hostile.db")
    with open_store(path) as store:
        ingest_paths(store, [str(folder / "page.html"), str(folder / "records.jsonl")])
        ingest_paths(
            store,
            [str(folder / "plain.txt")],
            overrides=Overrides(author=PAYLOADS[1], outlet=PAYLOADS[2]),
        )
        assert store.count_articles() == 2 + len(PAYLOADS)
        extract_pending(store, workers=1)
        found = [j for j in store.list_judgments(JudgmentFilter()) if j.probability is not None]
        assert len(found) >= 10, "the hostile articles should yield judgments to show"
        question = create_question(
            store,
            f"Will {PAYLOADS[0]} happen {PAYLOADS[1]}?",
            criteria=f"Yes if {PAYLOADS[2]} {PAYLOADS[3]}",
            closes="2030-01-01",
            fine_print=PAYLOADS[4],
            tags=(PAYLOADS[5],),
        )
        for judgment in found[:6]:
            store.link(question, judgment.id or 0, linked_by=PAYLOADS[6])
        # Straight into the store: `resolve_question` (CLI, API, forms) refuses a URL that is
        # not http(s), but a store written by an older version may hold one.
        store.resolve(
            Resolution(
                question_id=question,
                outcome="yes",
                resolved_on=date(2031, 1, 1),
                evidence=PAYLOADS[7],
                url=PAYLOADS[3],
            )
        )
        create_user(store, "mallory", PASSWORD)
    app = create_app(path, secret=SECRET)
    yield app
    app.state.store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    need_browser()
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def base_url(hostile_app: FastAPI) -> Iterator[str]:
    """The hostile app on a live server."""
    with serve(hostile_app) as url:
        yield url


def _pages(app: FastAPI) -> list[str]:
    store = app.state.store
    urls = ["/articles", "/articles?q=script", "/articles?q=onerror", "/judgments"]
    urls += [f"/articles/{a.id}" for a in store.list_articles()]
    urls += ["/judgments?page=2", "/questions", "/questions/1", "/questions/new"]
    for by in ("holder", "author", "outlet"):
        urls += [f"/leaderboard?by={by}", f"/leaderboard.svg?by={by}"]
    urls += ["/articles/1?scale=icd203", "/leaderboard?by=author&scale=kent1964"]
    return urls


def test_no_script_runs_on_any_page(hostile_app: FastAPI, browser: Any, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    console: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text))
    page.on("pageerror", lambda e: console.append(str(e)))
    # Signed in, the question page also shows the forms and the suggested judgments.
    page.goto(f"{base_url}/login")
    page.fill("input[name=name]", "mallory")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    shown_as_text = 0
    for url in _pages(hostile_app):
        answer = page.goto(base_url + url)
        assert answer is not None and answer.status == 200, url
        for cue in page.query_selector_all("a.cue")[:6]:
            cue.hover()  # the pop-up clones the card: still no script
            cue.click()
        state = page.evaluate(
            """() => ({
                pwned: window.__pwned === undefined ? null : String(window.__pwned),
                title: document.title,
                handlers: document.querySelectorAll(
                    '[onerror],[onload],[onmouseover],[onclick],iframe,object,embed').length,
                scripts: [...document.scripts].map(s => s.src),
                jsLinks: [...document.querySelectorAll('a[href],[src]')]
                    .map(a => a.getAttribute('href') || a.getAttribute('src'))
                    .filter(h => /^\\s*javascript:/i.test(h)).length,
                text: document.documentElement.textContent,
            })"""
        )
        assert state["pwned"] is None, (url, state["pwned"])
        assert state["title"] != "pwned", url
        assert state["handlers"] == 0, url
        assert state["jsLinks"] == 0, url
        assert all(src.endswith("/static/app.js") for src in state["scripts"]), url
        if MARKER in state["text"] or "<img src=x onerror=" in state["text"]:
            shown_as_text += 1
    assert dialogs == []
    assert not [m for m in console if "Content Security Policy" in m or "pwned" in m], console
    # The payloads were on the pages, as text: the check above could have failed.
    assert shown_as_text >= 10
    context.close()


def test_the_payloads_reach_the_pages_escaped(hostile_app: FastAPI) -> None:
    from fastapi.testclient import TestClient

    with TestClient(hostile_app) as client:
        for url in _pages(hostile_app):
            if url == "/questions/new":
                continue
            body = client.get(url).text
            for raw in ("<script>window", "<img src=x", "<svg onload", "<iframe"):
                assert raw not in body, (url, raw)
        article = client.get("/articles?q=prices").text
        assert "&lt;script&gt;window.__pwned=&#39;script&#39;" in article
