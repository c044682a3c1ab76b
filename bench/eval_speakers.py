"""Evaluate speaker attribution (indexer.extract.people.speakers) on PolNeAR and the seed articles.

Usage (from the repository root)::

    python3 bench/eval_speakers.py [--data ../shared/corpora] [--split test]
                                   [--seeds ../shared/seeds] [--show-errors] [--ablation]

Gold for a PolNeAR article (``<data>/polnear/<split>/``) is derived from its
brat ``.ann`` files like this:

1. Passages: the text split on blank lines; the first passage is the
   headline and is left out (the indexer gets the body only), and so are
   sources inside it.
2. Every ``Source`` span of an ``E`` relation is read (discontinuous spans
   joined by a space) and turned into people:
   * "he", "she", "him", "her", "his", "hers", "I", "me", "my": the nearest
     preceding Source of the same file that names a person, if it lies in
     the same or the previous passage; else the person mentioned last in
     the text before it (same or previous passage) if that person is a
     named Source somewhere in the file; else dropped.  Pronouns therefore
     place named sources in passages but never add a name to an article.
   * "who", "whom", "whose": the person mentioned right before it in the
     text (surname within the 40 characters before), else dropped.
   * A list of three or more names ("Sens. Tom Carper, Dianne Feinstein,
     Patrick Leahy and Ben Cardin"): every name in it.
   * Other spans: cut at the first comma, parenthesis or dash (the head);
     split the head on "and" / "&"; cut each part at its first lowercase
     preposition or relative word (of, for, at, from, with, in, on, to, by,
     who, which, that, ...); a part names a person only when it ends with a
     capitalised word (so "the Clinton campaign", "Band's memo", "a
     spokesman for Clinton" name nobody) and ``canonical_name`` leaves a
     name.  When the head names nobody, an appositive made only of
     capitalised words is read instead ("Nevada's governor, Brian
     Sandoval, a Republican").
   * A lone surname resolves to the full name used in the article (the
     nearest full name before it, else the first after it, through the
     ``PersonRegistry`` the indexer uses); unresolved, it counts only when
     the span carries a personal title ("Mr. Clyburn"); otherwise it is an
     organisation or unnamed ("Pfizer", "WikiLeaks").
3. Names are compared by ``name_key``.  An article annotated by several
   annotators keeps the names (and passage/name pairs) that at least half
   of them have.

Two gold sets are scored.  ``gold=all`` keeps every named Source as above.
PolNeAR also attributes beliefs, plans and stances ("Trump believes",
"Sanders is counting on", "Clinton came out against"), which ANNOTATION.md
does not count as speech, so ``gold=speech`` keeps only relations whose cue
contains a verb of saying or writing from indexer/data/speech.txt (the
indexer's own list: this couples gold and system), or is ":" / a dash /
"according to", or whose content is a quotation.

Passage level scores (passage index, name) pairs; the passage of a source
is the one holding its Source span.

Quote level scores what each person said (``Attribution.quotes``) against
the ``Content`` spans of the relations whose Source names them (as above;
discontinuous contents count as one): a predicted (span, person) is right
when at least half of its characters lie in a gold Content of the same
person (``QUOTE_MATCH``); a gold (Content, person) pair is found when that
person's predicted spans cover at least half of its characters.  So a
quotation split by its attribution ('"A," he said, "B."') is one gold pair
found by two right predictions.  With several annotators, a gold quote
counts when at least half of them have one of the same person overlapping
it by half of the shorter of the two.  ``--split all`` scores test, dev and
train (the rules were developed on train and dev; test is held out).
"""

from __future__ import annotations

import argparse
import json
import math
import pathlib
import re
import sys
import time
from collections import Counter, defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from indexer.extract.people.names import canonical_name, fold, name_key  # noqa: E402
from indexer.extract.people.reading import read_article  # noqa: E402
from indexer.extract.people.quotes import QUOTE_RULES  # noqa: E402
from indexer.extract.people.speakers import RULES, attribute  # noqa: E402
from indexer.extract.people.vocabulary import (  # noqa: E402
    PERSONAL_TITLES,
    QUOTE_ONLY_FORMS,
    SPEECH_FORMS,
)

