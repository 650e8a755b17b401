"""Keyboard and screen-reader journeys, scripted: what a person who cannot
use a mouse does, with only Tab, Shift+Tab and Enter.

At every step focus must be on something (never lost to the page itself),
visibly marked (an outline or a box shadow) and on screen. The skip link
comes first and moves focus to the content. Every page type's headings
form one outline: one h1, no level skipped. Search says how many results
it found in a live region, so a screen reader announces it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from site_pages import (
    PAGE_TYPES,
    PageType,
    open_page,
    page_types,
    richest_service,
    sample_directory,
)

pytestmark = pytest.mark.browser

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  return {
    tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || "").trim().slice(0, 60),
    href: el.getAttribute("href") || "", id: el.id || "",
    visible: Boolean(outline || shadow),
    onScreen: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth
      && box.width > 0 && box.height > 0,
  };
}"""

OUTLINE = """() => [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")]
  .filter((h) => h.closest("[hidden], .visually-hidden") === null
    && getComputedStyle(h).display !== "none")
  .map((h) => [Number(h.tagName[1]), h.innerText.trim().slice(0, 60)])"""

PRINT_RECORDER = "window.__printed = 0; window.print = () => { window.__printed += 1; };"


@pytest.fixture(scope="module")
def kinds(sample_site_dir: Path) -> dict[str, PageType]:
    return page_types(sample_site_dir)


def focused(page: Page) -> dict:
    """What has focus now; fails unless focus is on an element, marked and on screen."""
    found = page.evaluate(FOCUS)
    assert found is not None, "focus was lost (it is on the page itself)"
    assert found["visible"], f"focus on {found} has no visible outline or shadow"
    assert found["onScreen"], f"focus on {found} is off screen"
    return found


def tab_to(page: Page, matches, *, limit: int = 400, backwards: bool = False) -> dict:
    """Press Tab until the focused element matches; every stop is checked."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        found = focused(page)
        if matches(found):
            return found
    raise AssertionError(f"no element matching after {limit} presses of Tab")


def enter(page: Page) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("load")


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(page: Page, sample_site_server):
    page.goto(sample_site_server.url_for("working-together/communicating/"))
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to content"
    page.keyboard.press("Enter")
    target = first["href"].split("#", 1)[1]
    assert page.evaluate("() => location.hash") == f"#{target}"
    # Focus moved into the content: the next Tab lands inside it, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate(
        "(id) => document.getElementById(id).contains(document.activeElement)"
        " || document.activeElement.id === id",
        target,
    ), f"after the skip link, focus is not in #{target}: {focused(page)}"


def test_browse_to_a_service_save_it_open_my_list_and_print_it_by_keyboard(
    page: Page, kinds, sample_site_server
):
    service_path = kinds["service"].path
    page.add_init_script(PRINT_RECORDER)
    page.goto(sample_site_server.url)
    tab_to(page, lambda f: f["href"].rstrip("/").endswith("services") and f["tag"] == "a")
    enter(page)
    assert page.url.endswith("/services/")
    tab_to(page, lambda f: f["href"].endswith(service_path.removeprefix("services")))
    enter(page)
    assert page.url.endswith(service_path)
    tab_to(page, lambda f: f["tag"] == "button" and "Add to my list" in f["text"])
    page.keyboard.press("Enter")
    expect(page.get_by_role("status").filter(has_text="Added")).to_have_count(1)
    focused(page)
    tab_to(page, lambda f: f["href"].rstrip("/").endswith("my-list"))
    enter(page)
    assert "/my-list/" in page.url
    expect(page.locator(".lo-mylist__item")).to_have_count(1)
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Print this list")
    page.keyboard.press("Enter")
    assert page.evaluate("() => window.__printed") == 1


def test_search_with_a_filter_by_keyboard_and_the_count_is_announced(
    page: Page, kinds, sample_site_server, sample_site_dir
):
    word = kinds["search"].path.split("q=", 1)[1]
    page.goto(sample_site_server.url)
    tab_to(page, lambda f: f["tag"] == "input" and f["id"] == "lo-header-q")
    page.keyboard.type(word)
    enter(page)
    status = page.locator(".lo-search__status")
    assert status.get_attribute("role") == "status" or status.get_attribute("aria-live")
    expect(status).to_contain_text("result")
    before = status.inner_text()
    service = richest_service(sample_directory(), sample_site_dir)
    theme = service.themes[0]
    tab_to(page, lambda f: f["id"].startswith("lo-f-theme-") and f["text"] == theme)
    page.keyboard.press("Space")
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Show results")
    page.keyboard.press("Enter")
    page.wait_for_load_state("load")
    assert "q=" + word in page.url and "&" in page.url
    expect(status).to_contain_text("result")
    assert status.inner_text() != "" and (status.inner_text() != before or "theme=" in page.url)
    assert "theme=" + theme in page.url
    tab_to(page, lambda f: f["href"].endswith(f"/services/{service.id}/"))


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_headings_form_one_outline(page: Page, page_log, kinds, kind, sample_site_server):
    open_page(page, sample_site_server.url, kinds[kind], page_log)
    headings = page.evaluate(OUTLINE)
    levels = [level for level, _ in headings]
    assert levels.count(1) == 1 and levels[0] == 1, f"{kind}: {headings}"
    skipped = [
        (headings[i - 1], headings[i])
        for i in range(1, len(levels))
        if levels[i] > levels[i - 1] + 1
    ]
    assert skipped == [], f"{kind}: a heading level is skipped: {skipped}"


# --- the menu on a phone -------------------------------------------------------

MENU_BUTTON = ".lo-menu-button"


def menu_slid_in(page: Page) -> None:
    """Wait for the menu's quarter-second slide to end, so focus is checked where it stays."""
    page.wait_for_function(
        "() => document.getElementById('lo-menu').getBoundingClientRect().left >= 0"
    )


