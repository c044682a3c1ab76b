"""The text analyzers shared by indexing and query parsing.

Words are split by a regular expression, lowercased, folded to ASCII
(so "Zelenskyy" and "Zelenskyy" with accents match) and stemmed with
NLTK's Snowball stemmer, so that "troop" finds "troops".  Stop words are
kept: phrase queries need them.

One analyzer per *analysis* (:func:`analysis_of` an article's language):
the default one (``""``: English, and text of no known language) folds and
then stems with the English stemmer, as it always has; a language with a
Snowball stemmer in NLTK (:data:`STEMMERS`) is stemmed with its own, on the
lowercased word, and folded after (its stemmer knows its accents: French
"armée" and "armee" are both "arme"), French and Italian elided articles
dropped first ("l'armée" is "armée"); any other language (``"plain"``) is
folded and not stemmed.

The steps after the tokenizer run as one cached function, :func:`term`,
in one filter: as a chain of three Whoosh filters they took a third of
the indexing time (profiled on Reuters-21578).

Numbers: digits grouped in thousands are one word, indexed without the
separators, so ``11,000``, ``11000``, ``11.000``, ``11'000`` and ``11 000``
(no-break, thin or narrow no-break space) are one term, ``11000``.  A
comma, apostrophe or space before exactly three digits always groups; a
dot groups when the number has several groups (``1.234.567``) or its one
group ends in ``00`` (``11.000``, ``2.500``), otherwise it is a decimal
point (``7.125``, ``3.5``, ``0.500``), which is kept in the term (``3.5``
is not ``35``).  A comma before other than three digits separates two
numbers (``1,5`` is ``1`` and ``5``).  Letters written onto a number stay
on it (``11,000km`` is ``11000km``, ``3.5bn`` is ``3.5bn``); symbols and
hyphens do not (``$1,200`` is ``1200``, ``5%`` is ``5``, ``2,500-strong``
is ``2500`` and ``strong``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.analysis import Analyzer, Filter, RegexTokenizer, Token
from whoosh.support.charset import accent_map

#: Characters between thousands groups that the word pattern alone would split on.
_SPLITTING_SEPARATORS = ",\u00a0\u2009\u202f"
#: A number whose groups of three digits are separated by one of those, with
#: any letters written onto it.  Alternatives rather than a backreference, so
#: ``re.findall`` on the pattern gives whole words; the lookahead and the
#: possessive ``\w++`` keep the pattern within a few % of plain ``\w+``.
_GROUPED_WORD = (rf"[1-9]\d{{0,2}}(?=[{_SPLITTING_SEPARATORS}]\d)(?:"
                 + "|".join(rf"(?:{sep}\d{{3}})+" for sep in _SPLITTING_SEPARATORS) + r")(?!\d)\w*")
WORD_PATTERN = rf"(?:{_GROUPED_WORD}|\w++)(?:[.'’]\w++)*"

# Thousands groups at the start of a word (after "’" became "'"); group 3 is the separator.
_GROUPED = re.compile(rf"([1-9]\d{{0,2}})((?:([{_SPLITTING_SEPARATORS}.'])\d{{3}})(?:\3\d{{3}})*)(?!\d)")
# A dot that is not between two digits (a decimal point is).
_NON_DECIMAL_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")


#: The default analysis: English, and articles whose language is not known.
DEFAULT = ""
#: The analysis of languages without a Snowball stemmer: folded words, unstemmed.
PLAIN = "plain"
#: ISO 639-1 code -> NLTK Snowball stemmer (Norwegian Bokmål and Nynorsk use the Norwegian one).
STEMMERS = {"ar": "arabic", "da": "danish", "de": "german", "en": "english", "es": "spanish",
            "fi": "finnish", "fr": "french", "hu": "hungarian", "it": "italian", "nl": "dutch",
            "no": "norwegian", "nb": "norwegian", "nn": "norwegian", "pt": "portuguese",
            "ro": "romanian", "ru": "russian", "sv": "swedish"}
#: Every analysis but the default one: a stemmed language's code, then :data:`PLAIN`.
ANALYSES = tuple(sorted({code for code, name in STEMMERS.items() if name != "english"} - {"nb", "nn"})) + (PLAIN,)
#: Elided articles and prepositions written onto the next word (Lucene's lists): "l'armée" is "armée".
ELISIONS = {
    "fr": frozenset("l m t qu n s j d c jusqu quoiqu lorsqu puisqu".split()),
    "it": frozenset("c l all dall dell nell sull coll pell gl agl dagl degl negl sugl un m t s v d".split()),
}


def analysis_of(lang: str | None) -> str:
    """The analysis of text in language ``lang`` (an ISO 639-1 code; None: not known)."""
    if not lang or lang == "en":
        return DEFAULT
    name = STEMMERS.get(lang)
    return "no" if name == "norwegian" else lang if name else PLAIN


@lru_cache(maxsize=None)
def _stemmer(analysis: str = DEFAULT):
    # Imported on first use: importing NLTK costs about 0.2 s, and opening
    # an index (which unpickles this analyzer) must stay cheap.
    from indexer.nltk_modules import nltk_module
    return nltk_module("stem.snowball").SnowballStemmer(STEMMERS.get(analysis or "en"))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The English Snowball stem of a lowercased word (cached: news repeats its words)."""
    return _stemmer().stem(word)


