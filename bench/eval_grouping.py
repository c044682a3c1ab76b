"""Grouping wire copies, measured on a labelled set made from Reuters-21578 (``make eval``, section ``grouping``).

The set (:func:`build_set`, seeded, so every run makes the same one):

- **copies** (same group): a Reuters story and three republished copies of
  it, each under another outlet and headline, with one of these changes:
  ``headline`` (only the headline), ``trim`` (the last paragraphs dropped,
  up to 40% of them), ``byline`` (a byline paragraph added on top),
  ``boilerplate`` (a closing paragraph such as a copyright notice or
  reporting credits), ``edit`` (two to five words edited: a typo, a
  spelling, a word added or dropped), ``extend`` (a paragraph of another
  story on the same topic added at the end), ``mixed`` (trim, byline and
  edits together);
- **same topic, same day** (different groups): other stories of the base
  story's first TOPICS category and date;
- **developing stories** (different groups): consecutive Reuters stories of
  the same day whose headlines start with the same three words, that share
  the lead (first paragraph, ``rapidfuzz`` ratio at least 60) and of which
  the later one adds or replaces at least half of the paragraphs of the
  longer (paragraphs compared as lower-cased words): related, not copies.

Stories that Reuters itself sent twice (the same first 12 words after the
dateline in another story) are not used as base or same-topic stories,
since they would be real copies labelled as distinct.  The labels follow
these rules, not the measure under test.

Pairs: every pair of documents of one split is labelled "same group" or
not; precision and recall of the "same group" pairs of Clippings' groups
(:class:`indexer.index.groups.GroupState`, the indexer's own code).  The
split is by date: stories of odd days are the **tuning** half (the
thresholds of :mod:`indexer.index.similarity` were chosen on it), even days
the **held-out** half, reported as the headline.

Usage::

    python bench/eval_grouping.py --data ../shared/corpora [--sweep]

``--sweep`` prints precision and recall of each rule and threshold on both
halves (how the thresholds were chosen).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
from rapidfuzz import fuzz, process  # noqa: E402

import reuters  # noqa: E402
from indexer.index import groups as groups_module  # noqa: E402
from indexer.index import similarity  # noqa: E402

SEED = 13
BASES = 400                 # base stories (each with three copies)
COPIES_PER_BASE = 3
SAME_TOPIC_PER_BASE = 2
KINDS = ("headline", "trim", "byline", "boilerplate", "edit", "extend", "mixed")
OUTLETS = ("AP News", "ABC News", "The Independent", "Yahoo News", "The Star", "Daily Herald",
           "Morning Post", "CityWire")
BYLINES = ("By {name}, Reuters", "By {name}", "{name}, Staff Writer", "By {name} and {other} | Reuters")
NAMES = ("Jane Smith", "Carlos Ruiz", "Amina Yusuf", "Tom Becker", "Li Wei", "Sarah O'Neill")
BOILERPLATE = (
    "Copyright 1987 Reuters. All rights reserved. This material may not be published, broadcast, "
    "rewritten or redistributed.",
    "(Reporting by {name}; Editing by {other})",
    "Additional reporting by {name} in London and {other} in New York.",
    "Sign up for our morning newsletter to get the day's top business stories in your inbox.",
    "This story has been corrected to show the company's full name.",
)
SPELLINGS = (("centre", "center"), ("labour", "labor"), ("pct", "percent"), ("programme", "program"),
             ("favour", "favor"), ("dlrs", "dollars"), ("mln", "million"), ("said", "stated"))
SAME_PARAGRAPH = 80         # rapidfuzz ratio of two versions of one paragraph
SAME_LEAD = 60
PREFIX_WORDS = 3

_WORD = re.compile(r"\w+")


@dataclass
class Doc:
    """One document of the labelled set."""

    key: str                    # unique name
    label: str                  # the true group
    kind: str                   # "original", a copy kind, "topic" or "developing"
    date: str
    topic: str
    paragraphs: list[str]
    developing_with: list[str] = field(default_factory=list)   # keys of its developing partners

    @property
    def split(self) -> str:
        return "tuning" if int(self.date[-2:]) % 2 else "held-out"


@dataclass(frozen=True)
class Text:
    """A Reuters story with its paragraphs cut once (``reuters.Story`` cuts them at each use)."""

    newid: int
    date: str | None
    title: str
    paragraphs: list[str]
    kind: str
    topics: tuple[str, ...]

    @classmethod
    def of(cls, story: reuters.Story) -> "Text":
        return cls(story.newid, story.date, story.title, story.paragraphs, story.kind, story.topics)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def usable(story: reuters.Story) -> bool:
    return (story.kind == "NORM" and bool(story.date) and len(story.paragraphs) >= 3
            and len(_words(" ".join(story.paragraphs))) >= 60 and not story.title.startswith("CORRECTED"))


def _kept_share(longer: list[str], other: list[str]) -> float:
    """The share of ``longer``'s words in paragraphs that ``other`` also has (as is or lightly
    edited: a ``rapidfuzz`` ratio of at least :data:`SAME_PARAGRAPH`)."""
    total = kept = 0
    others = [p.lower() for p in other]
    for paragraph in longer:
        size = len(_words(paragraph))
        total += size
        if others and process.extractOne(paragraph.lower(), others, scorer=fuzz.ratio,
                                         score_cutoff=SAME_PARAGRAPH) is not None:
            kept += size
    return kept / total if total else 1.0


def developing_pairs(stories: list[reuters.Story]) -> list[tuple[reuters.Story, reuters.Story]]:
    """Consecutive same-day stories with the same headline start and lead, of which the longer one
    has at least half of its words in paragraphs the other lacks (added or rewritten)."""
    by_prefix: dict[tuple, list[reuters.Story]] = defaultdict(list)
    for story in stories:
        if usable(story):
            by_prefix[(tuple(_words(story.title)[:PREFIX_WORDS]), story.date)].append(story)
    pairs = []
    for run in by_prefix.values():
        run.sort(key=lambda s: s.newid)
        for a, b in zip(run, run[1:]):
            if fuzz.ratio(a.paragraphs[0].lower(), b.paragraphs[0].lower()) < SAME_LEAD:
                continue
            longer, shorter = (a, b) if len(" ".join(a.paragraphs)) >= len(" ".join(b.paragraphs)) else (b, a)
            if _kept_share(longer.paragraphs, shorter.paragraphs) <= 0.5:
                pairs.append((a, b))
    return pairs


def resent(stories: list[reuters.Story], pool: list[reuters.Story]) -> set[int]:
    """The stories of ``pool`` whose lead paragraph another story of the same day also has (a
    ``rapidfuzz`` ratio of at least :data:`SAME_PARAGRAPH`): Reuters sent them twice."""
    leads: dict[str, list[reuters.Story]] = defaultdict(list)
    for story in stories:
        if story.paragraphs and story.date:
            leads[story.date].append(story)
    out = set()
    for story in pool:
        lead = story.paragraphs[0].lower()
        for other in leads[story.date]:
            if other.newid != story.newid and fuzz.ratio(lead, other.paragraphs[0].lower(),
                                                         score_cutoff=SAME_PARAGRAPH):
                out.add(story.newid)
                break
    return out


def _edit(paragraphs: list[str], rng: random.Random, edits: int) -> list[str]:
    """``edits`` small word edits at random places: a typo, a spelling, a word added or dropped."""
    out = [p.split() for p in paragraphs]
    for _ in range(edits):
        n = rng.randrange(len(out))
        words = out[n]
        if len(words) < 4:
            continue
        i = rng.randrange(len(words))
        word = words[i]
        choice = rng.randrange(4)
        swapped = next(((a, b) for a, b in SPELLINGS if a in word.lower()), None)
        if choice == 0 and swapped:
            words[i] = word.lower().replace(*swapped)
        elif choice == 1 and len(word) > 3:
            j = rng.randrange(len(word) - 1)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2:]
        elif choice == 2:
            words.insert(i, rng.choice(("also", "now", "reportedly", "then")))
        else:
            del words[i]
    return [" ".join(words) for words in out]


def make_copy(story: reuters.Story, kind: str, rng: random.Random, extra: list[str]) -> list[str]:
    """The paragraphs of a republished copy of ``story`` changed by ``kind``."""
    paras = list(story.paragraphs)
    name, other = rng.sample(NAMES, 2)

    def trim(ps):
        cut = rng.randint(1, max(1, int(len(ps) * 0.4)))
        return ps[:len(ps) - cut]

    if kind == "trim":
        paras = trim(paras)
    elif kind == "byline":
        paras = [rng.choice(BYLINES).format(name=name, other=other)] + paras
    elif kind == "boilerplate":
        paras = paras + [rng.choice(BOILERPLATE).format(name=name, other=other)]
    elif kind == "edit":
        paras = _edit(paras, rng, rng.randint(2, 5))
    elif kind == "extend":
        paras = paras + [rng.choice(extra)] if extra else paras
    elif kind == "mixed":
        paras = _edit([rng.choice(BYLINES).format(name=name, other=other)] + trim(paras), rng, rng.randint(1, 3))
    return paras


def build_set(stories: list[reuters.Story], seed: int = SEED, bases: int = BASES) -> list[Doc]:
    """The labelled documents (see the module docstring)."""
    rng = random.Random(seed)
    developing = developing_pairs(stories)
    in_developing = {s.newid for pair in developing for s in pair}
    pool = [s for s in stories if usable(s) and s.topics and s.newid not in in_developing]
    twice = resent(stories, pool)
    pool = [s for s in pool if s.newid not in twice]
    by_topic_day: dict[tuple, list[reuters.Story]] = defaultdict(list)
    for story in pool:
        by_topic_day[(story.topics[0], story.date)].append(story)
    candidates = [s for s in pool if len(by_topic_day[(s.topics[0], s.date)]) > SAME_TOPIC_PER_BASE]
    rng.shuffle(candidates)
    used: set[int] = set()
    docs: list[Doc] = []
    for base in candidates:
        if len([d for d in docs if d.kind == "original"]) >= bases:
            break
        if base.newid in used:
            continue
        topic = base.topics[0]
        others = [s for s in by_topic_day[(topic, base.date)] if s.newid != base.newid and s.newid not in used]
        if len(others) < SAME_TOPIC_PER_BASE:
            continue
        neighbours = rng.sample(others, SAME_TOPIC_PER_BASE)
        used.update([base.newid] + [s.newid for s in neighbours])
        label = f"r{base.newid}"
        docs.append(Doc(label, label, "original", base.date, topic, list(base.paragraphs)))
        extra = [p for s in others for p in s.paragraphs[1:] if s not in neighbours]
        for n, kind in enumerate(rng.sample(KINDS, COPIES_PER_BASE)):
            docs.append(Doc(f"{label}-{kind}", label, kind, base.date, topic, make_copy(base, kind, rng, extra)))
        for story in neighbours:
            docs.append(Doc(f"r{story.newid}", f"r{story.newid}", "topic", story.date, topic, list(story.paragraphs)))
    for a, b in developing:
        for story, partner in ((a, b), (b, a)):
            key = f"r{story.newid}"
            found = next((d for d in docs if d.key == key), None)
            if found is None:
                found = Doc(key, key, "developing", story.date, (story.topics or ("",))[0], list(story.paragraphs))
                docs.append(found)
            found.developing_with.append(f"r{partner.newid}")
    return docs


# -- measuring -------------------------------------------------------------------------------------

def exact_pairs(docs: list[Doc]) -> tuple[dict, list]:
    """The sketch of every document and the LSH candidate pairs with their exact (Jaccard, containment)."""
    sketches = {d.key: similarity.sketch(d.paragraphs) for d in docs}
    keys = [d.key for d in docs if sketches[d.key].groupable]
    bands = groups_module.band_keys(np.stack([sketches[k].signature for k in keys]))
    scored = []
    for i, j in groups_module.candidate_pairs(bands):
        jac, con = similarity.overlap(sketches[keys[i]].shingles, sketches[keys[j]].shingles)
        scored.append((keys[i], keys[j], jac, con))
    return sketches, scored


def grouped(docs: list[Doc], links) -> dict[str, str]:
    return groups_module.components([d.key for d in docs], links)


def _pairs_of(assignment: dict[str, str]) -> set[tuple[str, str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for key, group in assignment.items():
        members[group].append(key)
    return {tuple(sorted(p)) for keys in members.values() for p in combinations(keys, 2)}


def score(docs: list[Doc], predicted: dict[str, str]) -> dict:
    """Pair precision and recall, recall per copy kind, and the negatives grouped per class."""
    truth = _pairs_of({d.key: d.label for d in docs})
    found = _pairs_of({d.key: predicted[d.key] for d in docs})
    tp = len(truth & found)
    kind_of = {d.key: d.kind for d in docs}
    out = {"documents": len(docs), "true_pairs": len(truth), "predicted_pairs": len(found),
           "precision": tp / len(found) if found else 1.0, "recall": tp / len(truth) if truth else 1.0}
    out["f1"] = 2 * out["precision"] * out["recall"] / ((out["precision"] + out["recall"]) or 1)
    for kind in KINDS:
        relevant = {p for p in truth if kind in (kind_of[p[0]], kind_of[p[1]])
                    and "original" in (kind_of[p[0]], kind_of[p[1]])}
        if relevant:
            out[f"recall_{kind}"] = len(relevant & found) / len(relevant)
    keys = {d.key for d in docs}
    dev_pairs = {tuple(sorted((d.key, other))) for d in docs for other in d.developing_with if other in keys}
    out["developing_pairs"] = len(dev_pairs)
    out["developing_grouped"] = len(dev_pairs & found)
    topic_of = {d.key: (d.topic, d.date) for d in docs}
    same_topic = {p for p in found - truth if topic_of[p[0]] == topic_of[p[1]]}
    out["same_topic_grouped"] = len(same_topic - dev_pairs)
    out["false_pairs"] = len(found - truth)
    return out


def by_split(docs: list[Doc]) -> dict[str, list[Doc]]:
    out: dict[str, list[Doc]] = {"held-out": [], "tuning": []}
    for d in docs:
        out[d.split].append(d)
    return out


def rules() -> list[tuple[str, object]]:
    """The rules compared by ``--sweep``: Jaccard alone, containment alone, and the combined rule."""
    out = [(f"jaccard>={t:.2f}", lambda j, c, t=t: j >= t) for t in (0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8)]
    out += [(f"containment>={t:.2f}", lambda j, c, t=t: c >= t) for t in (0.7, 0.8, 0.9, 0.95)]
    for jmin in (0.5, 0.6):
        for cmin in (0.8, 0.9):
            for floor in (0.3, 0.4):
                out.append((f"J>={jmin} or (C>={cmin} and J>={floor})",
                            lambda j, c, a=jmin, b=cmin, f=floor: j >= a or (c >= b and j >= f)))
    return out


def evaluate(data: Path, sweep: bool = False) -> list[dict]:
    """The rows of ``make eval``: held-out (headline) and tuning figures of Clippings' rule."""
    folder = Path(data) / "reuters21578" if (Path(data) / "reuters21578").is_dir() else Path(data)
    docs = build_set([Text.of(story) for story in reuters.read_collection(folder)])
    sketches, scored = exact_pairs(docs)
    rows = []
    for split, members in by_split(docs).items():
        keys = {d.key for d in members}
        state = groups_module.GroupState()
        state.add({d.key: ("", sketches[d.key]) for d in members})
        predicted = state.groups()
        figures = score(members, predicted)
        row = {"task": "grouping", "system": "clippings", "data": f"reuters copies, {split} half",
               "developed_on": split == "tuning", **figures}
        if split == "tuning":
            row["gold"] = "tuning half"     # no verdict: the thresholds were chosen on it
        row["note"] = (f"{split}: {figures['documents']} docs, {figures['true_pairs']} copy pairs, "
                       f"{figures['developing_grouped']}/{figures['developing_pairs']} developing pairs grouped, "
                       f"{figures['same_topic_grouped']} same-topic pairs grouped")
        rows.append(row)
        if sweep:
            print(f"\n{split}: {len(members)} documents", file=sys.stderr)
            for name, rule in rules():
                links = [(a, b) for a, b, j, c in scored if a in keys and b in keys
                         and sketches[a].groupable and sketches[b].groupable and rule(j, c)]
                f = score(members, grouped(members, links))
                kinds = " ".join(f"{k[:4]}={f.get('recall_' + k, 0):.2f}" for k in KINDS)
                print(f"  {name:<34} P={f['precision']:.3f} R={f['recall']:.3f} "
                      f"dev={f['developing_grouped']}/{f['developing_pairs']} topic={f['same_topic_grouped']} "
                      f"{kinds}", file=sys.stderr)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--sweep", action="store_true", help="print every rule and threshold on both halves")
    args = parser.parse_args(argv)
    for row in evaluate(args.data, sweep=args.sweep):
        print({k: (round(v, 3) if isinstance(v, float) else v) for k, v in row.items()})
    return 0


if __name__ == "__main__":
    sys.exit(main())
