"""The query language beyond Whoosh syntax, rewritten into Whoosh syntax.

:func:`rewrite_dates` turns date comparisons and spans into Whoosh ranges
over the ``date`` field (``YYYY-MM-DD`` terms): ``date:>2024-11-01``,
``date:>=2024-11``, ``date:<2025``, ``date:2024-11-01..2024-11-30``,
``date:2024-11`` (the month) and ``date:[2024-11 TO 2025]``; a partial date
stands for its whole span.  :func:`rewrite_signs` reads ``-x`` as
``NOT x`` and ``+x`` as required (Lucene's reading): in a group with a
``+`` clause and no explicit AND/OR, ``+a +b c d`` is
``(a b) ANDMAYBE (c OR d)``: the ``+`` clauses must match, the others
only add to the score.  :func:`rewrite_said` reads ``said:NAME words`` as
words of NAME's quotes (terms of the ``said`` field).  Each returns the new
text and what it changed, said in words for the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.index.said import KEY_SEPARATOR
from indexer.index.analysis import speaker_key
from webapp.params import ParamError, parse_day

#: Operators joining two clauses; NOT stands before one.
BINARY = ("AND", "OR", "ANDNOT", "ANDMAYBE", "REQUIRE")

_DAY = r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?"
_QUOTED_OR_DATE = re.compile(r'"[^"]*"|(?P<sign>[+-]*)date:(?P<value>[^\s()]+)')
_COMPARE = re.compile(rf"^(?P<rel>>=|<=|=>|=<|>|<)(?P<a>{_DAY})$")
_SPAN = re.compile(rf"^(?P<a>{_DAY})?\.\.(?P<b>{_DAY})?$")
_PARTIAL = re.compile(r"^\d{4}(?:-\d{1,2})?$")
_RANGE = re.compile(rf"^(?P<open>[\[{{])\s*(?:(?P<a>{_DAY})\s+)?[Tt][Oo](?:\s+(?P<b>{_DAY}))?\s*(?P<close>[\]}}])$")


class DateError(ValueError):
    """A ``date:`` value that is not a date, a comparison or a span."""


def span(value: str) -> tuple[str, str]:
    """First and last day (``YYYY-MM-DD``) of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    try:
        return parse_day(value), parse_day(value, end=True)
    except ParamError:
        raise DateError(value) from None


def date_range(value: str) -> str | None:
    """The Whoosh range a ``date:`` value stands for; None when Whoosh reads it as typed."""
    if match := _COMPARE.match(value):
        first, last = span(match["a"])
        rel = match["rel"].replace("=>", ">=").replace("=<", "<=")
        return {">": _range("{", last, "", "]"), ">=": _range("[", first, "", "]"),
                "<": _range("[", "", first, "}"), "<=": _range("[", "", last, "]")}[rel]
    if match := _SPAN.match(value):
        if not (match["a"] or match["b"]):
            raise DateError(value)
        first = span(match["a"])[0] if match["a"] else ""
        last = span(match["b"])[1] if match["b"] else ""
        if first and last and first > last:
            raise DateError(value)
        return _range("[", first, last, "]")
    if match := _RANGE.match(value):
        inclusive_a, inclusive_b = match["open"] == "[", match["close"] == "]"
        a = span(match["a"])[0 if inclusive_a else 1] if match["a"] else ""
        b = span(match["b"])[1 if inclusive_b else 0] if match["b"] else ""
        return _range(match["open"], a, b, match["close"])
    if _PARTIAL.match(value):
        return _range("[", *span(value), "]")
    if re.match(rf"^{_DAY}$", value):
        first, _ = span(value)
        return None if first == value else first
    if "*" in value or "?" in value:
        return None
    raise DateError(value)


def _range(opening: str, first: str, last: str, closing: str) -> str:
    return f"{opening}{first + ' ' if first else ''}TO{' ' + last if last else ''}{closing}"


def rewrite_dates(text: str, messages: list[str]) -> str:
    """``date:`` comparisons, spans and partial dates as Whoosh ranges; values that are not dates
    are left out, with a message."""
    ranges = re.sub(r"date:([\[{][^\]}]*[\]}])", lambda m: "date:" + re.sub(r"\s+", "\x00", m[1]), text)

    def rewrite(match: re.Match) -> str:
        value = match["value"].replace("\x00", " ")
        try:
            found = date_range(value)
        except DateError:
            messages.append(f"“date:{value}” is not a date (YYYY, YYYY-MM or YYYY-MM-DD, with >, >=, <, <= "
                            f"or a span like 2024-11-01..2024-11-30): it was left out.")
            return " "
        return match[0].replace("\x00", " ") if found is None else f"{match['sign']}date:{found}"

    def outside_quotes(match: re.Match) -> str:
        if match[0].startswith('"') or not _starts_unit(ranges, match.start()):
            return match[0]
        return rewrite(match)

    return _QUOTED_OR_DATE.sub(outside_quotes, ranges).replace("\x00", " ")


def _starts_unit(text: str, position: int) -> bool:
    return position == 0 or text[position - 1].isspace() or text[position - 1] == "("


