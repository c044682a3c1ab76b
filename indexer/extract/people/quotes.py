"""What each attributed speaker said: quote spans from the sentences the rules attribute.

:func:`speakers.attribute` notes every (person, sentence) it attributes;
:func:`quote_spans` turns those into character spans of the passages:

1. **Quotation.** When at least half of the sentence's words (and at least
   :data:`MIN_QUOTED` of them) are inside quotation marks, or a quotation
   opens the sentence, follows its cue or ends right before it, the speaker
   said each quotation that touches the sentence, to its whole extent in the
   passage (a quotation running over several sentences is one span).
2. **Transcript label.** A passage opening with a label ("SECRETARY
   BLINKEN: ...") was said whole: the span runs from after the colon to the
   passage's end.
3. **Reported speech.** Otherwise the sentence, without its attribution
   clause when that is simple: a clause at the end (", Singh said.",
   ", said Deputy Press Secretary Sabrina Singh, who ...") leaves what comes
   before it; a subject and verb at the start ("Ryder added that ...",
   "Kim told Newsweek that ...") leave what follows the verb (and "that");
   "according to X," leaves the rest.  A short quotation inside reported
   speech ('... could "significantly" affect ...') stays part of it.
4. **A quotation just before.** A sentence with nothing left ('"Why?"
   Ryder asked.' is split after the question mark) takes the quotation that
   ends the previous sentence of its passage.
5. **Continuation.** A quotation in sentences no rule attributes, after a
   speaker's quote in the same passage, is that speaker's ('"...," said
   Cranny-Evans. "If they are used ..."').  A quotation left open at the end of a passage (no
   closing mark: the convention for a quotation running on), or a sentence
   ending in a colon with nothing quoted ("Ryder said:"), continues into the
   next passage when that passage opens with a quotation mark: its first
   quotation is the same speaker's, unless a rule gave it to someone else.

Spans leave out the quotation marks and trailing commas, colons and
semicolons.  The choices were measured on PolNeAR's training and development
splits (``bench/eval_speakers.py``, quote level; docs/extraction.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.extract.people.names import TITLES, fold
from indexer.extract.people.registry import Person
from indexer.extract.people.tokens import CLOSERS, OPENERS, Sentence, is_run_word
from indexer.extract.people.vocabulary import (
    LISTENER_VERBS,
    PHRASE_STARTS,
    PHRASES,
    QUOTE_ONLY_FORMS,
    SKIP_BEFORE_VERB,
    SPEECH_FORMS,
)

MIN_QUOTED = 3          # quoted words a sentence needs before its quotation is the quote
QUOTED_SHARE = 0.5      # ... and the share of its words they must make
MIN_WORDS = 3           # words a reported-speech span needs
SUBJECT_SPAN = 8        # tokens between a clause-opening comma and the verb ("..., Deputy Secretary X said")
THAT_WITHIN = 8         # tokens after the verb in which "that" opens the reported content
LABEL_TOKENS = 12       # tokens a transcript label may take before its colon
RUN_SHARE = 0.25        # quotations shorter than this share of the sentence's longest are titles, not the quote
#: Words opening an introductory adverbial rather than reported content.
_INTRODUCTORY = frozenset("following when whenever after before while asked speaking like unlike despite "
                          "although though if because since as once until earlier later last this".split())
#: Participles whose object is the source: "citing X" (no content after the name).
SOURCE_PHRASE_VERBS = frozenset(("citing", "quoting"))
_ADVERBIAL = SKIP_BEFORE_VERB | {"at", "in", "on", "during", "after", "before", "to", "with", "from",
                                 "while", "when", "as", "via", "through", "for"}

Span = tuple[int, int, str]      # (start, end, speaker name) in one passage's text

#: The rules, by the numbers of the module docstring, named for the ablation: 1 quotation,
#: 2 label, 3 trim (without it a reported sentence is the quote whole), 4 previous,
#: 5 follow (within a passage) and continue (into the next one).
QUOTE_RULES = ("quotation", "label", "trim", "previous", "follow", "continue")


@dataclass(slots=True)
class _Token:
    word: str
    start: int                   # character offsets in the passage
    end: int
    quoted: bool
    is_word: bool                # a word, not punctuation


@dataclass
class _Passage:
    tokens: list[_Token]
    sentences: dict[int, tuple[int, int]]      # sentence index -> [first, last) token range
    runs: list[tuple[int, int]]                # quotations: [first, last) token ranges

    def run_span(self, run: tuple[int, int]) -> tuple[int, int]:
        return _chars(self.tokens, *run)

    def is_open(self, run: tuple[int, int]) -> bool:
        """A quotation still open at the end of the passage (no closing mark after it)."""
        return run[1] == len(self.tokens)

    def opens_with_quote(self) -> bool:
        return bool(self.tokens) and self.tokens[0].word in OPENERS


def quote_spans(sentences: list[Sentence], said: list[tuple[Person, int]],
                passages: int, rules=QUOTE_RULES) -> list[list[Span]]:
    """Per passage, ``(start, end, speaker)`` of what each person in ``said`` ((person,
    sentence index) pairs, as attributed) said, ordered by position.  ``rules`` (names from
    :data:`QUOTE_RULES`) exist for the ablation in ``bench/eval_speakers.py``."""
    layout = _Layout(sentences, passages)
    found: list[dict[tuple[int, int, str], None]] = [{} for _ in range(passages)]
    colon_intro: dict[int, list[Person]] = {}
    for person, s_idx in said:
        p = sentences[s_idx].passage
        passage = layout[p]
        spans = _sentence_quote(passage, s_idx, person, rules)
        for start, end in spans:
            found[p][(start, end, person.name)] = None
        first, last = passage.sentences[s_idx]
        if not spans and passage.tokens[last - 1].word == ":":
            colon_intro.setdefault(p, []).append(person)          # 'Ryder said:' + next passage
    attributed = {s_idx for _, s_idx in said}
    if "follow" in rules:
        for p in sorted({sentences[s_idx].passage for _, s_idx in said}):
            _follow_quotes(layout[p], found[p], attributed)
    if "continue" in rules:
        _continue_quotes(layout, found, colon_intro)
    return [sorted(spans, key=lambda s: (s[0], s[1])) for spans in found]


class _Layout:
    """The passages as the quote rules read them, each laid out when first asked for (most
    passages quote nobody)."""

    def __init__(self, sentences: list[Sentence], passages: int):
        self.sentences = sentences
        self.count = passages
        self.of_passage: dict[int, list[int]] = {}
        for s_idx, sent in enumerate(sentences):
            self.of_passage.setdefault(sent.passage, []).append(s_idx)
        self._done: dict[int, _Passage] = {}

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, p: int) -> _Passage:
        if p not in self._done:
            self._done[p] = _lay_out(self.sentences, self.of_passage.get(p, []))
        return self._done[p]


def _lay_out(sentences: list[Sentence], indexes: list[int]) -> _Passage:
    """One passage's tokens (offsets in the passage), its sentences (``indexes``) and quotations."""
    passage = _Passage([], {}, [])
    for s_idx in indexes:
        sent = sentences[s_idx]
        first = len(passage.tokens)
        offset = sent.start
        passage.tokens += [_Token(w, offset + a, offset + b, q, w[:1].isalnum())
                           for w, (a, b), q in zip(sent.words, sent.spans, sent.quoted)]
        passage.sentences[s_idx] = (first, len(passage.tokens))
    tokens, i = passage.tokens, 0
    while i < len(tokens):
        if tokens[i].quoted and tokens[i].word != "\n":
            j = i
            while j < len(tokens) and tokens[j].quoted:
                j += 1
            last = j
            while tokens[last - 1].word == "\n":
                last -= 1
            passage.runs.append((i, last if j < len(tokens) else j))
            i = j
        else:
            i += 1
    return passage


