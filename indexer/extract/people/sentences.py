"""Sentence splitting with NLTK Punkt, without downloaded models.

Punkt needs parameters: the abbreviations after which a period does not
end a sentence, and an "orthographic context" (how each word is
capitalised at sentence starts and inside sentences) that lets it decide
whether a capitalised word after an abbreviation starts a new sentence.
No trained English model is available here, so the parameters are built
from an explicit abbreviation set (titles, ranks, months, company
suffixes, U.S. state abbreviations, ...) plus what the text itself shows.

Two ways to get the per-text part:

* ``fast_parameters(text)`` (the default, about 1 ms per 3 KB article):
  the explicit set, plus abbreviations the text reveals by a regular
  expression (a short word or dotted initials followed by a lowercase
  word), plus an orthographic context collected in one regex pass.
* ``trained_parameters(text)`` (about 6 ms per 3 KB article): a
  ``PunktTrainer`` trained on the text itself, with the explicit set
  added.  At 21k articles that is two extra minutes of indexing for a
  result that agreed with the fast mode on nearly every sentence (see
  docs/notes/extraction-speakers.md), so it is opt-in (``trained=True``).

In both modes a sentence never ends after a personal title or rank
("Maj. Gen. Pat Ryder", "Rep. Will Hurd"), and blank lines always end a
sentence.
"""

from __future__ import annotations

import re

from indexer.nltk_modules import nltk_module

_punkt = nltk_module("tokenize.punkt")   # NLTK without its optional SciPy: indexer/nltk_modules.py
PunktLanguageVars = _punkt.PunktLanguageVars
PunktParameters = _punkt.PunktParameters
PunktSentenceTokenizer = _punkt.PunktSentenceTokenizer
PunktTrainer = _punkt.PunktTrainer

#: Titles and ranks that always precede a name: no sentence ends after them.
TITLE_ABBREVIATIONS = frozenset("""
mr mrs ms messrs mme dr prof rev hon fr sen sens rep reps gov govs lt gen gens
col maj capt cpt sgt adm cmdr cdr brig cpl pvt spc pfc ens pres amb atty supt
insp det st msgr sec secy
""".split())

#: Everything else that is usually an abbreviation (lowercase, no final period).
ABBREVIATIONS = TITLE_ABBREVIATIONS | frozenset("""
jr sr esq ph.d m.d
jan feb mar apr jun jul aug sep sept oct nov dec
mon tue tues wed thu thur thurs fri sat sun
inc corp co ltd llc plc bros assn dept univ intl natl govt
u.s u.s.a u.k u.n e.u d.c n.y l.a a.m p.m
ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich
minn miss mo mont neb nev okla ore pa penn tenn tex va vt wash wis wyo
n.j n.c s.c n.h n.m n.d s.d r.i w.va n.y.c
vs v etc e.g i.e cf approx est no nos vol fig ft mt ave blvd rd hwy
a b c d e f g h i j k l m n o p q r s t u v w x y z
""".split())

_REVEALED_ABBREV = re.compile(
    r"(?<![\w.])(?:((?:[^\W\d_]\.){2,})|([^\W\d_]{1,4}\.)(?=[ \t]+[a-z]))")
_TITLE_END = re.compile(r"(?:^|[^\w.])([A-Za-z]{1,5})\.$")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_AFTER_PERIOD = re.compile(r"\.[\"'”’)\]]*\s+[\"'“‘(\[]*([^\W\d_][\w'’-]*)")
_SENTENCE_END = re.compile(r"([.?!])[\"'”’)\]]*$")
_WORD_RUN = re.compile(r"(?<![\w'’.-])[\w'’-]+")   # a whole word, not right after a period

# Orthographic flags, the values Punkt uses (nltk.tokenize.punkt._ORTHO_*).
_BEG_UC, _MID_UC, _UNK_UC = 1 << 1, 1 << 2, 1 << 3
_BEG_LC, _MID_LC, _UNK_LC = 1 << 4, 1 << 5, 1 << 6


#: Shared by every tokenizer: it compiles (and checks) its patterns once, not once per text.
_LANG_VARS = PunktLanguageVars()


def _base_parameters() -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return params


def revealed_abbreviations(text: str) -> set[str]:
    """Dotted initials ("H.W.") and short words whose period the text follows
    with a lowercase word ("approx. two")."""
    return {(m.group(1) or m.group(2))[:-1].lower()
            for m in _REVEALED_ABBREV.finditer(text)}