# -- + and - ------------------------------------------------------------------------

@dataclass
class Clause:
    """One clause of a group: a word, phrase, field:value or range (``text``), or a ``group``."""

    text: str = ""
    group: list | None = None
    prefix: str = ""              # before a group's "(": a field name such as "title:"
    suffix: str = ""              # after a group's ")": a boost such as "^2"
    sign: str = ""                # "+", "-" or ""

    def emit(self, notes: list[str]) -> str:
        body = self.text if self.group is None else f"{self.prefix}({emit_group(self.group, notes)}){self.suffix}"
        return f"NOT {body}" if self.sign == "-" else body


@dataclass
class _Scanner:
    text: str
    pos: int = 0
    notes: list[str] = field(default_factory=list)

    def group(self) -> list:
        items: list = []
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            if ch.isspace():
                self.pos += 1
            elif ch == ")":
                self.pos += 1
                return items
            else:
                items.append(self.clause())
        return items

    def clause(self) -> Clause | str:
        start = self.pos
        unit = self.unit()
        if self.pos < len(self.text) and self.text[self.pos] == "(":
            self.pos += 1
            inner = self.group()
            suffix = self.unit()
            sign, prefix = _split_sign(unit)
            return Clause(group=inner, prefix=prefix, suffix=suffix, sign=self._sign(sign, self.text[start:self.pos]))
        if unit in BINARY or unit == "NOT":
            return unit
        sign, body = _split_sign(unit)
        if not body:
            return Clause(text=unit)          # a lone "-": punctuation, which the analyzer ignores
        return Clause(text=body, sign=self._sign(sign, unit))

    def unit(self) -> str:
        """Characters up to whitespace or a parenthesis; quotes and ranges are read whole."""
        start, text = self.pos, self.text
        while self.pos < len(text):
            ch = text[self.pos]
            if ch.isspace() or ch in "()":
                break
            closing = {'"': '"', "[": "]", "{": "}"}.get(ch)
            end = text.find(closing, self.pos + 1) if closing else -1
            self.pos = end + 1 if end > 0 else self.pos + 1
        return text[start:self.pos]

    def _sign(self, signs: str, typed: str) -> str:
        if len(signs) > 1:
            meaning = "excluded" if signs.count("-") % 2 else "required"
            self.notes.append(f"“{typed}” has several signs; it was read as {meaning}.")
        if not signs:
            return ""
        return "-" if signs.count("-") % 2 else "+"


def _split_sign(unit: str) -> tuple[str, str]:
    body = unit.lstrip("+-")
    return unit[:len(unit) - len(body)], body


def emit_group(items: list, notes: list[str]) -> str:
    """Whoosh syntax for one group's items: ``-`` as NOT, ``+`` as the required side of ANDMAYBE."""
    items = _collapse_nots(items, notes)
    plus = [c for c in items if isinstance(c, Clause) and c.sign == "+"]
    if plus and any(item in BINARY for item in items):
        notes.append("“+” has no effect next to AND or OR (use parentheses): "
                     + ", ".join(f"“+{c.text or c.prefix + '(…)'}”" for c in plus) + " read without it.")
        plus = []
    if not plus:
        return " ".join(item if isinstance(item, str) else item.emit(notes) for item in items)
    required, optional, negate = [], [], False
    for item in items:
        if item == "NOT":
            negate = True
            continue
        text = item.emit(notes)
        if negate or item.sign in ("+", "-"):
            required.append(f"NOT {text}" if negate else text)
        else:
            optional.append(text)
        negate = False
    if not optional:
        return " ".join(required)
    return f"({' '.join(required)}) ANDMAYBE ({' OR '.join(optional)})"


def _collapse_nots(items: list, notes: list[str]) -> list:
    """NOT NOT x is x, NOT -x is x: negations cancel in pairs (said in a note)."""
    out: list = []
    i = 0
    while i < len(items):
        if items[i] != "NOT":
            out.append(items[i])
            i += 1
            continue
        run = 0
        while i < len(items) and items[i] == "NOT":
            run, i = run + 1, i + 1
        target = items[i] if i < len(items) else None
        if isinstance(target, Clause) and target.sign == "-":
            run, target.sign = run + 1, ""
        if run > 1:
            notes.append(f"{run} negations in a row cancel out in pairs: read as "
                         f"{'one NOT' if run % 2 else 'no NOT'}.")
        if run % 2:
            out.append("NOT")
    return out


def rewrite_signs(text: str, notes: list[str]) -> str:
    """``text`` with ``-x`` as ``NOT x`` and ``+x`` as required (see the module docstring).

    A sign counts only at the start of a clause: after a space, a
    parenthesis or the start; ``oil-price`` is one word.
    """
    return re.sub(r"\s+", " ", emit_group(_Scanner(text, notes=notes).group(), notes)).strip()


# -- said: -----------------------------------------------------------------------------

_SAID = re.compile(r"^said:(?P<name>.*)$", re.DOTALL)
_FIELDED = re.compile(r"^[A-Za-z_]\w*:")


