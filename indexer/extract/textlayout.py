"""The layout of fixed-width text: tables to keep as they are, paragraphs to unwrap.

Wire copy and typed text carry tables made with spaces (Reuters' commodity
tables, price lists, "Shr 1.20 vs 1.10" earnings lines) and paragraphs
hard-wrapped at a fixed width, with an indented first line.  This module
says which lines of a block form a table (:func:`segments`), so that the
cleaner keeps them as one preformatted passage with their line breaks,
and where the other lines' paragraphs start.  It works on raw lines
(indentation kept, tabs expanded) and decides nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A column gap: three or more spaces inside a line, or two that are not a typist's sentence
# spacing ("said.  The") or a stray double space between words ("in  the").
GAP = re.compile(r"\S {3,}(?=\S)|(?<![.!?:;,a-z])  (?=\S)|(?<=[.!?:;,])  (?=[\d(-])|(?<=[a-z])  (?=[\d$€£%(–—-])")
LEADER = re.compile(r"\S\s*(?:\.{4,}|…{2,}|_{4,}|-{4,})\s*\S")   # dotted leaders: "Total ...... 12"
_SENTENCE_END = re.compile(r"[.!?;,:\"”’]$")
_DIGIT = re.compile(r"\d")
LABEL_MAX = 60         # a table's label line ("Nine mths", "Average CD rates of city banks")
ROW_MAX = 60           # a short row of a table without column gaps ("Shr 86 cts vs 74 cts")
MIN_SHORT_ROWS = 3
SLACK = 4             # characters a wrapped line may fall short of the wrap width


@dataclass(frozen=True)
class Segment:
    """Consecutive lines of a block: a table (``pre``) or a paragraph's lines."""

    lines: tuple[str, ...]
    pre: bool


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def columns(line: str) -> set[int]:
    """Where the line's column cells start and end (cells are runs separated by column gaps)."""
    marks: set[int] = set()
    body_start = indent(line)
    for match in re.finditer(r"\S+(?: \S+)*", line[body_start:]):
        marks.add(body_start + match.start())
        marks.add(body_start + match.end())
    return marks


def is_columnar(line: str) -> bool:
    """A table row: cells separated by column gaps or joined by a dotted leader."""
    body = line.strip()
    return bool(GAP.search(body) or LEADER.search(body))


def _aligned(one: str, other: str) -> bool:
    """Whether two rows share a cell edge (±1 character) other than their indentation."""
    a = columns(one) - {indent(one)}
    b = columns(other) - {indent(other)}
    return any(x - 1 <= y <= x + 1 for x in a for y in b)


def width(lines: list[str]) -> int:
    """The wrap width of a text: the length of its longest lines (the 95th percentile)."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if not lengths:
        return 0
    return lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))]


def broken_on_purpose(line: str, following: str, wrap: int) -> bool:
    """A line ended before the wrap width needed it to: the next line's first word would fit."""
    words = following.split()
    return bool(words) and len(line.rstrip()) + 1 + len(words[0]) <= wrap - SLACK


def _starts_line(previous: str, line: str, wrap: int, margin: int) -> bool:
    """Whether ``line`` starts a line of its own rather than continuing a wrapped ``previous``:
    it is indented (past the block's margin or the line before), the line before ends a
    sentence, or it was broken on purpose."""
    return (indent(line) > min(margin, indent(previous)) or bool(_SENTENCE_END.search(previous.rstrip()))
            or broken_on_purpose(previous, line, wrap))


def _short_row(line: str) -> bool:
    body = line.strip()
    return 0 < len(body) <= ROW_MAX and not _SENTENCE_END.search(body)


def table_lines(block: list[str], wrap: int) -> list[bool]:
    """For each line of ``block``, whether it belongs to a table.

    A table is (a) a run of at least two column rows (cells separated by
    column gaps, or dotted leaders), most of them lining up a cell edge with
    the next one, with short label
    lines between them ("Nine mths", "Adjustments --"); or (b) at least
    three short lines broken on purpose (the next line's first word would
    have fit), none ending like a sentence, half of them holding a number,
    the first not the continuation of a wrapped line:
    "Shr 86 cts vs 74 cts / Net 11.1 mln vs 8.6 mln / Revs 87.7 mln".
    """
    n = len(block)
    marked = [False] * n
    margin = min((indent(line) for line in block), default=0)
    rows = [is_columnar(line) for line in block]
    i = 0
    while i < n:
        if not rows[i]:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < n:
            if rows[j]:
                run.append(j)
                j += 1
            elif len(block[j].strip()) <= LABEL_MAX and j + 1 < n and rows[j + 1]:
                j += 1           # a label line between rows
            else:
                break
        end = run[-1]
        aligned = sum(1 for a, b in zip(run, run[1:]) if _aligned(block[a], block[b]))
        if len(run) >= 2 and 2 * aligned >= len(run) - 1:
            for k in range(i, end + 1):
                marked[k] = True
        i = end + 1
    i = 0
    while i < n:
        if i and not marked[i - 1] and not _starts_line(block[i - 1], block[i], wrap, margin):
            i += 1               # a wrapped paragraph's next line, not a row
            continue
        j = i
        while j < n and not marked[j] and _short_row(block[j]) and \
                (j + 1 >= n or marked[j + 1] or _starts_line(block[j], block[j + 1], wrap, margin)):
            j += 1
        run = block[i:j]
        if len(run) >= MIN_SHORT_ROWS and 2 * sum(1 for line in run if _DIGIT.search(line)) >= len(run):
            for k in range(i, j):
                marked[k] = True
        i = max(j, i + 1)
    return marked


def segments(block: list[str], wrap: int) -> list[Segment]:
    """The block cut into tables and paragraphs, in order.

    Outside tables, a line indented deeper than the block's least indented
    lines starts a paragraph (wire copy indents each paragraph's first line
    and wraps the rest to the margin).
    """
    marked = table_lines(block, wrap)
    prose_indents = [indent(line) for line, pre in zip(block, marked) if not pre]
    margin = min(prose_indents) if prose_indents else 0
    out: list[Segment] = []
    current: list[str] = []
    current_pre = None
    for line, pre in zip(block, marked):
        starts = pre != current_pre or (not pre and indent(line) > margin)
        if starts and current:
            out.append(Segment(tuple(current), bool(current_pre)))
            current = []
        current.append(line)
        current_pre = pre
    if current:
        out.append(Segment(tuple(current), bool(current_pre)))
    return out


def dedent(lines: tuple[str, ...] | list[str]) -> str:
    """A table's lines without their common indentation and trailing spaces, joined by newlines."""
    cut = min((indent(line) for line in lines if line.strip()), default=0)
    return "\n".join(line[cut:].rstrip() for line in lines)
