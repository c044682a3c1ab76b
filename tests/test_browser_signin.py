"""Signing in and out in Chromium: the requested search comes back after signing in, the header
shows who is signed in without breaking the phone layout, the sign-in page is readable.
Screenshots go to ``test-artifacts/signin-*.png``."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from helpers import ROOT, copy_seed_corpus, index_corpus, serve_in_thread, write_users
from test_browser_layout import contrast_failures, overflow, text_elements

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "test-artifacts"
HEIGHT = {320: 640, 390: 844, 1280: 860}
PASSWORD = "correct horse battery"
LONG_NAME = "margaret.abernathy-smythe@example.org"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The seed index served with sign-in on (real argon2id hashes), on a free loopback port."""
    from webapp import create_app

    base = tmp_path_factory.mktemp("signin")
    corpus = copy_seed_corpus(base / "corpus")
    index = index_corpus(corpus, base / "index")
    users = write_users(base / "instance" / "users.json", {"ann": PASSWORD, LONG_NAME: PASSWORD})
    app = create_app({"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus), "USERS_FILE": str(users)})
    with serve_in_thread(app) as url:
        yield url


@pytest.fixture
def open_page(chromium):
    """``open_page(width, color_scheme="light")``: a tab in a fresh context (no cookies)."""
    ARTIFACTS.mkdir(exist_ok=True)
    contexts = []

    def make(width: int, color_scheme: str = "light"):
        context = chromium.new_context(viewport={"width": width, "height": HEIGHT[width]}, color_scheme=color_scheme)
        contexts.append(context)
        page = context.new_page()
        page.emulate_media(color_scheme=color_scheme)
        return page
    yield make
    for context in contexts:
        context.close()


def sign_in(page, name: str, password: str = PASSWORD) -> None:
    page.fill("#username", name)
    page.fill("#password", password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize("width", [390, 1280])
def test_signing_in_lands_on_the_requested_search_and_signing_out_ends_it(server, open_page, width):
    page = open_page(width)
    wanted = "/?q=troops&sort=oldest&per_page=20"
    page.goto(server + wanted)
    expect(page).to_have_url(re.compile(r"/signin\?next="))
    expect(page.locator("h1")).to_have_text("Sign in")
    assert page.locator("form.search").count() == 0
    page.screenshot(path=str(ARTIFACTS / f"signin-{width}-form.png"))
    sign_in(page, "ann")
    page.wait_for_url(server + wanted)
    expect(page.locator("li.hit").first).to_be_visible()
    expect(page.locator("form.search input[name=q]")).to_have_value("troops")
    expect(page.locator(".account-name")).to_contain_text("ann")
    page.screenshot(path=str(ARTIFACTS / f"signin-{width}-signed-in.png"))
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(server + "/signin")
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    page.goto(server + "/?q=troops")
    expect(page).to_have_url(re.compile(r"/signin\?next="))


def test_a_wrong_password_says_so_and_keeps_the_form(server, open_page):
    page = open_page(390)
    page.goto(server + "/?q=kursk")
    sign_in(page, "ann", "not the password")
    expect(page.get_by_role("alert")).to_have_text("The name or the password is not right.")
    sign_in(page, "ann")
    page.wait_for_url(server + "/?q=kursk")


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_header_with_a_long_name_fits_every_width(server, open_page, width):
    page = open_page(width)
    page.goto(server + "/signin")
    measured = overflow(page)
    assert measured["scrollWidth"] <= measured["innerWidth"], ("sign-in page", measured)
    sign_in(page, LONG_NAME)
    page.wait_for_url(server + "/")
    page.goto(server + "/?q=troops")
    for name in ("search", "article"):
        measured = overflow(page)
        assert measured["scrollWidth"] <= measured["innerWidth"], (name, measured)
        for selector in (".account-name", ".sign-out button", "form.search button"):
            box = page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (name, selector, box)
        if width < 600:       # the search box still takes the width of a phone, under the account line
            box = page.locator("form.search input[name=q]").bounding_box()
            assert box["width"] >= 0.6 * width
            assert box["y"] >= page.locator(".account").bounding_box()["y"]
        page.screenshot(path=str(ARTIFACTS / f"signin-{width}-{name}.png"))
        if name == "search":
            page.locator("a.hit-title").first.click()
            page.wait_for_url(re.compile(r"/doc/"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_sign_in_page_and_account_line_contrast(server, open_page, scheme):
    page = open_page(1280, color_scheme=scheme)
    page.goto(server + "/")
    sign_in(page, "ann", "wrong password")
    expect(page.get_by_role("alert")).to_be_visible()              # the answer has loaded
    failures = contrast_failures(page, ["h1", "label", ".signin-error", ".signin-form button"], text_elements(page))
    sign_in(page, "ann")
    page.wait_for_url(server + "/")
    failures += contrast_failures(page, [".account-name", ".sign-out button"])
    page.screenshot(path=str(ARTIFACTS / f"signin-{scheme}-account.png"))
    assert not failures, failures