def rewrite_said(text: str, notes: list[str], speakers=None) -> str:
    """``said:NAME words`` as terms of the ``said`` field: each word, phrase, wildcard or fuzzy
    term in the scope becomes ``said:KEY_word`` (:mod:`indexer.index.said`), so it matches only
    in NAME's quotes; with ``speakers`` (a :class:`webapp.quotes.SpeakerDirectory`), a surname
    stands for the key of every speaker who has it (``said:ryder x`` is
    ``(said:patryder_x OR said:winonaryder_x)``) and unknown or ambiguous names are noted.

    The scope of ``said:NAME`` is what follows it in its group (the query, or one pair of
    parentheses) up to the next ``said:``; ``said:NAME(...)`` takes only that group.  Clauses
    naming another field (``outlet:reuters``) keep it.  ``said:NAME`` with nothing in its scope
    finds NAME's quotes; a scope of exclusions only (``said:ryder NOT casualties``) also needs
    NAME to be quoted.  NAME is a surname or a whole name written as one word (``ryder``,
    ``pat-ryder``) or quoted (``said:"Pat Ryder"``).  Runs after :func:`rewrite_signs`.
    """
    items = _said_items(_Scanner(text, notes=notes).group(), notes, speakers)
    return re.sub(r"\s+", " ", _said_source(items)).strip()


def said_key(name: str) -> str:
    """The speaker key of the NAME written after ``said:`` (quotes removed)."""
    return speaker_key(name.strip().strip('"'))


def _said_items(items: list, notes: list[str], speakers=None) -> list:
    out: list = []
    i = 0
    while i < len(items):
        item = items[i]
        said = _SAID.match(item.text if item.group is None else item.prefix) if isinstance(item, Clause) else None
        if said is None:
            if isinstance(item, Clause) and item.group is not None and not item.prefix:
                item = Clause(group=_said_items(item.group, notes, speakers), suffix=item.suffix, sign=item.sign)
            out.append(item)
            i += 1
            continue
        key = said_key(said["name"])
        if item.group is not None:
            scope, i = item.group, i + 1
        else:
            end = i + 1
            while end < len(items) and not (isinstance(items[end], Clause) and _SAID.match(
                    items[end].text if items[end].group is None else items[end].prefix)):
                end += 1
            scope, i = items[i + 1:end], end
        if not key:
            notes.append("“said:” needs a speaker's name (said:ryder, said:\"Pat Ryder\"): "
                         "the words after it were searched everywhere.")
            out += _said_items(scope, notes, speakers)
            continue
        keys = [key]
        if speakers is not None:
            notes += [note for note in speakers.notices([key]) if note not in notes]
            keys = speakers.expand(key) or [key]
        scopes = [_said_scope(k, scope) for k in keys]
        if len(scopes) == 1:
            out.append(_signed(scopes[0], item.sign))
        else:
            joined: list = []
            for one in scopes:
                joined += (["OR"] if joined else []) + [one]
            out.append(Clause(group=joined, sign=item.sign))
    return out


def _said_scope(key: str, scope: list) -> Clause:
    """The scope's clauses joined to ``key``, as one clause (a group when it has several)."""
    inner = [_in_quotes(key, item) for item in scope]
    negated = {j + 1 for j, item in enumerate(scope) if item == "NOT"}
    positive = [item for j, item in enumerate(scope)
                if isinstance(item, Clause) and j not in negated and item.sign != "-"]
    if not positive:
        inner = [Clause(text=f"said:{key}")] + inner
    if len(inner) == 1 and isinstance(inner[0], Clause):
        return inner[0]
    return Clause(group=inner)


def _signed(clause: Clause, sign: str) -> Clause:
    return Clause(text=clause.text, group=clause.group, prefix=clause.prefix, suffix=clause.suffix,
                  sign=sign or clause.sign)


def _in_quotes(key: str, item):
    """One clause of a ``said:`` scope joined to ``key``: ``casualties`` -> ``said:KEY_casualties``,
    ``"a b"`` -> ``said:"KEY_a b"``; groups recursively; other fields and operators as they are."""
    if not isinstance(item, Clause):
        return item
    if item.group is not None:
        if item.prefix:
            return item
        return Clause(group=[_in_quotes(key, child) for child in item.group], suffix=item.suffix, sign=item.sign)
    if _FIELDED.match(item.text) or item.text[:1] in "[{":
        return item
    if item.text.startswith('"'):
        return Clause(text=f'said:"{key}{KEY_SEPARATOR}{item.text[1:]}', sign=item.sign)
    return Clause(text=f"said:{key}{KEY_SEPARATOR}{item.text}", sign=item.sign)


def _said_source(items: list) -> str:
    """Query text for ``items``, signs kept as written."""
    parts = []
    for item in items:
        if isinstance(item, str):
            parts.append(item)
            continue
        body = item.text if item.group is None else f"{item.prefix}({_said_source(item.group)}){item.suffix}"
        parts.append(("NOT " if item.sign == "-" else item.sign) + body)
    return " ".join(parts)