@lru_cache(maxsize=200_000)
def term(word: str, analysis: str = DEFAULT) -> str:
    """The index term of a word as written: lowercased, accents folded, dots
    dropped (so "U.S." and "US" are one term) except decimal points,
    thousands separators dropped, stemmed as ``analysis`` stems (module docstring)."""
    if analysis:
        text, number = _prepared(word.lower().replace("’", "'"))
        if number:
            return text
        if analysis in ELISIONS and "'" in text:
            head, _, rest = text.partition("'")
            if head in ELISIONS[analysis] and rest:
                text = rest
        return _folded(text if analysis == PLAIN else _stemmer(analysis).stem(text))
    text, number = _prepared(_folded(word).replace("’", "'"))
    return text if number else stem(text)


def _prepared(text: str) -> tuple[str, bool]:
    """A lowercased word without thousands separators and dots other than decimal points, and
    whether it is a number (nothing to stem: its dots are decimal points)."""
    if text[:1].isdigit():
        text = _ungrouped(text)
        if text.replace(".", "").isdigit():
            return text, True
    if "." in text:
        text = _without_dots(text)
    return text, False


def _ungrouped(word: str) -> str:
    """``word`` without the thousands separators of the number it starts with, if any."""
    match = _GROUPED.match(word)
    if match is None:
        return word
    groups, separator = match[2], match[3]
    if separator == "." and len(groups) == 4 and not groups.endswith("00"):
        return word  # "7.125": a decimal point
    return match[1] + groups.replace(separator, "") + word[match.end():]


def _without_dots(word: str) -> str:
    """``word`` without its dots, except decimal points (a dot between two digits)."""
    return _NON_DECIMAL_DOT.sub("", word)


def _folded(word: str) -> str:
    text = word.lower()
    return text if text.isascii() else text.translate(accent_map)


class NltkStemFilter(Filter):
    """A Whoosh filter that replaces each token's text by its :func:`term` in ``analysis``.

    A token another filter marked as stopped is only lowercased and folded.
    """

    analysis = DEFAULT      # (an index written before there were analyses unpickles with this)

    def __init__(self, analysis: str = DEFAULT):
        if analysis:
            self.analysis = analysis

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__ and self.analysis == other.analysis

    def __call__(self, tokens):
        analysis = self.analysis
        for t in tokens:
            if t.stopped:
                t.text = _folded(t.text)
            else:   # one argument for the default analysis: one cache entry per word, as textwords asks
                t.text = term(t.text, analysis) if analysis else term(t.text)
            yield t


def text_analyzer(analysis: str = DEFAULT):
    """The analyzer of full-text fields in ``analysis``, at indexing and at query time."""
    return RegexTokenizer(WORD_PATTERN) | NltkStemFilter(analysis)


# -- the said field: what each speaker said --------------------------------------------------

#: Joins a speaker key and a word's term in the ``said`` field ("ryder_casualti").  Keys are
#: letters and digits only, so the first one in a term ends the key.
KEY_SEPARATOR = "_"
#: Positions between two quotes in the ``said`` field, so that no phrase spans two quotes.
QUOTE_GAP = 1000


def speaker_key(name: str) -> str:
    """A speaker's name (or one word of it) as a key: folded like a word, letters and digits
    only ("Cranny-Evans" -> "crannyevans", "Zelenskyy" with accents -> "zelenskyy")."""
    return "".join(c for c in _folded(name) if c.isalnum())


class SaidAnalyzer(Analyzer):
    """The analyzer of the ``said`` field: each word of a speaker's quotes joined to the
    speaker's key (:func:`indexer.index.said.said_value` writes the value: one line per
    quote, ``"key<TAB>quote text"``; several keys, space-separated, would each get the terms).

    At indexing, every word of a quote gives ``key_term`` (``term`` as :func:`text_analyzer`
    makes it) at the word's position, and the key alone marks the quote's start; quotes are
    :data:`QUOTE_GAP` positions apart.  A query's text is
    ``key`` (the speaker's quotes) or ``key_words`` (those words, analysed as in any other
    field, each joined to the key), so wildcards, fuzzy terms and phrases work as elsewhere.
    """

    def __init__(self):
        self.words = text_analyzer()

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        options = {"positions": positions, "removestops": removestops, "mode": mode}
        if mode == "query":
            key, joined, words = value.partition(KEY_SEPARATOR)
            key = speaker_key(key)
            if not key:
                return
            if not joined:
                token = Token(text=key, pos=start_pos, boost=1.0, stopped=False, chars=chars, **options)
                if chars:
                    token.startchar, token.endchar = start_char, start_char + len(value)
                yield token
                return
            offset = start_char + len(value) - len(words)
            for t in self.words(words, tokenize=tokenize, start_pos=start_pos, chars=chars,
                                start_char=offset, **options):
                token = Token(text=key + KEY_SEPARATOR + t.text, pos=t.pos if positions else 0,
                              boost=t.boost, stopped=t.stopped, chars=chars, **options)
                if chars:
                    token.startchar, token.endchar = t.startchar, t.endchar
                yield token
            return
        position = start_pos
        for line in value.split("\n"):
            keys, _, text = line.partition("\t")
            keys = keys.split()
            for key in keys:
                yield Token(text=key, pos=position, boost=1.0, stopped=False, **options)
            last = position
            for t in self.words(text, positions=True, start_pos=position + 1):
                last = t.pos
                for key in keys:
                    yield Token(text=key + KEY_SEPARATOR + t.text, pos=t.pos, boost=1.0,
                                stopped=False, **options)
            position = last + QUOTE_GAP