def _sentence_quote(passage: _Passage, s_idx: int, person: Person, rules=QUOTE_RULES) -> list[tuple[int, int]]:
    """Character spans of what ``person`` said in sentence ``s_idx`` (rules 1-4)."""
    first, last = passage.sentences[s_idx]
    tokens = passage.tokens
    words = [t for t in tokens[first:last] if t.is_word]
    quoted = sum(1 for t in words if t.quoted)
    runs = [run for run in passage.runs if run[0] < last and run[1] > first]
    cue = _cue(tokens, first, last, person)
    if "quotation" in rules and quoted and (
            quoted >= max(MIN_QUOTED, QUOTED_SHARE * len(words)) or _opens_quote(tokens, first, last, cue)):
        longest = max(_words(tokens, *run) for run in runs)
        return [passage.run_span(run) for run in runs if _words(tokens, *run) >= RUN_SHARE * longest]
    label = _label_end(passage, s_idx, person) if "label" in rules else None
    if label is not None:
        return _span(tokens, label, len(tokens))
    reported = _reported(tokens, first, last, person, cue) if "trim" in rules else _span(tokens, first, last)
    if reported:
        end = reported[-1][1]        # a long quotation after the reported part: ', she said, adding, "..."'
        return reported + [passage.run_span(run) for run in runs
                           if tokens[run[0]].start >= end and _words(tokens, *run) >= MIN_QUOTED]
    before = [run for run in passage.runs if first - 2 <= run[1] <= first] if "previous" in rules else []
    if before:                                       # '"Why?" | Ryder asked.'
        return [passage.run_span(before[-1])]
    return []


