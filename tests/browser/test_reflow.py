"""Zoom and reflow: at 320 px wide, and with text at 200%, nothing scrolls
sideways and no text overlaps other text, on every page type.

Measured in Chromium, not judged by eye: the page must be no wider than
the window, and the boxes of the page body's blocks of text (paragraphs,
headings, list items, table cells, labels, buttons) must not overlap each
other. Text size is doubled the way a browser's text-size setting does it:
the root font size, which the theme sizes everything from (set through the
CSS object model, which the site's strict Content-Security-Policy allows,
unlike an injected stylesheet).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from site_pages import PAGE_TYPES, PageType, open_page, page_types

pytestmark = pytest.mark.browser

DOUBLE_TEXT = """() => {
  const html = document.documentElement;
  html.style.fontSize = (parseFloat(getComputedStyle(html).fontSize) * 2) + "px";
  return parseFloat(getComputedStyle(html).fontSize);
}"""

MEASURE = """() => {
  const html = document.documentElement;
  const root = document.querySelector("#main-content") || document.querySelector("article");
  const selector = "p, h1, h2, h3, h4, h5, h6, li, dt, dd, th, td, label, legend, button, "
    + "input, select, summary";
  const visible = (el) => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return style.visibility !== "hidden" && style.display !== "none" && box.width > 0
      && box.height > 0 && el.closest(".visually-hidden, [hidden]") === null;
  };
  const blocks = [...root.querySelectorAll(selector)].filter(visible);
  const overlaps = [];
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + " \\"" + (el.innerText || el.value || "").trim().slice(0, 40) + "\\"";
  // An inline element that wraps has one box per line (its bounding box would
  // cover the start of the line before it), so boxes are compared line by line.
  const boxes = blocks.map((el) => [...el.getClientRects()]);
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  for (let i = 0; i < blocks.length; i++) {
    for (let j = i + 1; j < blocks.length; j++) {
      if (blocks[i].contains(blocks[j]) || blocks[j].contains(blocks[i])) continue;
      if (boxes[i].some((a) => boxes[j].some((b) => overlap(a, b)))) {
        overlaps.push(name(blocks[i]) + " overlaps " + name(blocks[j]));
      }
    }
  }
  const wide = [...root.querySelectorAll("*")].filter(visible)
    .filter((el) => el.getBoundingClientRect().right > html.clientWidth + 1)
    .slice(0, 5).map(name);
  return {
    scrollWidth: html.scrollWidth, clientWidth: html.clientWidth,
    blocks: blocks.length, overlaps: overlaps.slice(0, 10), wide,
  };
}"""


@pytest.fixture(scope="module")
def kinds(sample_site_dir: Path) -> dict[str, PageType]:
    return page_types(sample_site_dir)


def check_reflow(page: Page, where: str) -> None:
    found = page.evaluate(MEASURE)
    assert found["blocks"] > 0, f"{where}: no text found to measure"
    assert found["scrollWidth"] <= found["clientWidth"], (
        f"{where} scrolls sideways: {found['scrollWidth']} px of content in "
        f"{found['clientWidth']} px; too wide: {found['wide']}"
    )
    assert found["overlaps"] == [], f"{where}: text overlaps: {found['overlaps']}"


@pytest.mark.parametrize("viewport_width", [320])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_nothing_overlaps_or_scrolls_sideways_at_320_px(
    page: Page, page_log, kinds, kind, sample_site_server, viewport_width
):
    open_page(page, sample_site_server.url, kinds[kind], page_log)
    check_reflow(page, f"{kind} at 320 px")


@pytest.mark.parametrize("viewport_width", [390, 1280])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_nothing_overlaps_or_scrolls_sideways_with_text_at_200_percent(
    page: Page, page_log, kinds, kind, sample_site_server, viewport_width
):
    open_page(page, sample_site_server.url, kinds[kind], page_log)
    before = page.evaluate("() => parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert page.evaluate(DOUBLE_TEXT) == before * 2
    page.wait_for_timeout(100)  # let the theme's resize observers settle
    check_reflow(page, f"{kind} at {viewport_width} px with text at 200%")
