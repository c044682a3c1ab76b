"""Turn the Reuters-21578 SGML files into a Clippings corpus folder (one ``.txt`` per story).

Each story becomes ``reut-NNNNN.txt`` (NNNNN its ``NEWID``) in the format
the indexer reads, the body as the wire sent it::

    TITLE OF THE STORY
     date 1987-02-26
     outlet Reuters

    SALVADOR, Feb 26 - First paragraph, hard-wrapped at about 65
    characters.
        Second paragraph (Reuters starts each with an indented line).
     Shr 1.20 dlrs vs 1.10 dlrs       <- tables keep their spacing
     Reuter

The indexer unwraps the paragraphs, keeps the tables as preformatted
passages and drops the ``Reuter`` sign-off (``docs/extraction.md``, "Plain
text").  :attr:`Story.paragraphs` is the same story cut here by the old
rules (wrapped lines joined, each indented line a paragraph, the sign-off
dropped): ``--joined`` writes that form, to compare.

What each kind of story gives:

- normal stories: title, date, body (the dateline opens the first line;
  control characters are dropped);
- ``TYPE="BRIEF"`` (1,798): a headline only, whose body is the placeholder
  "Blah blah blah." -> a file with the title and date and no body;
- ``TYPE="UNPROC"`` (737, tables without TITLE/BODY tags): the first line of
  the text is the title, the rest the body (each indented line a paragraph);
- a story with neither a title nor any text is skipped: one in Distribution
  1.0 (NEWID 12793, an empty UNPROC), so 21,577 files are written.

Usage::

    python bench/reuters.py DATA OUT [--limit N] [--double]

    python bench/reuters.py DATA OUT --joined    # paragraphs joined here, no sign-off

``--limit N`` keeps the first N stories (by NEWID); ``--double`` also
writes every story again as ``reut-NNNNN-b.txt`` (43,154 files).
:func:`link_subset` and :func:`link_doubled` make such corpora from an
already written full one with hard links, which takes a second.
"""

from __future__ import annotations

import argparse
import gzip
import html
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

_DOC = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_DATE = re.compile(r"<DATE>\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})")
_TEXT = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.S)
_TITLE = re.compile(r"<TITLE>(.*?)</TITLE>", re.S)
_DATELINE = re.compile(r"<DATELINE>(.*?)</DATELINE>", re.S)
_BODY = re.compile(r"<BODY>(.*?)(?:</BODY>|$)", re.S)
_TAG = re.compile(r"</?[A-Z]+\b[^>]*>")
_CHAR_REF = re.compile(r"&#\d+;")
_TOPICS = re.compile(r"<TOPICS>(.*?)</TOPICS>", re.S)
_D = re.compile(r"<D>(.*?)</D>", re.S)
_SIGNOFF = re.compile(r"\s*\bReuter\s*$")
_PLACEHOLDER = "Blah blah blah."
OUTLET = "Reuters"              # every story is from Reuters: the outlet facet has one value
MONTHS = {m: i for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}


@dataclass
class Story:
    """One Reuters story as plain data."""

    newid: int
    date: str | None          # YYYY-MM-DD
    title: str
    wire: str                 # the body as sent: line breaks, indentation and sign-off kept
    kind: str                 # "NORM", "BRIEF" or "UNPROC"
    topics: tuple[str, ...] = ()   # the TOPICS categories (``earn``, ``crude``, ...)

    @property
    def paragraphs(self) -> list[str]:
        """The body cut by this module's own rules: wrapped lines joined, the sign-off dropped."""
        return paragraphs(_SIGNOFF.sub("", self.wire))

    def to_text(self, joined: bool = False) -> str:
        """The story in the corpus' plain-text format: the wire text, or with ``joined`` the
        :attr:`paragraphs` separated by blank lines."""
        head = [self.title]
        if self.date:
            head.append(f" date {self.date}")
        head.append(f" outlet {OUTLET}")
        text = "\n".join(head) + "\n"
        body = "\n\n".join(self.paragraphs) if joined else self.wire
        if body.strip():
            text += "\n" + body + "\n"
        return text


def _clean(fragment: str) -> str:
    """SGML fragment -> text: control-character references dropped, entities decoded."""
    return html.unescape(_CHAR_REF.sub("", fragment))


def paragraphs(raw: str) -> list[str]:
    """Rejoin hard-wrapped lines; an indented line (or a blank line) starts a paragraph."""
    out: list[list[str]] = []
    fresh = True
    for line in raw.split("\n"):
        if not line.strip():
            fresh = True
            continue
        if fresh or line[:1].isspace():
            out.append([])
        out[-1].append(line.strip())
        fresh = False
    return [" ".join(words) for words in out if words]