def _opens_quote(tokens: list[_Token], first: int, last: int, cue: tuple[int, int] | None) -> bool:
    """Whether a quotation opens the sentence, follows its cue ('said, "..."', 'said: "..."') or
    ends right before it ('"...," added Zarate')."""
    k = first
    while k < last and not tokens[k].is_word:
        k += 1
    if k < last and tokens[k].quoted:
        return True
    if cue is None:
        return False
    k = cue[0] + cue[1]
    while k < last and tokens[k].word in (",", ":"):
        k += 1
    if k < last and tokens[k].word in OPENERS:
        return True
    k = cue[0] - 1                                    # '"...," added Zarate, the former ...'
    while k > first and tokens[k].word in (",", "?", "!"):
        k -= 1
    return k > first and tokens[k].word in CLOSERS and not tokens[k].quoted


def _label_end(passage: _Passage, s_idx: int, person: Person) -> int | None:
    """The token after a transcript label's colon when sentence ``s_idx`` opens its passage
    with one naming ``person`` ("SECRETARY BLINKEN:", "Mr. Ryder:"), else None."""
    first, last = passage.sentences[s_idx]
    if first != 0:
        return None
    tokens = passage.tokens
    for k in range(first, min(last, first + LABEL_TOKENS)):
        word = tokens[k].word
        if word == ":":
            return k + 1 if _names(tokens, first, k, person) else None
        if tokens[k].quoted or not (word in OPENERS or word in (".", "(", ")") or word[:1].isupper()):
            return None
    return None


