"""Speaker attribution: which named people an article quotes, without models.

Each passage is split into sentences (NLTK Punkt, :mod:`indexer.extract.people.sentences`)
and words (a regular expression).  Rules, each named for the ablation in
``bench/eval_speakers.py``:

* ``subject``: a name run right before a verb of saying ("Ryder said",
  "Austin and Blinken both noted", "Cranny-Evans, a fellow at RUSI, said");
* ``inverted``: a name after the verb when nothing stands before the verb
  but a comma or a quotation ('"...," said Deputy Press Secretary Sabrina
  Singh'); verbs whose object is a listener ("told", "asked") only
  directly after a quotation;
* ``according``: "according to X", "Quote from X:", "citing X";
* ``label``: a transcript label at the start of a passage ("SECRETARY
  BLINKEN:", "MR. RYDER:", "Gen. Ryder:");
* ``colon``: a name introducing a quotation with a colon ('Carl Bialik:
  "..."');
* ``dash``: a credit after a quotation ('"..." — Pat Ryder');
* ``participle``: ", saying ..." / ", adding ..." continue the subject
  that starts the sentence ("Blinken spoke of ..., saying: ...");
* ``pronoun``: "he said" / "she noted" continue the last named speaker
  (within three passages) unless a title showed the other gender;
* ``role``: "the secretary said" continues the last speaker, or else the
  last person of the last three passages, introduced with that title
  ("Secretary of Defense Lloyd Austin").

A name is a person when :func:`indexer.extract.people.names.canonical_name` leaves a
first and last name, or a single surname that resolves to a full name
used in the article (or carries a personal title such as "Mr.").
Organisations ("the Pentagon said"), anonymous sources ("a senior
official said") and people only mentioned never match these patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.extract.people.names import (
    FUNCTION_WORDS,
    MODIFIERS,
    ORGANISATION_WORDS,
    PARTICLES,
    TITLES,
    canonical_name,
    fold,
    is_initial,
    is_name_word,
    name_key,
    short_key,
    word_lists,
    word_set,
)
from indexer.extract.people.sentences import sentence_spans, splitter

RULES = ("subject", "inverted", "according", "label", "colon", "dash", "participle",
         "pronoun", "role")


@dataclass
class Attribution:
    speakers: list[str]          # canonical names, order of first attribution, no duplicates
    passages: list[list[str]]    # per input passage, the canonical names quoted in it


# ---------------------------------------------------------------- word lists

def _forms(section: str) -> dict[str, str]:
    return {form: line[0] for line in word_lists().get(section, []) for form in line}


SPEECH_FORMS = _forms("speech_verbs")
QUOTE_ONLY_FORMS = _forms("quote_only_verbs")
LISTENER_VERBS = word_set("listener_verbs")
SOURCE_OBJECT_VERBS = word_set("source_object_verbs")
PHRASES = [tuple(line) for line in word_lists().get("phrases", [])]


def _followers(section: str) -> dict[str, frozenset[str]]:
    return {line[0]: frozenset(line[1:]) for line in word_lists().get(section, [])}


NOT_SPEECH_AFTER = _followers("not_speech_after")
NEEDS_AFTER = _followers("needs_after")
_PHRASE_STARTS = frozenset(p[0] for p in PHRASES)

#: Personal titles: a surname with one of these is a person even unresolved.
PERSONAL_TITLES = frozenset("""
mr mrs ms miss dr prof professor sir dame rev reverend sen senator rep
representative gov governor gen general lt col colonel maj major capt
captain sgt sergeant adm admiral cmdr president pres secretary minister
judge justice mayor ambassador amb speaker chancellor premier pope
""".split())
FEMALE_WORDS = frozenset("""
mrs ms miss madam dame lady queen princess duchess countess empress
spokeswoman congresswoman chairwoman councilwoman businesswoman she her
""".split())
MALE_WORDS = frozenset("""
mr sir lord king prince duke count emperor sultan spokesman congressman
chairman councilman businessman he his him father
""".split())

#: Words that may stand between a subject and its verb ("Ryder also said").
_SKIP_BEFORE_VERB = frozenset("""
also later then previously repeatedly again once recently has had have
would will could should may might did does do both reportedly publicly
privately simply further frequently often earlier never first last
quickly flatly explicitly specifically already long since not ever
didn't doesn't don't hasn't haven't hadn't won't wouldn't didn’t doesn’t
don’t hasn’t haven’t hadn’t won’t wouldn’t
himself herself themselves on this last late early night morning
afternoon evening week weekend month year today yesterday tonight
monday tuesday wednesday thursday friday saturday sunday personally
separately directly subsequently finally initially originally past
""".split())
_CLAUSE_END = frozenset("""
who whom whose which that in on at during after before when while as
because since though although if adding saying noting according to and
but or for of with from by about told said says wrote added noted
""".split()) | frozenset(SPEECH_FORMS)
_PREPOSITIONS = frozenset("of for with from to by about at in on against among between into "
                          "like unlike than".split())
_PRONOUNS = {"he": "m", "she": "f"}
_NEGATIONS = frozenset("not never didn't doesn't don't hasn't haven't hadn't won't wouldn't"
                       .replace("'", "’").split()
                       + "not never didn't doesn't don't hasn't haven't hadn't won't wouldn't"
                       .split())
_WEAK_ROLES = frozenset("press deputy assistant vice chief acting senior".split())
_PUNCT_BOUNDARY = frozenset([",", ".", ";", ":", "!", "?", ")", "(", "[", "]", '"', "“", "”",
                             "’", "'", "''", "``", "—", "–", "―", "-", "--", "\n"])
_OPENERS = ('"', "“", "‘", "''", "``", "«")
_CLOSERS = ('"', "”", "’", "'", "»", "''")
_DASHES = {"—", "–", "―", "--", "---"}

#: Word pattern.  It is applied with ``re`` directly: through NLTK 3.10's
#: RegexpTokenizer (which wraps every regex call in a ReDoS guard) the same
#: pattern took 1.3 instead of 0.55 ms per PolNeAR article.
TOKEN_PATTERN = re.compile(
    r"(?:[^\W\d_]\.){2,}"                          # U.S.  H.W.
    r"|\d+(?:[.,:/]\d+)*%?"                        # numbers
    r"|[^\W\d_][\w]*(?:[-‐‑'’][\w]+)*\.?"          # words, Cranny-Evans, O'Brien, Gen.
    r"|-{2,}|[—–―]"                                # dashes
    r"|''|``|[\"“”‘’'«»]"                          # quotation marks
    r"|[^\w\s]",                                   # other punctuation
)
_POSSESSIVE_END = re.compile(r"['’][sS]$")


# ------------------------------------------------------------------ tokens

@dataclass
class _Sentence:
    passage: int
    start: int                   # offset of the sentence in its passage
    words: list[str]
    spans: list[tuple[int, int]]
    quoted: list[bool]           # token inside a quotation


def _tokenize(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    last = 0
    for m in TOKEN_PATTERN.finditer(text):
        start, end = m.span()
        if words and "\n" in text[last:start]:
            words.append("\n")                      # a line break stops name runs
            spans.append((last, start))
        last = end
        word = m.group()
        core = word.rstrip(".")
        if len(core) > 2 and _POSSESSIVE_END.search(core):
            cut = start + len(core) - 2
            words += [text[start:cut], text[cut:start + len(core)]]
            spans += [(start, cut), (cut, start + len(core))]
            continue
        words.append(word)
        spans.append((start, end))
    return words, spans


def _quote_mask(words: list[str]) -> list[bool]:
    """Mark tokens inside quotation marks (curly pairs, or straight quotes toggled)."""
    mask = []
    inside = False
    for i, w in enumerate(words):
        if w in ("“", "«") or (w == "‘" and _opens(words, i)):
            inside = True
            mask.append(False)
            continue
        if w in ("”", "»") or (w == "’" and inside and _closes(words, i)):
            inside = False
            mask.append(False)
            continue
        if w in ('"', "''", "``"):
            inside = not inside
            mask.append(False)
            continue
        mask.append(inside)
    return mask


def _opens(words: list[str], i: int) -> bool:
    return i + 1 < len(words) and words[i + 1][:1].isalnum()


def _closes(words: list[str], i: int) -> bool:
    return i + 1 >= len(words) or not words[i + 1][:1].isalnum()


@lru_cache(maxsize=65536)
def _is_cap(word: str) -> bool:
    return is_name_word(word) and fold(word) not in FUNCTION_WORDS


def _is_run_word(words: list[str], i: int) -> bool:
    """Whether words[i] can be part of a capitalised name run."""
    w = words[i]
    if not w[:1].isalpha():
        return False
    if _is_cap(w) or (w[0].isupper() and is_initial(w)):
        return True
    if fold(w) in PARTICLES or w == "of":
        return (0 < i < len(words) - 1 and _is_cap(words[i - 1])
                and _is_cap(words[i + 1]))
    return False


# ---------------------------------------------------------------- registry

@dataclass(eq=False)
class _Person:
    name: str                    # display form: first-seen full name
    gender: str | None = None
    roles: set[str] = field(default_factory=set)


@dataclass(eq=False)
class _Mention:
    position: tuple[int, int]    # (sentence index, token index)
    person: _Person


class PersonRegistry:
    """Full names seen in one article, to resolve surnames and roles."""

    def __init__(self) -> None:
        self.people: dict[str, _Person] = {}
        self.mentions: list[_Mention] = []
        self._by_short: dict[str, _Person] = {}
        self._by_last_two: dict[str, _Person] = {}
        # surname key / first-word key -> [(position, person)] in text order
        self._by_part: tuple[dict, dict] = ({}, {})

    def person(self, full: str) -> _Person:
        """The person a full name denotes; variants of one name share a person.

        "Hillary Rodham Clinton" and "Hillary Clinton" (same first and last
        word) are one person, and so are "Miss Universe Alicia Machado" read
        as "Universe Alicia Machado" and "Alicia Machado" (the shorter name
        ends the longer one); the shorter form is displayed.
        """
        key = name_key(full)
        found = self.people.get(key)
        if found:
            return found
        words = full.split()
        alias = short_key(full)
        found = self._by_short.get(alias)
        if found is None and len(words) >= 2:
            other = self._by_last_two.get(_last_two(words))
            if other is not None and 2 in (len(words), len(other.name.split())):
                found = other
                if len(words) < len(other.name.split()):
                    other.name = full
        found = found or _Person(full)
        self.people[key] = found
        self._by_short.setdefault(alias, found)
        if len(words) >= 2:
            self._by_last_two.setdefault(_last_two(words), found)
        return found

    def add(self, full: str, position: tuple[int, int], context: list[str]) -> _Person:
        """Record a mention of ``full`` at ``position``; ``context`` words give roles, gender."""
        person = self.person(full)
        for word in context:
            low = fold(word)
            if low in TITLES:
                person.roles.add(low)
            if person.gender is None and low in FEMALE_WORDS:
                person.gender = "f"
            elif person.gender is None and low in MALE_WORDS:
                person.gender = "m"
        self.mentions.append(_Mention(position, person))
        words = full.split()
        if len(words) > 1:
            for table, word in zip(self._by_part, (words[-1], words[0])):
                table.setdefault(name_key(word), []).append((position, person))
        return person

    def resolve(self, single: str, position: tuple[int, int],
                first_names: bool = True) -> _Person | None:
        """The person a lone surname (or family name) refers to at ``position``.

        The nearest full name before ``position`` whose last word (else first
        word: "Kim" for "Kim Yong-hyun") is ``single``; else the first after.
        """
        key = name_key(single)
        for table in self._by_part if first_names else self._by_part[:1]:
            entries = table.get(key)
            if entries:
                before = [person for pos, person in entries if pos <= position]
                return before[-1] if before else entries[0][1]
        return None

    def with_role(self, roles: set[str], position: tuple[int, int],
                  floor: tuple[int, int] = (0, 0)) -> _Person | None:
        """The person mentioned last before ``position`` (not before ``floor``)
        whose title or role is one of ``roles``."""
        for m in reversed(self.mentions):
            if m.position < floor:
                break
            if m.position <= position and m.person.roles & roles:
                return m.person
        return None

    def recent(self, position: tuple[int, int], gender: str | None,
               floor: tuple[int, int], accept=None) -> _Person | None:
        """The person mentioned last before ``position`` (not before ``floor``)."""
        for m in reversed(self.mentions):
            if m.position < floor:
                break
            if (m.position <= position and _gender_ok(m.person, gender)
                    and (accept is None or accept(m.person))):
                return m.person
        return None


def _last_two(words: list[str]) -> str:
    return name_key(words[-2] + words[-1])


def _gender_ok(person: _Person, gender: str | None) -> bool:
    return gender is None or person.gender in (None, gender)


# -------------------------------------------------------------- attributor

class _Article:
    def __init__(self, passages: list[str], rules: frozenset[str], quoted_cues: bool):
        self.rules = rules
        self.quoted_cues = quoted_cues
        self.sentences: list[_Sentence] = []
        tokenizer = splitter("\n\n".join(passages))
        for p, text in enumerate(passages):
            words, spans = _tokenize(text)
            quoted = _quote_mask(words)             # per passage: quotes span sentences
            t = 0
            for start, end in sentence_spans(text, tokenizer=tokenizer):
                first = t
                while t < len(words) and spans[t][0] < end:
                    t += 1
                while first < t and words[first] == "\n":
                    first += 1
                last = t
                while last > first and words[last - 1] == "\n":
                    last -= 1
                if first < last:
                    self.sentences.append(_Sentence(
                        p, start, words[first:last],
                        [(a - start, b - start) for a, b in spans[first:last]],
                        quoted[first:last]))
        self.registry = PersonRegistry()
        self.speakers: list[_Person] = []
        self.by_passage: list[list[_Person]] = [[] for _ in passages]
        self.last_speaker: tuple[_Person, int, int] | None = None
        self.trace: list[tuple[str, _Person, int, str]] = []   # (rule, person, sentence, cue)

    # -- pass 1: people named anywhere in the article
    def collect_people(self) -> None:
        for s_idx, sent in enumerate(self.sentences):
            words = sent.words
            run = [_is_run_word(words, i) for i in range(len(words))]
            i = 0
            while i < len(words):
                if not run[i] or not _is_cap(words[i]) and not is_initial(words[i]):
                    i += 1
                    continue
                j = i
                while j + 1 < len(words) and run[j + 1]:
                    j += 1
                if j > i and all(w.isupper() for w in words[i:j + 1] if w[:1].isalpha()):
                    i = j + 1                      # headlines and labels in capitals
                    continue
                full = canonical_name(" ".join(words[i:j + 1]))
                context = (words[i:j + 1] + _description_before(words, i)
                           + self._appositive_roles(words, j + 1))
                if full and len(full.split()) > 1:
                    self.registry.add(full, (s_idx, j), context)
                elif full:
                    person = self.registry.resolve(full, (s_idx, j))
                    if person:
                        self.registry.add(person.name, (s_idx, j), context)
                i = j + 1

    @staticmethod
    def _appositive_roles(words: list[str], i: int) -> list[str]:
        """The words of an appositive right after a name (", the Republican
        nominee,"), if it closes within eight words."""
        if i < len(words) and words[i] == ",":
            for k in range(i + 1, min(len(words), i + 9)):
                if words[k] in (",", ".", ";", ")") or k == len(words) - 1:
                    return words[i + 1:k + 1]
                if fold(words[k]) in SPEECH_FORMS:
                    return []
        return []

    # -- name runs
    def _run_left(self, words: list[str], end: int) -> int | None:
        """Start index of the name run ending at ``end`` (inclusive), if any."""
        if end < 0 or not _is_run_word(words, end) or not (_is_cap(words[end])):
            return None
        i = end
        while i - 1 >= 0 and _is_run_word(words, i - 1):
            i -= 1
        while i < end and not _is_cap(words[i]) and not _is_title_token(words[i]):
            i += 1
        return i

    def _person_at(self, words: list[str], start: int, end: int, s_idx: int,
                   titled: bool = False, first_names: bool = True) -> _Person | None:
        """The person a name run names, or None (organisation, unknown surname)."""
        full = canonical_name(" ".join(words[start:end + 1]))
        if not full or (start > 0 and words[start - 1][:1].islower()
                        and fold(words[start - 1]) in ORGANISATION_WORDS):
            return None                                   # "the newspaper NRC Handelsblad"
        position = (s_idx, end)
        if len(full.split()) > 1:
            return self.registry.person(full)
        person = self.registry.resolve(full, position, first_names)
        if person:
            return person
        has_title = titled or _has_title(words[max(0, start - 1):end])
        if has_title and fold(full) not in ORGANISATION_WORDS:
            person = self.registry.person(full)
            self.registry.add(full, position, words[max(0, start - 3):end])
            return person
        return None

    def _names_left(self, words: list[str], end: int, s_idx: int) -> list[_Person]:
        """People named by the (coordinated) subject ending at ``end``."""
        people: list[_Person] = []
        i = end
        while True:
            if i >= 0 and words[i] == ")":               # "(R-Texas)"
                j = i
                while j >= 0 and words[j] != "(":
                    j -= 1
                i = j - 1
            start = self._run_left(words, i)
            if start is None:
                break
            blocked = _after_preposition(words, start)    # "a spokesman for Clinton said"
            person = None if blocked else self._person_at(words, start, i, s_idx,
                                                          first_names=not people)
            if person is None:
                # "George Zornick of The Nation wrote": the name before "of"
                k = start - 1
                if k > 0 and fold(words[k]) == "the":
                    k -= 1
                if not people and k > 0 and fold(words[k]) in ("of", "at", "from", "with"):
                    alt = self._run_left(words, k - 1)
                    person = (self._person_at(words, alt, k - 1, s_idx)
                              if alt is not None and not _after_preposition(words, alt) else None)
                    if person:
                        people.append(person)
                break
            people.append(person)
            k = start - 1
            if k >= 0 and words[k] in ("and", "&"):
                i = k - 1
                continue
            if k >= 1 and words[k] == "," and "and" in words[k:end + 1]:
                i = k - 1
                continue
            break
        return people[::-1]

    def _names_right(self, words: list[str], start: int, s_idx: int) -> list[_Person]:
        """People named by the noun phrase that starts at ``start``."""
        people: list[_Person] = []
        i = start
        seen_word = False
        while i < len(words):
            w = words[i]
            low = fold(w)
            if _is_run_word(words, i) and (_is_cap(w) or _is_title_token(w)):
                j = i
                while j + 1 < len(words) and _is_run_word(words, j + 1):
                    j += 1
                nxt = words[j + 1] if j + 1 < len(words) else ""
                if _POSSESSIVE_END.search("x" + nxt):
                    i = j + 2                            # "Trump's spokeswoman Hope Hicks"
                    seen_word = True
                    continue
                if nxt == "(":
                    k = j + 1
                    while k < len(words) and words[k] != ")":
                        k += 1
                    nxt = words[k + 1] if k + 1 < len(words) else ""
                if nxt and fold(nxt) not in _CLAUSE_END and nxt not in _PUNCT_BOUNDARY:
                    if nxt[:1].islower() and nxt not in ("and", "&"):
                        i = j + 1                         # "Pentagon spokesman ..."
                        seen_word = True
                        continue
                    return []
                titled = seen_word and _has_title(words[start:i])
                person = self._person_at(words, i, j, s_idx, titled=titled)
                if person is None:
                    return []
                people.append(person)
                if nxt in ("and", "&"):
                    i = j + 2
                    seen_word = False
                    continue
                return people
            if low in _PREPOSITIONS or low in ("who", "that", "which") or not w[:1].isalpha():
                return []
            if w[:1].isupper() and low in FUNCTION_WORDS and low not in ("the",):
                return []
            seen_word = True
            i += 1
            if i - start > 8:
                return []
        return people

    # -- pass 2: attributions
    def attribute(self) -> None:
        for s_idx, sent in enumerate(self.sentences):
            found: list[tuple[str, _Person]] = []
            words = sent.words
            first_in_passage = s_idx == 0 or self.sentences[s_idx - 1].passage != sent.passage
            if first_in_passage and "label" in self.rules:
                found += [("label", p) for p in self._label(sent, s_idx)]
            cues: list[str] = ["label"] * len(found)          # for the trace
            for i, w in enumerate(words):
                cues += [fold(words[i - 1]) if i else ""] * (len(found) - len(cues))
                if sent.quoted[i] and not self.quoted_cues:
                    continue
                low = fold(w)
                phrase = (self._phrase(sent, s_idx, i) if low in _PHRASE_STARTS
                          and "according" in self.rules else None)
                if phrase is not None:
                    found += [("according", p) for p in phrase]
                elif (w[:1].islower() or i == 0 and "inverted" in self.rules) and (
                        low in SPEECH_FORMS or low in QUOTE_ONLY_FORMS):
                    found += self._verb(sent, s_idx, i, found)
                elif w in _DASHES and "dash" in self.rules:
                    found += [("dash", p) for p in self._dash(sent, s_idx, i)]
                elif (w == ":" and i > 0 and i + 1 < len(words) and "colon" in self.rules
                      and words[i + 1] in _OPENERS
                      and "by" not in (fold(x) for x in words[max(0, i - 6):i])):
                    found += [("colon", p) for p in self._names_left(words, i - 1, s_idx)]
            cues += [fold(words[-1])] * (len(found) - len(cues))
            for (rule, person), cue in zip(found, cues):
                self._record(person, sent.passage, s_idx)
                self.trace.append((rule, person, s_idx, cue))

    def _record(self, person: _Person, passage: int, sentence: int) -> None:
        if person not in self.speakers:
            self.speakers.append(person)
        if person not in self.by_passage[passage]:
            self.by_passage[passage].append(person)
        self.last_speaker = (person, passage, sentence)

    def _label(self, sent: _Sentence, s_idx: int) -> list[_Person]:
        """A transcript label opening a passage: "SECRETARY BLINKEN:", "Gen. Ryder:".

        The label must carry a title, or name a person the article names in
        ordinary text ("JAKE TAPPER:") and, unless it is in capitals, gives a
        title or role (a lone surname only in capitals: "WALLACE:"); "Q:",
        "Details:", "Clinton: Keep it close" (a heading) and "CORRECTION:"
        name nobody.
        """
        words = sent.words
        i = 0
        while i < len(words) and words[i] in ('"', "“", "‘", "'", "''", "``", "*", "•", "-"):
            i += 1
        try:
            colon = words.index(":", i, i + 12)
        except ValueError:
            return []
        end = colon
        if words[end - 1] == ")" and "(" in words[i:end]:      # "Rep. Trey Gowdy (R-S.C.):"
            end = words.index("(", i, end)
        label = words[i:end]
        if not label or len(label) > 6 or not all(
                _is_run_word(words, k) or _is_title_token(words[k]) for k in range(i, end)):
            return []
        upper = all(w.isupper() for w in label if w[:1].isalpha())
        titled = any(fold(w) in PERSONAL_TITLES for w in label[:-1])
        full = canonical_name(" ".join(label))
        if not full:
            return []
        if len(full.split()) == 1:
            person = self.registry.resolve(full, (s_idx, colon))
            if person and (titled or upper and self._has_evidence(person)):
                return [person]
            person = self._person_at(words, i, end - 1, s_idx) if titled else None
            return [person] if person else []
        known = self.registry.people.get(name_key(full))
        if titled or (known and (upper or self._has_evidence(known))):
            return [self.registry.person(full)]
        return []

    def _has_evidence(self, person: _Person) -> bool:
        """A title, role or gendered honorific in the text, or an attribution."""
        return bool(person.roles or person.gender) or person in self.speakers

    def _verb(self, sent: _Sentence, s_idx: int, i: int,
              found: list[tuple[str, _Person]]) -> list[tuple[str, _Person]]:
        words = sent.words
        low = fold(words[i])
        lemma = SPEECH_FORMS.get(low) or QUOTE_ONLY_FORMS.get(low)
        quote_only = low in QUOTE_ONLY_FORMS and low not in SPEECH_FORMS
        nxt = fold(words[i + 1]) if i + 1 < len(words) else ""
        if nxt in NOT_SPEECH_AFTER.get(lemma, ()) or (
                lemma in NEEDS_AFTER and nxt not in NEEDS_AFTER[lemma]):
            return []
        if i > 0 and fold(words[i - 1]) in ("to", "the", "a", "an", "be", "been", "being"):
            return []                                    # "declined to comment", "the report"
        after_quote = self._after_quote(words, i) or (i == 0 and self._follows_quote(s_idx))
        if quote_only and not (
                after_quote or (i + 1 < len(words) and words[i + 1] == ":")
                or any(w in _CLOSERS for w in words[max(0, i - 8):i])  # '"...," Gray went on'
                or (i <= 6 and self._follows_quote(s_idx))):
            return []
        out: list[tuple[str, _Person]] = []
        j = i - 1
        while j >= 0 and fold(words[j]) in _SKIP_BEFORE_VERB:
            j -= 1
        if any(fold(w) in _NEGATIONS for w in words[j + 1:i]):
            return []                                    # "did not respond", "never said"
        participle = low.endswith("ing") and j >= 0 and words[j] == ","
        if j >= 0 and "subject" in self.rules and not participle:
            out = [("subject", p) for p in self._subject(words, j, s_idx)]
        if not out and j >= 0 and fold(words[j]) in _PRONOUNS and "pronoun" in self.rules:
            if not self._pronoun_is_object(words, j):
                person = self._pronoun(_PRONOUNS[fold(words[j])], sent)
                out = [("pronoun", person)] if person else []
        if not out and j >= 0 and "role" in self.rules:
            person = self._role(words, j, s_idx)
            out = [("role", person)] if person else []
        if out:
            return out
        # inverted: '"...," said Ryder'
        inversion_ok = after_quote or (lemma not in LISTENER_VERBS and (
            i == 0 or words[i - 1] in (",", ":", "(", "—", "–")))
        if "inverted" in self.rules and inversion_ok and not low.endswith("ing"):
            people = (self._names_right(words, i + 1, s_idx)
                      or self._appositive_right(words, i + 1, s_idx))
            if people:
                return [("inverted", p) for p in people]
        if (low.endswith("ing") and lemma in SOURCE_OBJECT_VERBS
                and "according" in self.rules):
            return [("according", p) for p in self._names_right(words, i + 1, s_idx)]
        if low.endswith("ing") and i > 0 and words[i - 1] == "," and "participle" in self.rules:
            if found:
                return [("participle", found[-1][1])]
            return [("participle", p) for p in self._clause_subject(words, s_idx, i - 1)]
        return []

    def _appositive_right(self, words: list[str], start: int, s_idx: int) -> list[_Person]:
        """'said a former spokesman for the ministry, Oleg Voloshyn, who ...':
        a description, then a comma and a name that ends the clause."""
        if start >= len(words) or not (words[start][:1].islower() or fold(words[start]) == "the"):
            return []
        for k in range(start + 1, min(len(words), start + 15)):
            w = words[k]
            if w in _PUNCT_BOUNDARY and w != ",":
                return []
            if w == ",":
                if k + 1 < len(words) and _is_cap(words[k + 1]):
                    end = k + 1
                    while end + 1 < len(words) and _is_run_word(words, end + 1):
                        end += 1
                    nxt = words[end + 1] if end + 1 < len(words) else ""
                    if nxt in ("", ",", ".", ";", "\n") or fold(nxt) in ("who", "whose"):
                        person = self._person_at(words, k + 1, end, s_idx)
                        return [person] if person else []
                return []
        return []

    def _follows_quote(self, s_idx: int) -> bool:
        """Whether the previous sentence of the same passage ends with a quotation
        ('"Why?" asked Ryder' is split after the question mark)."""
        if s_idx == 0:
            return False
        prev, sent = self.sentences[s_idx - 1], self.sentences[s_idx]
        return prev.passage == sent.passage and prev.words[-1] in _CLOSERS

    def _after_quote(self, words: list[str], i: int) -> bool:
        k = i - 1
        if k >= 0 and words[k] in (",", "?", "!", ".", "—"):
            k -= 1
        return k >= 0 and words[k] in _CLOSERS

    def _subject(self, words: list[str], j: int, s_idx: int) -> list[_Person]:
        """People named by the subject that ends at ``j``, right before the verb."""
        if words[j] not in _APPOSITIVE_MARKS:
            return self._names_left(words, j, s_idx)
        if j > 0 and words[j - 1] == ")":                 # "Sen. Jack Reed (D-R.I.), said"
            people = self._names_left(words, j - 1, s_idx)
            if people:
                return people
        # "Trump's campaign manager, Kellyanne Conway, said"
        k = j - 1
        while k >= 0 and words[k] not in (",", '"', "“", "”", "''"):
            k -= 1
        if k >= 0 and words[k] == "," and k + 1 < j and all(
                _is_run_word(words, m) or _is_title_token(words[m]) for m in range(k + 1, j)):
            people = self._names_left(words, j - 1, s_idx)
            if people:
                return people
        # "Cranny-Evans, a fellow at RUSI, said"; "Sandy Phillips, who lost her
        # daughter in Aurora, Colorado, in July 2012, said": the name before
        # the comma that opens an appositive, at most three commas back
        commas = 0
        k = j - 1
        while k > 0 and j - k <= 50 and commas < 5:
            w = words[k]
            if w in ('"', "“", "”", "''", ";", ":"):
                return []
            if w in _APPOSITIVE_MARKS:
                commas += 1
                if _opens_appositive(words, k + 1):
                    people = self._names_left(words, k - 1, s_idx)
                    if people:
                        return people
            k -= 1
        return []

    @staticmethod
    def _pronoun_is_object(words: list[str], j: int) -> bool:
        return j > 0 and fold(words[j - 1]) in _PREPOSITIONS | {"told", "asked", "that"}

    def _pronoun(self, gender: str, sent: _Sentence) -> _Person | None:
        """The named speaker "he"/"she" continues: the last one, if attributed in
        this or the previous three passages and not known to be of the other
        gender.  (Resolving to people named but not yet attributed added about
        as many wrong names as right ones on PolNeAR's training split.)
        """
        if not self.last_speaker:
            return None
        person, passage, _ = self.last_speaker
        if sent.passage - passage > 3 or not _gender_ok(person, gender):
            return None
        self._learn_gender(person, gender)
        return person

    @staticmethod
    def _learn_gender(person: _Person, gender: str) -> None:
        if person.gender is None:
            person.gender = gender

    def _role(self, words: list[str], j: int, s_idx: int) -> _Person | None:
        roles = set()
        k = j
        while k >= 0 and j - k < 6:
            low = fold(words[k])
            if low == "the":
                break
            if not words[k][:1].isalpha() or low in FUNCTION_WORDS - {"of"}:
                return None
            if low in TITLES:
                roles.add(low)
            k -= 1
        if k < 0 or fold(words[k]) != "the" or fold(words[j]) not in TITLES or not roles:
            return None
        roles = roles - _WEAK_ROLES or roles
        if self.last_speaker and self.last_speaker[0].roles & roles:
            return self.last_speaker[0]
        floor = s_idx                  # else someone with that title in the last 3 passages
        while floor > 0 and self.sentences[floor - 1].passage >= self.sentences[s_idx].passage - 2:
            floor -= 1
        return self.registry.with_role(roles, (s_idx, j), (floor, 0))

    def _clause_subject(self, words: list[str], s_idx: int, limit: int) -> list[_Person]:
        """The people named by the subject of the clause that a participle at
        ``limit`` continues: a name run at the start of the sentence or after
        an introductory phrase and a comma, followed (past a parenthesis or
        appositives) by a lowercase verb.  "Trump attacked Clinton, saying"
        gives Trump; "In a statement, Rep. Hakeem Jeffries (D-N.Y.) reacted,
        saying" gives Jeffries; "Rubio press secretary Brooke Sammon gave it a
        try, tweeting" gives Sammon."""
        sent = self.sentences[s_idx]
        k = 0
        while k < limit:
            w = words[k]
            at_start = k == 0 or words[k - 1] == "," or not words[k - 1][:1].isalnum()
            if not (at_start and _is_run_word(words, k) and (_is_cap(w) or _is_title_token(w))
                    and not sent.quoted[k]):
                k += 1
                continue
            end = k
            while end + 1 < limit and (
                    _is_run_word(words, end + 1)
                    or (words[end + 1][:1].islower() and fold(words[end + 1]) in TITLES)):
                end += 1
            verb = self._verb_after_subject(words, end + 1, limit)
            if verb is not None:
                return self._names_left(words, end, s_idx)
            k = end + 1
        return []

    @staticmethod
    def _verb_after_subject(words: list[str], k: int, limit: int) -> int | None:
        """Index of the lowercase verb after a subject ending before ``k``, past a
        parenthesis ("(D-N.Y.)") and appositives (", R-Ill., who faces ...,")."""
        if k < limit and words[k] == "(":
            while k < limit and words[k] != ")":
                k += 1
            k += 1
        after_comma = False
        for _ in range(6):
            if k >= limit:
                return None
            if words[k] == ",":
                k += 1
                after_comma = True
                continue
            if after_comma and _opens_appositive(words, k):
                while k < limit and words[k] != ",":
                    k += 1
                continue
            w = words[k]
            low = fold(w)
            verb_like = (w[:1].islower() and low not in _PREPOSITIONS
                         and (low not in FUNCTION_WORDS or low in _SKIP_BEFORE_VERB))
            return k if verb_like else None
        return None

    def _phrase(self, sent: _Sentence, s_idx: int, i: int) -> list[_Person] | None:
        words = sent.words
        for phrase in PHRASES:
            n = len(phrase)
            if tuple(fold(w) for w in words[i:i + n]) == phrase:
                return self._names_right(words, i + n, s_idx)
        return None

    def _dash(self, sent: _Sentence, s_idx: int, i: int) -> list[_Person]:
        """'"..." — Pat Ryder': a name alone after a dash that follows a quotation."""
        words = sent.words
        k = i - 1
        while k >= 0 and words[k] == "\n":
            k -= 1
        if k >= 0 and words[k] == ".":
            k -= 1
        start = i + 1
        tweet = (start + 1 < len(words) and "(" in words[start:start + 6]
                 and words[words.index("(", start) + 1:][:1] == ["@"])
        if tweet:
            pass                      # "— Sahil Kapur (@sahilkapur) September 1, 2016"
        elif k < 0:
            # the quotation ends the previous sentence of the same passage (a
            # credit in a passage of its own is a byline: "-- Kim Hjelmgaard.")
            if not self._follows_quote(s_idx):
                return []
        elif words[k] not in _CLOSERS:
            return []
        if start >= len(words) or not _is_cap(words[start]) and not _is_title_token(words[start]):
            return []
        end = start
        while end + 1 < len(words) and _is_run_word(words, end + 1):
            end += 1
        nxt = words[end + 1] if end + 1 < len(words) else ""
        if nxt not in ("", ",", "(", ".", ";", "\n", "“", '"'):
            return []
        person = self._person_at(words, start, end, s_idx)
        return [person] if person else []


_APPOSITIVE_MARKS = frozenset([",", "—", "–", "--"])
_PARTY_STATE = re.compile(r"^[RDI]-[A-Z]")          # "R-Utah", "D-N.Y."
_APPOSITIVE_STARTS = frozenset("a an the who whose whom which now then once also both "
                               "one another its his her their however meanwhile as after "
                               "while even along when though although albeit clearly "
                               "apparently specifically only too likewise instead "
                               "himself herself".split())


def _opens_appositive(words: list[str], i: int) -> bool:
    """Whether words[i:] can open an appositive: "a fellow", "who lost",
    "Sanders' campaign manager", "30, a county employee", "R-Texas"."""
    if i >= len(words):
        return False
    w = words[i]
    low = fold(w)
    if low in _APPOSITIVE_STARTS or w[:1].isdigit() or _PARTY_STATE.match(w):
        return True
    if low in TITLES or low in MODIFIERS or low in _PREPOSITIONS or low.endswith("ing"):
        return True                  # "associate fellow", "former", "in a statement",
                                     # "speaking to Iowans" (not "died in a jail")
    if w[:1].islower() and i + 1 < len(words) and fold(words[i + 1]) in ("of", "at", "for"):
        return True                  # "head of", "co-founder of"
    return i + 1 < len(words) and (_POSSESSIVE_END.search("x" + words[i + 1]) is not None
                                   or words[i + 1] in ("’", "'"))


def _description_before(words: list[str], start: int) -> list[str]:
    """The words describing a name right before it ("Deputy Pentagon press
    secretary" before "Sabrina Singh"), up to five, stopping at punctuation
    and function words."""
    k = start
    while k > 0 and start - k < 5 and words[k - 1][:1].isalpha() \
            and fold(words[k - 1]) not in FUNCTION_WORDS:
        k -= 1
    return words[k:start]


def _after_preposition(words: list[str], start: int) -> bool:
    """Whether the name starting at ``start`` is the object of a preposition,
    possibly behind a few modifiers ("a spokesman for Democratic candidate
    Hillary Clinton said")."""
    k = start - 1
    while k >= 0 and start - k <= 5 and words[k][:1].isalpha() \
            and fold(words[k]) not in FUNCTION_WORDS:
        k -= 1
    if k > 0 and fold(words[k]) in ("the", "a", "an"):
        k -= 1
    return k >= 0 and fold(words[k]) in _PREPOSITIONS


def _is_title_token(word: str) -> bool:
    return fold(word) in TITLES and word[:1].isupper()


def _has_title(words: list[str]) -> bool:
    return any(fold(w) in PERSONAL_TITLES for w in words)


def attribute(passages: list[str], *, rules=RULES, quoted_cues: bool = False) -> Attribution:
    """Speakers of an article given as a list of passages (paragraphs).

    ``rules`` selects the rules to apply (for ablation); ``quoted_cues``
    also reads cues inside quotations (reported speech within a quote).
    """
    article = _Article(passages, frozenset(rules), quoted_cues)
    article.collect_people()
    article.attribute()
    return Attribution(
        speakers=[p.name for p in article.speakers],
        passages=[[p.name for p in people] for people in article.by_passage],
    )