_BLANK = re.compile(r"\n[ \t\r\f\v]*\n")
_PERSONAL_PRONOUNS = {"he", "she", "him", "her", "his", "i", "me", "my", "hers"}
_RELATIVES = {"who", "whom", "whose"}
_CUT_WORDS = {"of", "for", "at", "from", "with", "in", "on", "to", "by", "who", "which",
              "that", "whose", "about", "after", "during", "among", "against"}
_QUOTES = "\"“”‘’«»'"


# ------------------------------------------------------------------ reading

def passages_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of the blank-line separated passages of ``text``."""
    spans, start = [], 0
    for m in list(_BLANK.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        if text[start:end].strip():
            spans.append((start, end))
        start = m.end() if m else len(text)
    return spans


def read_ann(path: pathlib.Path) -> tuple[dict, list[dict]]:
    """Text-bound annotations {id: (label, [(start, end)], text)} and relations."""
    entities, relations = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[0].startswith("T"):
            label, _, offsets = parts[1].partition(" ")
            try:
                spans = [tuple(int(x) for x in seg.split()) for seg in offsets.split(";")]
            except ValueError:
                continue
            entities[parts[0]] = (label, spans, parts[2])
        elif len(parts) >= 2 and parts[0].startswith("E"):
            relations.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    return entities, relations


# -------------------------------------------------------------------- gold

class _GoldArticle:
    """Name resolution for one PolNeAR text, through the indexer's registry."""

    def __init__(self, text: str):
        self.text = text
        self.spans = passages_of(text)
        body = [text[s:e] for s, e in self.spans[1:]]
        self.article = read_article(body)
        # absolute offset of each sentence start, to place registry mentions
        self.sentence_offsets = [self.spans[1 + s.passage][0] + s.start
                                 for s in self.article.sentences]

    def passage_at(self, offset: int) -> int | None:
        """Index in the body (headline excluded) of the passage holding ``offset``."""
        for i, (s, e) in enumerate(self.spans):
            if s <= offset < e:
                return i - 1 if i else None
        return None

    def _position(self, offset: int) -> tuple[int, int]:
        idx = 0
        for i, start in enumerate(self.sentence_offsets):
            if start <= offset:
                idx = i
        sent = self.article.sentences[idx] if self.article.sentences else None
        tok = 0
        if sent:
            rel = offset - self.sentence_offsets[idx]
            tok = sum(1 for s, _ in sent.spans if s < rel)
        return (idx, tok)

    def resolve(self, name: str, offset: int, titled: bool) -> str | None:
        if len(name.split()) > 1:
            return self.article.registry.person(name).name
        person = self.article.registry.resolve(name, self._position(offset))
        if person:
            return person.name
        return name if titled else None

    def person_before(self, offset: int, floor_passage: int,
                      known: set[str] | None = None) -> str | None:
        """The nearest person named before ``offset`` (not before ``floor_passage``).

        With ``known`` (name keys), only those people count: the registry
        also holds name-like things ("San Jose", "Planned Parenthood") that
        no rule here can tell from people.
        """
        position = self._position(offset)
        for m in reversed(self.article.registry.mentions):
            if m.position >= position:
                continue
            if self.article.sentences[m.position[0]].passage + 1 < floor_passage:
                return None
            if known is None or name_key(m.person.name) in known:
                return m.person.name
        return None

    def names_in_span(self, span_text: str, offset: int) -> list[str]:
        """The named people a non-pronoun Source span denotes."""
        flat = " ".join(span_text.split())
        # a list reads without its asides and quantifiers: "Sens. Jeff Merkley (D-Ore.),
        # Sherrod Brown (D-Ohio) and Robert Menendez (D-N.J.) all"
        bare = re.sub(r"^(?:both|all)\s+|\s+(?:both|all)$", "",
                      re.sub(r"\s*\([^()]*\)", "", flat), flags=re.IGNORECASE)
        items = [x for x in re.split(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+", bare) if x]
        if len(items) >= 3 and re.search(r"\s(?:and|&)\s", bare) and all(
                x.split()[-1][:1].isupper() for x in items):
            # "Sens. Tom Carper, Dianne Feinstein, Patrick Leahy and Ben Cardin"
            return [n for x in items for n in self._names_in_head(x, offset)]
        parts = re.split(r"\s*[,(—–―]\s*|\s+-\s+", flat, maxsplit=1)
        head = parts[0]
        people = self._names_in_head(head, offset)
        if not people and len(parts) > 1:
            # "Nevada's governor, Brian Sandoval, a Republican": an appositive
            # that is nothing but a name
            appositive = re.split(r"\s*[,(—–―)]\s*", parts[1], maxsplit=1)[0].strip(_QUOTES)
            words = appositive.split()
            if words and all(w[:1].isupper() or w in ("de", "van", "von", "bin", "al")
                             for w in words):
                people = self._names_in_head(appositive, offset)
        return people

    def _names_in_head(self, head: str, offset: int) -> list[str]:
        out = []
        for part in re.split(r"\s+(?:and|&)\s+", head.strip(_QUOTES + " ")):
            words = part.split()
            for k, w in enumerate(words):
                if w in _CUT_WORDS:
                    words = words[:k]
                    break
            if not words:
                continue
            last = re.sub(r"['’]s?$", "", words[-1].strip(_QUOTES + ".,;:"))
            if not last[:1].isupper():
                continue
            name = canonical_name(" ".join(words))
            if not name:
                continue
            titled = any(fold(w.strip(_QUOTES)) in PERSONAL_TITLES for w in words[:-1])
            resolved = self.resolve(name, offset, titled)
            if resolved:
                out.append(resolved)
        return out


def _is_speech(entities: dict, relation: dict) -> bool:
    cue = entities.get(relation.get("Cue", ""), ("", [], ""))[2]
    content = entities.get(relation.get("Content", ""), ("", [], ""))[2].strip()
    words = [fold(w) for w in re.findall(r"[\w']+", cue)]
    if any(w in SPEECH_FORMS or w in QUOTE_ONLY_FORMS for w in words):
        return True
    if cue.strip() in (":", "—", "―", "–") or fold(cue.strip()) in ("according to",):
        return True
    return content[:1] in "\"“‘" and content[-1:] in "\"”’,"


def gold_from_ann(gold: _GoldArticle, path: pathlib.Path, speech_only: bool = False
                  ) -> tuple[set[str], set[tuple[int, str]], list[tuple[tuple, str]]]:
    """Article names, (passage, name) pairs and quotes ((content spans, name key) pairs: the
    Content of each relation whose Source names a person, outside the headline) of one
    annotator's file."""
    entities, relations = read_ann(path)
    sources: dict[str, list[str]] = {}
    order = []
    contents: list[tuple[str, tuple]] = []             # (source id, content spans)
    for rel in relations:
        sid = rel.get("Source")
        if not sid or sid not in entities or entities[sid][0] != "Source":
            continue
        if speech_only and not _is_speech(entities, rel):
            continue
        if sid not in sources:
            sources[sid] = []
            order.append(sid)
        cid = rel.get("Content")
        if cid in entities:
            spans = tuple(entities[cid][1])
            if gold.passage_at(spans[0][0]) is not None:
                contents.append((sid, spans))
    order.sort(key=lambda sid: entities[sid][1][0][0])
    all_named = []
    for sid in order:
        _, spans, text = entities[sid]
        if text.strip().lower() not in _PERSONAL_PRONOUNS | _RELATIVES:
            all_named.append((spans[0][0], gold.names_in_span(text, spans[0][0])))
    named: list[tuple[int, list[str]]] = []          # (offset, names) of named sources
    names: set[str] = set()
    pairs: set[tuple[int, str]] = set()
    for sid in order:
        _, spans, text = entities[sid]
        offset = spans[0][0]
        passage = gold.passage_at(offset)
        if passage is None:
            continue                                 # headline
        low = text.strip().lower()
        people: list[str] = []
        if low in _PERSONAL_PRONOUNS:
            previous = [n for o, n in named if o < offset]
            if previous:
                prev_offset = max(o for o, n in named if o < offset)
                prev_passage = gold.passage_at(prev_offset)
                if prev_passage is not None and passage - prev_passage <= 1:
                    people = previous[-1][:1]
            if not people:
                known = {name_key(n) for _, ns in all_named for n in ns}
                person = gold.person_before(offset, passage, known)
                people = [person] if person else []
        elif low in _RELATIVES:
            window = gold.text[max(0, offset - 40):offset]
            person = gold.person_before(offset, passage)
            if person and person.split()[-1] in window:
                people = [person]
        else:
            people = gold.names_in_span(text, offset)
            if people:
                named.append((offset, people))
        for person in people:
            names.add(name_key(person))
            pairs.add((passage, name_key(person)))
        sources[sid] = [name_key(person) for person in people]
    quotes = [(spans, key) for sid, spans in contents for key in dict.fromkeys(sources[sid])]
    return names, pairs, quotes


def _majority(sets: list[set]) -> set:
    need = math.ceil(len(sets) / 2)
    counts = Counter(x for s in sets for x in s)
    return {x for x, n in counts.items() if n >= need}


def _majority_quotes(per_file: list[list[tuple[tuple, str]]]) -> list[tuple[tuple, str]]:
    """The gold quotes at least half of the annotators have: a quote of one annotator agrees
    with another's when the name is the same and they overlap by half of the shorter."""
    need = math.ceil(len(per_file) / 2)
    clusters: list[tuple[tuple, str, set[int]]] = []
    for who, quotes in enumerate(per_file):
        for spans, key in quotes:
            for other, other_key, support in clusters:
                if other_key == key and _overlap(spans, other) >= QUOTE_MATCH * min(
                        _length(spans), _length(other)):
                    support.add(who)
                    break
            else:
                clusters.append((spans, key, {who}))
    return [(spans, key) for spans, key, support in clusters if len(support) >= need]


def load_polnear(data_dir: pathlib.Path, split: str = "test", speech_only: bool = False
                 ) -> list[dict]:
    """Articles of one PolNeAR split: body passages and gold names."""
    base = data_dir / "polnear" / split
    if not (base / "text").is_dir():
        raise FileNotFoundError(f"PolNeAR split not found: {base} (see --data)")
    anns = defaultdict(list)
    for ann in sorted((base / "attributions").glob("*.ann")):
        anns[ann.stem.rsplit("_", 1)[0]].append(ann)
    articles = []
    for txt in sorted((base / "text").glob("*.txt")):
        text = txt.read_text(encoding="utf-8")
        files = anns.get(txt.stem)
        if not files:
            continue
        gold = _GoldArticle(text)
        per_file = [gold_from_ann(gold, f, speech_only) for f in files]
        articles.append({
            "id": txt.stem,
            "passages": [text[s:e] for s, e in gold.spans[1:]],
            "offsets": [s for s, _ in gold.spans[1:]],
            "names": _majority([n for n, _, _ in per_file]),
            "pairs": _majority([p for _, p, _ in per_file]),
            "quotes": _majority_quotes([q for _, _, q in per_file]),
            "display": {},
        })
    return articles


# -------------------------------------------------------------- scoring

def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


#: A predicted quote is right when this share of it lies in a gold Content of the same
#: person; a gold (Content, person) pair is found when the person's predicted quotes cover
#: this share of it.
QUOTE_MATCH = 0.5


def _length(spans) -> int:
    return sum(e - s for s, e in spans)


def _overlap(a, b) -> int:
    """Characters two span lists share."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def quote_counts(predicted: list[tuple[tuple, str]], gold: list[tuple[tuple, str]]) -> tuple[int, int, int, int]:
    """(right predictions, wrong predictions, found gold pairs, missed gold pairs) of
    (spans, name key) quotes, by :data:`QUOTE_MATCH`."""
    right = sum(1 for spans, key in predicted if any(
        key == gkey and _overlap(spans, gspans) >= QUOTE_MATCH * _length(spans) for gspans, gkey in gold))
    found = 0
    for gspans, gkey in gold:
        mine = [spans[0] for spans, key in predicted if key == gkey]
        covered = sum(max(0, min(e, ge) - max(s, gs)) for gs, ge in gspans for s, e in _union(mine))
        found += covered >= QUOTE_MATCH * _length(gspans)
    return right, len(predicted) - right, found, len(gold) - found


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def predicted_quotes(art: dict, result) -> list[tuple[tuple, str]]:
    """The attribution's quotes of ``art`` as ((absolute span,), name key)."""
    return [(((art["offsets"][p] + s, art["offsets"][p] + e),), name_key(n))
            for p, quotes in enumerate(result.quotes) for s, e, n in quotes]


def quote_prf(right: int, wrong: int, found: int, missed: int) -> tuple[float, float, float]:
    """Precision over the predicted quotes, recall over the gold (Content, person) pairs."""
    p = right / (right + wrong) if right + wrong else 1.0
    r = found / (found + missed) if found + missed else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def score(articles: list[dict], **options) -> dict:
    """Article-, passage- and quote-level counts for attribute(**options) on ``articles``
    (quote level: ``[right, wrong, found, missed]``)."""
    counts = {"article": [0, 0, 0], "passage": [0, 0, 0], "quote": [0, 0, 0, 0]}
    errors = []
    elapsed = 0.0
    for art in articles:
        t = time.process_time()
        result = attribute(art["passages"], **options)
        elapsed += time.process_time() - t
        got = {name_key(n): n for n in result.speakers}
        got_pairs = {(i, name_key(n)) for i, ns in enumerate(result.passages) for n in ns}
        for level, pred, gold in (("article", set(got), art["names"]),
                                  ("passage", got_pairs, art["pairs"])):
            c = counts[level]
            c[0] += len(pred & gold)
            c[1] += len(pred - gold)
            c[2] += len(gold - pred)
        if "quotes" in art:
            for i, n in enumerate(quote_counts(predicted_quotes(art, result), art["quotes"])):
                counts["quote"][i] += n
        fp = sorted(got[k] for k in set(got) - art["names"])
        fn = sorted(art["names"] - set(got))
        if fp or fn:
            errors.append({"article": art["id"], "false_positives": fp, "missed": fn})
    return {"counts": counts, "errors": errors,
            "ms_per_article": 1000 * elapsed / max(1, len(articles))}


def evaluate_seeds(seeds_dir: pathlib.Path) -> dict:
    """Article-level counts on the seed articles against gold.json (ambiguous names ignored)."""
    gold = json.loads((seeds_dir / "gold.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    errors = []
    for entry in gold["articles"]:
        text = (seeds_dir / entry["file"]).read_text(encoding="utf-8")
        passages = [text[s:e] for s, e in passages_of(text)]
        got = {name_key(n): n for n in attribute(passages).speakers}
        want = {name_key(s["name"]) for s in entry["speakers"]}
        ambiguous = {name_key(n) for n in entry.get("ambiguous_speakers", [])}
        pred = set(got) - ambiguous
        tp += len(pred & want)
        fp += len(pred - want)
        fn += len(want - pred)
        if pred != want:
            errors.append({"article": entry["file"],
                           "false_positives": sorted(got[k] for k in pred - want),
                           "missed": sorted(want - pred)})
    return {"counts": [tp, fp, fn], "errors": errors, "articles": len(gold["articles"])}


SPLITS = ("test", "dev", "train")


def evaluate(data_dir: pathlib.Path, seeds_dir: pathlib.Path | None = None,
             split: str = "test", ablation: bool = False, splits: tuple[str, ...] = ()) -> list[dict]:
    """Result rows: PolNeAR article, passage and quote level (gold all and speech-only) of
    ``split`` and of each of ``splits`` (in that order), the seeds, the ablation (``split`` only)."""
    rows = []
    for one in dict.fromkeys((split, *splits)):
        rows += _split_rows(data_dir, one, ablation and one == split)
    if seeds_dir is not None and (seeds_dir / "gold.json").exists():
        seeds = evaluate_seeds(seeds_dir)
        p, r, f = _prf(*seeds["counts"])
        rows.append({"task": "speakers", "system": "clippings", "level": "article",
                     "gold": "seeds", "split": "seeds", "precision": p, "recall": r, "f1": f,
                     "articles": seeds["articles"], "errors": seeds["errors"]})
    return rows


def _split_rows(data_dir: pathlib.Path, split: str, ablation: bool) -> list[dict]:
    rows = []
    for gold_kind, speech_only in (("all", False), ("speech", True)):
        articles = load_polnear(data_dir, split, speech_only)
        result = score(articles)
        for level in ("article", "passage", "quote"):
            p, r, f = quote_prf(*result["counts"][level]) if level == "quote" else _prf(*result["counts"][level])
            rows.append({"task": "speakers", "system": "clippings", "level": level,
                         "gold": gold_kind, "split": split, "precision": p, "recall": r,
                         "f1": f, "articles": len(articles),
                         "ms_per_article": round(result["ms_per_article"], 2),
                         **({"errors": result["errors"]} if level != "quote" else
                            {"quotes": sum(result["counts"]["quote"][:2]),
                             "gold_quotes": sum(result["counts"]["quote"][2:])})})
        if ablation and not speech_only:
            for rule in RULES:
                res = score(articles, rules=tuple(r for r in RULES if r != rule))
                p, r, f = _prf(*res["counts"]["article"])
                pp, pr, pf = _prf(*res["counts"]["passage"])
                rows.append({"task": "speakers-ablation", "system": f"without {rule}",
                             "level": "article", "gold": gold_kind, "split": split,
                             "precision": p, "recall": r, "f1": f,
                             "passage_precision": pp, "passage_recall": pr,
                             "articles": len(articles)})
            for rule in QUOTE_RULES:
                res = score(articles, quote_rules=tuple(r for r in QUOTE_RULES if r != rule))
                p, r, f = quote_prf(*res["counts"]["quote"])
                rows.append({"task": "speakers-ablation", "system": f"quotes without {rule}",
                             "level": "quote", "gold": gold_kind, "split": split,
                             "precision": p, "recall": r, "f1": f, "articles": len(articles)})
            res = score(articles, quoted_cues=True)
            p, r, f = _prf(*res["counts"]["article"])
            pp, pr, pf = _prf(*res["counts"]["passage"])
            rows.append({"task": "speakers-ablation", "system": "with cues inside quotes",
                         "level": "article", "gold": gold_kind, "split": split,
                         "precision": p, "recall": r, "f1": f,
                         "passage_precision": pp, "passage_recall": pr,
                         "articles": len(articles)})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=pathlib.Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--seeds", type=pathlib.Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--split", default="test", choices=(*SPLITS, "all"),
                        help="the split to score; 'all': test, dev and train")
    parser.add_argument("--show-errors", action="store_true")
    parser.add_argument("--ablation", action="store_true",
                        help="also score with each rule left out")
    args = parser.parse_args(argv)
    split = "test" if args.split == "all" else args.split
    rows = evaluate(args.data, args.seeds, split, args.ablation, SPLITS if args.split == "all" else ())
    print(f"{'task':18} {'system':26} {'split':6} {'gold':7} {'level':8} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'n':>4}  extra")
    for row in rows:
        extra = ""
        if "ms_per_article" in row:
            extra = f"{row['ms_per_article']} ms/article"
        if "passage_precision" in row:
            extra = f"passage P {row['passage_precision']:.3f} R {row['passage_recall']:.3f}"
        if row["level"] == "quote":
            extra = f"{row['quotes']} quotes, {row['gold_quotes']} gold (quote, speaker) pairs"
        print(f"{row['task']:18} {row['system']:26} {row['split']:6} {row['gold']:7} {row['level']:8} "
              f"{row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
              f"{row['articles']:4}  {extra}")
    if args.show_errors:
        for row in rows:
            if row.get("errors") and row["level"] == "article":
                print(f"\n# errors ({row['split']}, {row['gold']})")
                for err in row["errors"]:
                    print(f"{err['article']}: FP {err['false_positives']}  FN {err['missed']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