def focus_in_menu(page: Page) -> bool:
    return page.evaluate(
        "() => document.getElementById('lo-menu').contains(document.activeElement)"
    )


# The search page goes without Material's bundle (overrides/main.html): its menu works all the same.
@pytest.mark.parametrize("viewport_width", [390])
@pytest.mark.parametrize("address", ["", "search/?q=speech"])
def test_on_a_phone_the_menu_opens_by_keyboard_and_leads_to_services_by_theme(
    page: Page, sample_site_server, address
):
    page.goto(sample_site_server.url_for(address))
    button = page.locator(MENU_BUTTON)
    found = tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Menu")
    assert found["onScreen"]
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    menu_slid_in(page)
    focused(page)
    assert focus_in_menu(page), f"opening the menu left focus outside it: {focused(page)}"
    tab_to(page, lambda f: f["text"] == "Services by theme" and f["href"].endswith("themes/"))
    assert focus_in_menu(page)
    enter(page)
    assert page.url.endswith("/themes/")
    expect(page.locator("h1")).to_have_text("Services by theme")


@pytest.mark.parametrize("viewport_width", [390])
@pytest.mark.parametrize("address", ["working-together/communicating/", "search/?q=speech"])
def test_on_a_phone_escape_closes_the_menu_and_focus_returns_to_its_button(
    page: Page, sample_site_server, address
):
    page.goto(sample_site_server.url_for(address))
    button = page.locator(MENU_BUTTON)
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Menu")
    page.keyboard.press("Enter")
    menu_slid_in(page)
    tab_to(page, lambda f: f["text"] == "Services by age")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    assert focused(page)["text"] == "Menu"
    expect(page.locator("#lo-menu")).to_have_css("visibility", "hidden")


@pytest.mark.parametrize("viewport_width", [390])
def test_on_a_phone_tab_never_reaches_the_closed_menu(page: Page, sample_site_server):
    """Every stop from the top of the page to the footer is on screen (tab_to
    checks each): the closed menu's links, off the left edge, are not stops."""
    page.goto(sample_site_server.url)
    tab_to(page, lambda f: f["href"].rstrip("/").endswith("contact"))
    assert not focus_in_menu(page)


@pytest.mark.parametrize("viewport_width", [390])
def test_on_a_phone_tabbing_past_the_open_menu_closes_it(page: Page, sample_site_server):
    page.goto(sample_site_server.url)
    tab_to(page, lambda f: f["tag"] == "button" and f["text"] == "Menu")
    page.keyboard.press("Enter")
    menu_slid_in(page)
    tab_to(page, lambda f: not focus_in_menu(page))
    expect(page.locator(MENU_BUTTON)).to_have_attribute("aria-expanded", "false")


def test_without_scripts_the_menu_label_still_opens_the_menu(browser, sample_site_server):
    """The button needs menu.js; without scripts Material's label stays, for pointers."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_site_server.url)
        expect(page.locator(MENU_BUTTON)).to_be_hidden()
        page.locator(".lo-menu-label").click()
        expect(page.locator("#lo-menu")).to_have_css("visibility", "visible")
        menu = page.locator("#lo-menu")
        expect(menu.get_by_role("link", name="Services by theme")).to_be_visible()
    finally:
        context.close()


def test_without_scripts_on_a_wide_screen_tab_reaches_every_sidebar_link_on_screen(
    browser, sample_site_server
):
    """Material's script fits the sidebar to the window; without it (and on the
    search page, which goes without it) the sidebar scrolls within the window,
    so the last of its links is on screen when Tab reaches it (tab_to checks)."""
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 600}
    )
    try:
        page = context.new_page()
        page.goto(sample_site_server.url_for("working-together/communicating/"))
        last = page.locator("#lo-menu a").last.inner_text().strip()
        tab_to(page, lambda f: f["text"] == last)
    finally:
        context.close()