def _reported(tokens: list[_Token], first: int, last: int, person: Person,
              cue: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The sentence ``tokens[first:last]`` as reported speech, without its attribution clause."""
    if cue is None:
        return _span(tokens, first, last)
    at, length = cue
    if length > 1 or fold(tokens[at].word) in SOURCE_PHRASE_VERBS:   # "according to X", "citing X"
        if at == first:
            return _span(tokens, _after_name(tokens, at + length, last), last)
        return _span(tokens, first, at)
    comma = _clause_comma(tokens, first, at)
    content = _after_verb(tokens, at, last)
    if comma is not None and not _names(tokens, first, comma, person) \
            and not _introductory(tokens[first]) \
            and (_after_name_only(tokens, at, last) or _adverbial(tokens, content, last)):
        return _span(tokens, first, comma)                  # "..., Singh said." / "..., said Singh"
    if at == first or _after_name_only(tokens, at, last) and tokens[at - 1].word == ",":
        return _span(tokens, first, at)
    return _split_at_second_verb(tokens, content, last)


def _continues(tokens: list[_Token], k: int) -> bool:
    """Whether the verb at ``k`` continues a subject's speech: "... and said", "..., saying"."""
    before = fold(tokens[k - 1].word) if k else ""
    return before in ("and", "but") or before == "," and tokens[k].word.endswith("ing")


def _introductory(token: _Token) -> bool:
    """A sentence opening with an adverbial ("In a statement, ...", "Following ..., Kasich
    boasted"): what precedes the subject is no content."""
    low = fold(token.word)
    return low in _ADVERBIAL or low in _INTRODUCTORY or low.endswith("ing")


def _split_at_second_verb(tokens: list[_Token], first: int, last: int) -> list[tuple[int, int]]:
    """Reported content from ``first``, cut in two at a second verb of saying of the same
    subject ("... but said ...", "..., saying ...", "... and added that ...")."""
    for k in range(first + 1, last - 1):
        token = tokens[k]
        if token.quoted or fold(token.word) not in SPEECH_FORMS or not token.word[:1].islower():
            continue
        if _continues(tokens, k) and _words(tokens, first, k) >= MIN_WORDS:
            cut = k - 1
            while cut > first and not tokens[cut - 1].is_word and tokens[cut - 1].word not in CLOSERS:
                cut -= 1
            return _span(tokens, first, cut) + _split_at_second_verb(tokens, _after_verb(tokens, k, last), last)
    return _span(tokens, first, last)


def _cue(tokens: list[_Token], first: int, last: int, person: Person) -> tuple[int, int] | None:
    """(index, length) of the cue that attributes the sentence to ``person``: a verb of saying
    or a phrase ("according to") outside quotations, the one nearest a mention of the person
    (surname, pronoun, title) when there are several."""
    found: list[tuple[int, int]] = []
    for i in range(first, last):
        token = tokens[i]
        if token.quoted:
            continue
        low = fold(token.word)
        phrase = low in PHRASE_STARTS and next(
            (p for p in PHRASES if tuple(fold(t.word) for t in tokens[i:i + len(p)]) == p), None)
        if phrase:
            found.append((i, len(phrase)))
        elif low in SPEECH_FORMS and (token.word[:1].islower() or i == first) or (
                low in QUOTE_ONLY_FORMS and _near_quote(tokens, i, last)):
            found.append((i, 1))
    if len(found) > 1:                # ", saying" / "and said" continue a cue: the first of those counts
        found = [cue for cue in found if not _continues(tokens, cue[0])] or found
    if len(found) > 1:
        surname = fold(person.name.split()[-1])
        near = [cue for cue in found if any(
            fold(t.word) in (surname, "he", "she") or fold(t.word) in TITLES
            for t in tokens[max(first, cue[0] - 4):cue[0] + cue[1] + 4])]
        found = near or found
    return found[0] if found else None


def _near_quote(tokens: list[_Token], i: int, last: int) -> bool:
    """A quote-only verb used as a cue: after a quotation, or before a colon."""
    return (i + 1 < last and tokens[i + 1].word == ":") or any(
        t.word in CLOSERS for t in tokens[max(0, i - 3):i])


def _clause_comma(tokens: list[_Token], first: int, at: int) -> int | None:
    """The comma opening an attribution clause that ends at the verb ``at`` (at most
    :data:`SUBJECT_SPAN` tokens before it), if any."""
    for k in range(at - 1, max(first, at - SUBJECT_SPAN - 2) - 1, -1):
        if tokens[k].quoted:
            return None
        if tokens[k].word in (",", "—", "–", "--"):
            return k if k > first else None
    return None


def _after_verb(tokens: list[_Token], at: int, last: int) -> int:
    """Where the reported content starts after the verb at ``at``: after "that" when it comes
    soon ("told Newsweek for a previous story that ..."), else after the verb (and a listener
    verb's object, "told reporters")."""
    for k in range(at + 1, min(last, at + 1 + THAT_WITHIN)):
        word = tokens[k].word
        if fold(word) == "that":
            return k + 1
        if not word[:1].isalnum() and word not in ("'s", "’s"):
            break
    k = at + 1
    if k < last and fold(tokens[k].word) in ("of", "about"):         # "spoke of"
        k += 1
    if SPEECH_FORMS.get(fold(tokens[at].word)) in LISTENER_VERBS:
        while k < last and tokens[k].is_word and not tokens[k].quoted and fold(tokens[k].word) not in _ADVERBIAL:
            k += 1
    while k < last and tokens[k].word in (",", ":"):
        k += 1
    return k


def _after_name(tokens: list[_Token], k: int, last: int) -> int:
    """The token after a name run (and its possessive or comma) starting at ``k``."""
    words = [t.word for t in tokens]
    while k < last and (is_run_word(words, k) or fold(words[k]) in TITLES or words[k] in ("'s", "’s")):
        k += 1
    while k < last and words[k] in (",", ":"):
        k += 1
    return k


def _after_name_only(tokens: list[_Token], at: int, last: int) -> bool:
    """Whether only a name (and an appositive or a short adverbial) follows the verb:
    "said Singh.", "said Deputy Press Secretary Sabrina Singh, who spoke ..."."""
    k = _after_name(tokens, at + 1, last)
    return k > at + 1 and (k >= last or tokens[k - 1].word == "," or not tokens[k].is_word)


def _adverbial(tokens: list[_Token], k: int, last: int) -> bool:
    """Whether what follows the verb is empty or an adverbial ("today at the conclusion of ...")."""
    while k < last and not tokens[k].is_word:
        k += 1
    return k >= last or fold(tokens[k].word) in _ADVERBIAL and not any(
        fold(t.word) == "that" for t in tokens[k:last])


def _names(tokens: list[_Token], first: int, end: int, person: Person) -> bool:
    """Whether ``person``'s surname is among ``tokens[first:end]``."""
    surname = fold(person.name.split()[-1])
    return any(fold(t.word) == surname for t in tokens[first:end])


def _words(tokens: list[_Token], first: int, end: int) -> int:
    return sum(1 for t in tokens[first:end] if t.is_word)


def _span(tokens: list[_Token], first: int, end: int) -> list[tuple[int, int]]:
    """The span of ``tokens[first:end]`` when it holds :data:`MIN_WORDS` words, else nothing."""
    while first < end and tokens[first].word in OPENERS and not tokens[first].is_word:
        first += 1
    if _words(tokens, first, end) < MIN_WORDS:
        return []
    return [_chars(tokens, first, end)]


def _chars(tokens: list[_Token], first: int, end: int) -> tuple[int, int]:
    """The characters of ``tokens[first:end]``, without trailing commas, colons and semicolons."""
    while end - 1 > first and (tokens[end - 1].word in (",", ":", ";", "\n")
                               or tokens[end - 1].word in CLOSERS and not tokens[end - 1].quoted):
        end -= 1
    return tokens[first].start, tokens[end - 1].end


def _follow_quotes(passage: _Passage, found: dict, attributed: set[int]) -> None:
    """Rule 5, within a passage: a quotation opening a sentence no rule attributed, right after
    a speaker's quote (no other quotation between, and no verb of saying between or in that
    sentence: '"...," a spokesman said'), is that speaker's ('"...," said Cranny-Evans. "If
    they are used ..."')."""
    tokens = passage.tokens
    starts = {first: s for s, (first, _last) in passage.sentences.items()}
    spoken = {k for s, (first, last) in passage.sentences.items() if s in attributed
              for k in range(first, last)}              # tokens of attributed sentences
    previous_end = 0                       # character end of the last quotation seen
    for run in passage.runs:
        start, end = passage.run_span(run)
        opening = run[0] - 1
        s_idx = starts.get(opening)
        mine = [(a, b, speaker) for a, b, speaker in found if a < end and start < b]
        if not mine and s_idx is not None and s_idx not in attributed and _words(tokens, *run) >= MIN_QUOTED:
            before = [(b, speaker) for a, b, speaker in found if b <= start]
            last_end = max((b for b, _ in before), default=-1)
            first, last = passage.sentences[s_idx]
            between = [t for k, t in enumerate(tokens[:last]) if t.start >= last_end and k not in spoken]
            if before and last_end >= previous_end and not any(
                    fold(t.word) in SPEECH_FORMS and not t.quoted for t in between):
                for speaker in sorted({speaker for b, speaker in before if b == last_end}):
                    found[(start, end, speaker)] = None
        previous_end = end


def _continue_quotes(layout: _Layout, found: list[dict], colon_intro: dict[int, list[Person]]) -> None:
    """Rule 5: quotations left open at a passage's end, and "Ryder said:", continue into the
    next passage's first quotation when it opens with a quotation mark."""
    for p in range(len(layout) - 1):
        if not found[p] and p not in colon_intro:
            continue
        passage = layout[p]
        open_runs = [passage.run_span(run) for run in passage.runs if passage.is_open(run)]
        carried = {speaker for (start, _end, speaker) in found[p] for a, b in open_runs if a <= start < b}
        carried |= {person.name for person in colon_intro.get(p, [])}
        following = layout[p + 1]
        if not carried or not following.opens_with_quote() or not following.runs:
            continue
        run = following.runs[0]
        start, end = following.run_span(run)
        if any(a < end and start < b for a, b, _ in found[p + 1]):
            continue                                  # the next passage's quotation is someone's already
        for speaker in sorted(carried):
            found[p + 1][(start, end, speaker)] = None
