"""Plain-text layout on Reuters-21578 wire copy: tables kept, paragraphs unwrapped, sign-offs dropped.

Every story with a body is written as ``bench/reuters.py`` writes it (the
wire text: hard-wrapped lines, indented paragraph starts, space-aligned
tables, the ``Reuter`` sign-off) and run through the indexer's plain-text
cleaner.  Counted, with judges that are not the cleaner's own rules:

- ``table_lines``: lines of the wire text with a gap of three or more
  spaces inside them (a crude, independent mark of a table row);
  ``kept_lines``: those that come out as a line of a preformatted passage,
  spacing kept; the rest are collapsed into running text;
- ``signoff_left``: articles whose text still ends with "Reuter";
- ``same_paragraphs``: of the stories without a table line, those whose
  running-text passages are ``Story.paragraphs`` (``bench/reuters.py``'s
  own cut: wrapped lines joined, each indented line a paragraph), in order,
  the paragraphs that came out as lines of a table left aside (and list
  markers, which the cleaner drops);
- ``stories_with_tables``, ``pre_passages``: what the cleaner marked.

It reads ``indexer`` from the checkout it sits in (or ``--root``), so the
same script measures an older checkout for a before/after comparison::

    python bench/eval_plaintext.py --data ../shared/corpora [--limit N] [--show N]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAP = re.compile(r"\S {3,}\S")


def evaluate(data_dir: Path, limit: int | None = None, show: int = 0) -> list[dict]:
    sys.path.insert(0, str(ROOT / "bench"))
    import reuters  # noqa: E402
    from indexer.extract import extract_text, load_context  # noqa: E402

    context = load_context(None)
    stories = [s for s in reuters.read_collection(Path(data_dir) / "reuters21578") if s.wire.strip()][:limit]
    counts = dict.fromkeys(("stories", "table_lines", "kept_lines", "signoff_left", "plain_stories",
                            "same_paragraphs", "stories_with_tables", "pre_passages", "passages"), 0)
    shown = 0
    started = time.perf_counter()
    for story in stories:
        article = extract_text(reuters.file_name(story), story.to_text(), context)
        counts["stories"] += 1
        counts["passages"] += len(article.passages)
        pre = [p for p in article.passages if getattr(p, "pre", False)]
        counts["pre_passages"] += len(pre)
        counts["stories_with_tables"] += bool(pre)
        kept = {" ".join(line.split()) for p in pre for line in p.text.split("\n")}
        rows = [" ".join(line.split()) for line in story.wire.split("\n") if GAP.search(line.strip())]
        counts["table_lines"] += len(rows)
        counts["kept_lines"] += sum(1 for row in rows if row in kept)
        if re.search(r"\bReuter\s*$", article.text, re.IGNORECASE):
            counts["signoff_left"] += 1
        if not rows:
            counts["plain_stories"] += 1
            ours = [" ".join(p.text.split()) for p in article.passages if not getattr(p, "pre", False)]
            reference = [re.sub(r"^[-*] ", "", " ".join(p.split())) for p in story.paragraphs   # list markers go
                         if not re.fullmatch(r"(?i)reuters?", p.strip())]
            same = ours == [p for p in reference if p not in kept]
            counts["same_paragraphs"] += same
            if not same and shown < show:
                shown += 1
                print(f"--- reut-{story.newid:05d}: ours {len(article.passages)} vs {len(story.paragraphs)}")
                for p in article.passages[:6]:
                    print(f"  | {p.text[:110]!r}")
    row = {"task": "plaintext", "system": "clippings", "data": "reuters21578 wire text", "developed_on": True,
           **counts,
           "kept_pct": round(100 * counts["kept_lines"] / max(counts["table_lines"], 1), 1),
           "same_paragraphs_pct": round(100 * counts["same_paragraphs"] / max(counts["plain_stories"], 1), 1),
           "ms_per_story": round(1000 * (time.perf_counter() - started) / max(counts["stories"], 1), 2)}
    return [row]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose indexer to measure")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=0, help="print this many stories whose paragraphs differ")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.root))
    for row in evaluate(args.data, args.limit, args.show):
        print(row)


if __name__ == "__main__":
    main()