def orthographic_context(text: str, abbreviations) -> dict[str, int]:
    """Punkt's case statistics for the words of ``text`` that follow a period.

    Punkt consults the orthographic context only for the word after a
    token ending in a period, so only those words are counted: each of
    their occurrences is sentence-initial (after a blank line, or after
    "?", "!" or a period that does not end an abbreviation, initial or
    number), of unknown position (after such a period) or internal.
    """
    queries = {m.group(1).lower() for m in _AFTER_PERIOD.finditer(text)}
    if not queries:
        return {}
    context: dict[str, int] = {}
    # One scan over whole words and a set lookup: compiling a pattern of the
    # queried words for each text took 14% of extraction time (profiled on Reuters).
    for m in _WORD_RUN.finditer(text):
        word = m.group()
        if word.lower() not in queries:
            continue
        head = text[max(0, m.start() - 40):m.start()]
        before = head.rstrip(" \t\r\n\"'“‘([")
        gap = head[len(before):]
        if not before or m.start() <= len(gap) or _BLANK_LINE.search(gap):
            position = "initial"
        else:
            end = _SENTENCE_END.search(before)
            if end is None:
                position = "internal"
            elif end.group(1) != ".":
                position = "initial"
            else:
                last = before[:end.start() + 1].rsplit(None, 1)[-1].lower()
                last = last.lstrip("\"'“‘([").rstrip(".")
                position = ("unknown" if last in abbreviations or len(last) == 1
                            or last[:1].isdigit() else "initial")
        upper = word[0].isupper()
        if position == "initial":
            flag = _BEG_UC if upper else _BEG_LC
        elif position == "unknown":
            flag = _UNK_UC if upper else _UNK_LC
        else:
            flag = _MID_UC if upper else _MID_LC
        typ = word.lower()
        context[typ] = context.get(typ, 0) | flag
    return context


def fast_parameters(text: str) -> PunktParameters:
    """Explicit abbreviations plus what one cheap pass over ``text`` reveals."""
    params = _base_parameters()
    params.abbrev_types |= revealed_abbreviations(text)
    for typ, flag in orthographic_context(text, params.abbrev_types).items():
        params.ortho_context[typ] = flag
    return params


def trained_parameters(text: str) -> PunktParameters:
    """A PunktTrainer trained on ``text`` itself, plus the explicit abbreviations."""
    trainer = PunktTrainer()
    trainer.train(text, finalize=True)
    params = trainer.get_params()
    params.abbrev_types |= ABBREVIATIONS
    return params


def _merge_after_titles(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            prev_start, prev_end = merged[-1]
            m = _TITLE_END.search(text, max(prev_start, prev_end - 8), prev_end)
            if (m and m.group(1).lower() in TITLE_ABBREVIATIONS
                    and not _BLANK_LINE.search(text, prev_end, start)):
                merged[-1] = (prev_start, end)
                continue
        merged.append((start, end))
    return merged


def splitter(text: str, *, trained: bool = False) -> PunktSentenceTokenizer:
    """A Punkt tokenizer with parameters for ``text`` (reuse it for parts of ``text``)."""
    params = trained_parameters(text) if trained else fast_parameters(text)
    return PunktSentenceTokenizer(params, lang_vars=_LANG_VARS)


def sentence_spans(text: str, *, trained: bool = False,
                   tokenizer: PunktSentenceTokenizer | None = None) -> list[tuple[int, int]]:
    """(start, end) character offsets of the sentences of ``text``.

    ``tokenizer`` (from :func:`splitter`) saves building parameters again
    when several passages of one article are split.
    """
    if not text.strip():
        return []
    tokenizer = tokenizer or splitter(text, trained=trained)
    spans: list[tuple[int, int]] = []
    block_start = 0
    blocks = [(m.start(), m.end()) for m in _BLANK_LINE.finditer(text)] + [(len(text),) * 2]
    for block_end, next_start in blocks:
        block = text[block_start:block_end]
        if block.strip():
            spans.extend((block_start + s, block_start + e)
                         for s, e in tokenizer.span_tokenize(block))
        block_start = next_start
    return _merge_after_titles(text, spans)


def split_sentences(text: str, *, trained: bool = False) -> list[str]:
    """The sentences of ``text``, stripped; blank lines always separate sentences."""
    return [text[s:e].strip() for s, e in sentence_spans(text, trained=trained)]
