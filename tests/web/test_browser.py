"""The user's journey in headless Chromium against a live server: browse, search, read the example
article with its judgments marked; sign in, create the North Korea question, link two judgments
from the suggestions, resolve it, and see the leaderboard change."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.browser import chromium, need_browser
from tests.web.conftest import Credentials
from trackrecord.demo import DEMO_CRITERIA, DEMO_EVIDENCE, DEMO_QUESTION
from trackrecord.store import JudgmentFilter, Store


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    need_browser()
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies) that fails the test on any script error or dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    tab.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    tab.on(
        "console",
        lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None,
    )
    yield tab
    context.close()
    assert problems == []


def _rows(page: Any, table: str) -> int:
    return int(page.locator(f"table.{table} tbody tr").count())


def test_browse_search_and_read_the_example(page: Any, live_server: str, app_store: Store) -> None:
    page.goto(f"{live_server}/")
    assert page.url.endswith("/articles")
    assert _rows(page, "articles") == app_store.count_articles()
    page.fill("input[name=q]", "North Korean troops")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=North"))
    assert _rows(page, "articles") == 1
    page.click("a.article-link")
    page.wait_for_url(re.compile(r"/articles/\d+"))
    article_id = int(page.url.rsplit("/", 1)[1].split("?")[0])
    stored = app_store.list_judgments(JudgmentFilter(article_id=article_id))
    assert "North Korean troops" in page.inner_text("h1")
    assert page.locator("aside.cards .card").count() == len(stored)
    cues = page.locator("a.cue")
    assert cues.count() >= len(stored) - 2
    first = cues.first
    assert first.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    first.hover()
    popover = page.locator(".card.popover")
    assert popover.count() == 1
    judgment_id = int(first.get_attribute("data-j"))
    judgment = next(j for j in stored if j.id == judgment_id)
    assert judgment.proposition in popover.inner_text()
    first.click()
    assert page.url.endswith(f"#j-{judgment_id}")
    # the yardstick switch re-renders the probabilities
    reader = page.locator(f"#j-{judgment_id} .prob").inner_text()
    page.click("a.scale >> text=kent1964")
    page.wait_for_url(re.compile(r"scale=kent1964"))
    assert page.locator(".scale-current").inner_text() == "kent1964"
    assert page.locator(f"#j-{judgment_id} .prob").inner_text() != reader


def test_sign_in_create_link_resolve_and_score(
    page: Any, live_server: str, app_store: Store, user: Credentials
) -> None:
    page.goto(f"{live_server}/leaderboard")
    assert "Nothing scored yet" in page.inner_text("table.leaderboard")
    page.goto(f"{live_server}/questions")
    page.click("text=New question")
    page.wait_for_url(re.compile(r"/login\?next="))
    page.fill("input[name=name]", user.name)
    page.fill("input[name=password]", user.password)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(re.compile(r"/questions/new$"))
    page.fill("input[name=title]", DEMO_QUESTION)
    page.fill("textarea[name=criteria]", DEMO_CRITERIA)
    page.fill("input[name=closes]", "2025-01-01")
    page.fill("input[name=tags]", "north-korea")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url(re.compile(r"/questions/\d+"))
    question_id = int(re.findall(r"/questions/(\d+)", page.url)[0])
    assert page.inner_text("h1.question-title") == DEMO_QUESTION
    linked = []
    for _ in range(2):
        row = page.locator("tr.suggestion").first
        linked.append(int(row.get_attribute("data-j")))
        row.locator("button.link-same").click()
        page.wait_for_load_state()
    assert _rows(page, "linked") == 2
    assert [x.judgment.id for x in app_store.linked_judgments(question_id)] == linked
    page.select_option("select[name=outcome]", "yes")
    page.fill("input[name=on]", "2024-11-12")
    page.fill("textarea[name=evidence]", DEMO_EVIDENCE)
    page.click("form.resolve button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("dd.resolution").startswith("YES on 2024-11-12")
    page.goto(f"{live_server}/leaderboard?by=holder")
    board = page.inner_text("table.leaderboard")
    assert "Nothing scored yet" not in board
    counts = [int(c) for c in page.locator("td.count").all_inner_texts()]
    assert sum(counts) == 2
    chart = page.locator("img.chart")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_missing_browser_skips_unless_ci_requires_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.web import browser as module

    monkeypatch.setattr(module, "CHROMIUM", module.Path("/nonexistent/chromium"))
    monkeypatch.setattr(module.shutil, "which", lambda name: None)
    assert "Chromium is not installed" in (module.missing_browser() or "")
    monkeypatch.setattr(module, "REQUIRED", False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        module.need_browser()
    monkeypatch.setattr(module, "REQUIRED", True)
    with pytest.raises(pytest.fail.Exception, match="TRACKRECORD_CI_REQUIRE"):
        module.need_browser()