def parse_story(attrs: str, inner: str) -> Story | None:
    """One ``<REUTERS>`` element -> a :class:`Story`, or None when it has no text at all."""
    newid = int(_NEWID.search(attrs).group(1))
    date = None
    m = _DATE.search(inner)
    if m and m.group(2).upper() in MONTHS:
        date = f"{int(m.group(3)):04d}-{MONTHS[m.group(2).upper()]:02d}-{int(m.group(1)):02d}"
    text_match = _TEXT.search(inner)
    if text_match is None:
        return None
    kind_match = re.search(r'TYPE="(\w+)"', text_match.group(1))
    kind = kind_match.group(1) if kind_match else "NORM"
    text = text_match.group(2)
    title_match = _TITLE.search(text)
    title = " ".join(_clean(title_match.group(1)).split()) if title_match else ""
    body_match = _BODY.search(text)
    if body_match:
        body = _clean(body_match.group(1))
    elif title_match:            # BRIEF: what follows the headline is a placeholder
        body = _clean(text[title_match.end():])
    else:                        # UNPROC: untagged text
        body = _clean(_TAG.sub("", text))
    lines = [line.rstrip() for line in body.strip("\n").rstrip().split("\n")]
    lines = [line for line in lines if line.strip() != _PLACEHOLDER]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not title and lines:
        title, lines = " ".join(lines[0].split()), lines[1:]
    if not title:
        return None
    dateline_match = _DATELINE.search(text)
    if dateline_match and lines:
        dateline = " ".join(_clean(dateline_match.group(1)).split())
        if dateline:
            lines[0] = f"{dateline} {lines[0].lstrip()}"
    wire = "\n".join(lines)
    topics_match = _TOPICS.search(inner)
    topics = tuple(_D.findall(topics_match.group(1))) if topics_match else ()
    return Story(newid, date, title, wire if _SIGNOFF.sub("", wire).strip() else "", kind, topics)


def parse_sgml(text: str) -> Iterator[Story]:
    """Every story of one SGML file's text, in file order (stories without text left out)."""
    for m in _DOC.finditer(text):
        story = parse_story(m.group(1), m.group(2))
        if story is not None:
            yield story


def read_collection(data: Path) -> list[Story]:
    """All stories of the 22 ``reut2-*.sgm.gz`` files of ``data``, by NEWID."""
    files = sorted(Path(data).glob("reut2-*.sgm.gz")) or sorted(Path(data).glob("reut2-*.sgm"))
    if not files:
        raise FileNotFoundError(f"no reut2-*.sgm(.gz) files in {data}")
    stories = []
    for path in files:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rb") as fh:
            stories.extend(parse_sgml(fh.read().decode("latin-1")))
    stories.sort(key=lambda s: s.newid)
    return stories


def file_name(story: Story, copy: bool = False) -> str:
    return f"reut-{story.newid:05d}{'-b' if copy else ''}.txt"


def write_corpus(stories: Iterable[Story], out: Path, double: bool = False, joined: bool = False) -> list[str]:
    """Write one file per story into ``out`` (created); returns the file names in order
    (``joined``: the paragraphs cut here rather than the wire text)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stories = list(stories)
    names = []
    for copy in ((False, True) if double else (False,)):
        for story in stories:
            name = file_name(story, copy)
            (out / name).write_text(story.to_text(joined=joined), encoding="utf-8")
            names.append(name)
    return names


def link_subset(source: Path, names: list[str], out: Path) -> None:
    """A corpus ``out`` holding ``names`` of ``source`` as hard links (copies if links fail)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in names:
        _link(Path(source) / name, out / name)


def link_doubled(source: Path, names: list[str], out: Path) -> None:
    """A corpus ``out`` with every file of ``names`` twice: as itself and as ``*-b.txt``."""
    link_subset(source, names, out)
    for name in names:
        _link(Path(source) / name, Path(out) / name.replace(".txt", "-b.txt"))


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        dst.write_bytes(src.read_bytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="folder of reut2-*.sgm.gz")
    parser.add_argument("out", type=Path, help="corpus folder to write")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--double", action="store_true", help="write every story twice")
    parser.add_argument("--joined", action="store_true",
                        help="paragraphs joined here and the sign-off dropped, instead of the wire text")
    args = parser.parse_args(argv)
    stories = read_collection(args.data)[:args.limit]
    names = write_corpus(stories, args.out, double=args.double, joined=args.joined)
    print(f"wrote {len(names)} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
