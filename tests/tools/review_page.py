"""Opens a review page in headless Chromium (Selenium, Debian's chromium-driver), acts on it as a
reader would and prints what it saw as one JSON object; the Rust tests (tests/review.rs) judge it.

usage: review_page.py PAGE.html [--click I] [--hover FIGURE_ID] [--relation K] [--keys N]
                      [--filter RULE] [--print] [--screenshot PNG]

- "load_ms": milliseconds from navigation start to the end of the load event;
- "headings": heading count by level; "figures": ids of the marked figures in document order;
  "items": the finding indices of the side list, in list order; "data": the page's JSON block;
  "underlined": finding indices drawn in the text; "in_relations": the figures marked as in a
  verified relation and as in a questioned one;
- --click I: clicks finding I of the side list; "clicked" gives whether its place in the text is
  in the viewport afterwards and the text of the detail box;
- --hover ID: moves the mouse over figure ID, then focuses it from the keyboard; "hovered" and
  "focused" list the figures lit as a total ("head") and as parts ("parts");
- --relation K: opens the list of relations and clicks relation K; "related" lists the figures
  lit and the text of the detail box;
- --keys N: presses Escape, then j N times and k once; "keys" lists the selected finding after
  each press;
- --filter RULE: unticks "warning" and notes the findings left in the list, ticks it again,
  chooses RULE and notes them again ("filtered": {"no_warnings": […], "rule": […]});
- --print: emulates print media; "printed" says whether the side list and the detail box are
  displayed and the background of the first figure;
- "console": browser log messages of level SEVERE; "requests": URLs the page requested other than
  itself.
"""

import argparse
import json
import pathlib
import sys
import time

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from selenium.webdriver.chrome.service import Service


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def lit(driver):
    ids = lambda cls: [e.get_attribute("id") for e in driver.find_elements(By.CSS_SELECTOR, "#text ." + cls)]
    return {"head": ids("lit-head"), "parts": ids("lit-part")}


def selected(driver):
    items = driver.find_elements(By.CSS_SELECTOR, "#findings .item.selected")
    return int(items[0].get_attribute("data-i")) if items else None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("page")
    parser.add_argument("--click", type=int)
    parser.add_argument("--hover")
    parser.add_argument("--relation", type=int)
    parser.add_argument("--keys", type=int, default=0)
    parser.add_argument("--screenshot")
    parser.add_argument("--filter")
    parser.add_argument("--print", action="store_true")
    args = parser.parse_args()
    url = pathlib.Path(args.page).resolve().as_uri()
    driver = browser()
    out = {}
    try:
        driver.get(url)
        out["load_ms"] = driver.execute_script(
            "var t = performance.getEntriesByType('navigation')[0]; return t.loadEventEnd - t.startTime;")
        is_review = bool(driver.find_elements(By.ID, "data"))
        if is_review:
            out["headings"] = driver.execute_script(
                "var c = {}; document.querySelectorAll('#text .heading').forEach(function (h) {"
                " c[h.dataset.level] = (c[h.dataset.level] || 0) + 1; }); return c;")
            out["figures"] = driver.execute_script(
                "return Array.from(document.querySelectorAll('#text .fig')).map(function (e) { return e.id; });")
            out["items"] = driver.execute_script(
                "return Array.from(document.querySelectorAll('#findings .item')).map(function (e) { return +e.dataset.i; });")
            out["underlined"] = driver.execute_script(
                "var s = {}; document.querySelectorAll('#text .u').forEach(function (u) {"
                " u.dataset.f.split(' ').forEach(function (i) { s[i] = 1; }); });"
                " return Object.keys(s).map(Number).sort(function (a, b) { return a - b; });")
            out["data"] = driver.execute_script("return JSON.parse(document.getElementById('data').textContent);")
            out["in_relations"] = driver.execute_script(
                "var ids = function (c) { return Array.from(document.querySelectorAll('#text .fig.' + c))"
                ".map(function (e) { return e.id; }); }; return {verified: ids('rel-ok'), questioned: ids('rel-bad')};")
        if args.click is not None:
            item = driver.find_element(By.CSS_SELECTOR, '#findings .item[data-i="%d"]' % args.click)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", item)
            item.click()
            time.sleep(0.2)
            anchor = out["data"]["anchors"][args.click]
            in_view = driver.execute_script(
                "var r = document.getElementById(arguments[0]).getBoundingClientRect();"
                " return r.top >= 0 && r.bottom <= window.innerHeight;", anchor)
            detail = driver.find_element(By.ID, "detail")
            out["clicked"] = {"in_view": in_view, "detail": detail.text,
                              "detail_shown": detail.is_displayed(), "selected": selected(driver)}
        if args.hover:
            figure = driver.find_element(By.ID, args.hover)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", figure)
            driver.find_element(By.TAG_NAME, "body").send_keys("\ue00c")  # Escape
            ActionChains(driver).move_to_element(figure).perform()
            out["hovered"] = lit(driver)
            driver.find_element(By.TAG_NAME, "body").send_keys("\ue00c")
            ActionChains(driver).move_by_offset(0, 0).perform()
            driver.execute_script("document.activeElement && document.activeElement.blur && document.activeElement.blur();"
                                  " arguments[0].focus();", figure)
            out["focused"] = lit(driver)
            out["focused"]["detail"] = driver.find_element(By.ID, "detail").text
        if args.relation is not None:
            driver.find_element(By.CSS_SELECTOR, "#relations summary").click()
            item = driver.find_element(By.CSS_SELECTOR, '#relations .rel[data-r="%d"]' % args.relation)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", item)
            item.click()
            out["related"] = lit(driver)
            out["related"]["detail"] = driver.find_element(By.ID, "detail").text
        if args.screenshot:
            driver.save_screenshot(args.screenshot)
        if args.keys:
            driver.execute_script("document.activeElement && document.activeElement.blur && document.activeElement.blur();")
            body = driver.find_element(By.TAG_NAME, "body")
            body.send_keys("\ue00c")
            seen = []
            for _ in range(args.keys):
                body.send_keys("j")
                seen.append(selected(driver))
            body.send_keys("k")
            seen.append(selected(driver))
            out["keys"] = seen
        if args.filter:
            shown = lambda: driver.execute_script(
                "return Array.from(document.querySelectorAll('#findings .item'))"
                ".filter(function (e) { return e.offsetParent !== null; }).map(function (e) { return +e.dataset.i; });")
            box = driver.find_element(By.CSS_SELECTOR, '#findings input[data-severity="warning"]')
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
            box.click()
            no_warnings = shown()
            box.click()
            Select(driver.find_element(By.ID, "rule-filter")).select_by_value(args.filter)
            out["filtered"] = {"no_warnings": no_warnings, "rule": shown()}
        if args.print:
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            out["printed"] = driver.execute_script(
                "var d = function (id) { return getComputedStyle(document.getElementById(id)).display; };"
                " return {side: d('side'), detail: d('detail'),"
                " figure: getComputedStyle(document.querySelector('#text .fig')).backgroundColor};")
        out["console"] = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        requests = []
        for entry in driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            if message["method"] == "Network.requestWillBeSent":
                request_url = message["params"]["request"]["url"]
                if request_url != url:
                    requests.append(request_url)
        out["requests"] = requests
    finally:
        driver.quit()
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
