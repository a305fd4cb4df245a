"""Reading size and button contrast, measured in Chromium on the built site."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SIZES = """() => {
  const size = s => { const el = document.querySelector(s); return el ? parseFloat(getComputedStyle(el).fontSize) : null; };
  return {body: size('article.md-content__inner > p'), callout: size('.admonition p, .admonition li'),
          table: size('article table:not([class]) td'), key: size('.rq-key-item p'), legend: size('.rq-legend')};
}"""

CONTRAST = """el => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let bg = el, back = rgb(getComputedStyle(bg).backgroundColor);
  while (back.length === 4 && back[3] === 0 && bg.parentElement) { bg = bg.parentElement; back = rgb(getComputedStyle(bg).backgroundColor); }
  const fore = rgb(getComputedStyle(el).color);
  const [a, b] = [lum(fore), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize("width", [390, 1366])
def test_callouts_tables_and_answer_keys_read_at_body_size(browser, built_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto((built_site / "tips" / "be-curious.html").as_uri())
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    sizes = page.evaluate(SIZES)
    context.close()
    assert sizes["body"] == 16, sizes
    assert {k: v for k, v in sizes.items() if v != sizes["body"]} == {}, sizes


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_check_answer_button_keeps_its_contrast_in_every_state(browser, built_site, scheme):
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto((built_site / "tips" / "be-curious.html").as_uri())
    button = page.locator("#curious-1 .rq-check")
    button.scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    settle = 400  # the theme animates button colours for 125-250 ms
    page.wait_for_timeout(settle)
    ratios = {"default": button.evaluate(CONTRAST)}
    button.hover()
    page.wait_for_timeout(settle)
    ratios["hover"] = button.evaluate(CONTRAST)
    hover_fill = button.evaluate("el => getComputedStyle(el).backgroundColor")
    page.mouse.move(0, 0)
    button.focus()
    page.wait_for_timeout(settle)
    ratios["focus"] = button.evaluate(CONTRAST)
    box = button.bounding_box()
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    page.mouse.down()
    page.wait_for_timeout(settle)
    ratios["active"] = button.evaluate(CONTRAST)
    page.mouse.up()
    context.close()
    assert all(r >= 4.5 for r in ratios.values()), ratios
    assert hover_fill not in ("rgba(0, 0, 0, 0)", "transparent"), "the hover state was measured, not the default"
