"""A made corpus for comparing the two backends: seeded, varied dates, outlets, speakers and words.

Plain-text articles in the corpus format the indexer reads (header lines
for date and outlet, quoted passages for speakers), with accents, numbers
with separators, abbreviations, repeated and rare words, undated articles
and articles without an outlet or a speaker.
"""

from __future__ import annotations

import random
from pathlib import Path

OUTLETS = ["Reuters", "reuters", "Kyiv Post", "Le Monde", "Newsweek", None]
PEOPLE = ["Pat Ryder", "Antony Blinken", "Kim Yong-hyun", "José Álvarez", "Sabrina Singh", "Olena Kovalenko"]
WORDS = ("troops soldiers border region Kursk officials talks ceasefire grain exports wheat prices market "
         "shares bank rates inflation tanks drones missiles artillery village city council election vote "
         "minister president report testing tester tested café Zelenskyy naïve résumé U.S. E.U. "
         "11,000 3.5 1,200 2025 legitimate targets winter harvest pipeline sanctions embargo copper "
         "gold oil gas Tuesday Friday summit north south east west crossing bridge river").split()
TEMPLATES = [
    "{a} {b} {c} were reported near the {d}, {e} said on {day}.",
    "The {a} and the {b} of the {c} rose by {n} in {d} trading.",
    "Analysts counted {n} {a} along the {b}, with more {c} expected before {d}.",
    "In the {a}, {b} {c} {d} {e}.",
]


def _sentence(rng: random.Random) -> str:
    words = {k: rng.choice(WORDS) for k in "abcde"}
    return rng.choice(TEMPLATES).format(**words, n=rng.choice(["11,000", "3.5", "1,200", "40", "2025"]),
                                        day=rng.choice(["Tuesday", "Friday"]))


def article(rng: random.Random, i: int) -> str:
    title = f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} {rng.choice(WORDS)} report {i}"
    head = [title]
    if rng.random() < 0.85:
        month = rng.choice([1, 2, 3, 11, 12])
        year = 2025 if month < 4 else 2024
        head.append(f" date {year}-{month:02d}-{rng.randint(1, 28):02d}")
    outlet = rng.choice(OUTLETS)
    if outlet:
        head.append(f" outlet {outlet}")
    passages = [_sentence(rng) + " " + _sentence(rng) for _ in range(rng.randint(1, 4))]
    for person in rng.sample(PEOPLE, rng.choice([0, 0, 1, 2])):
        passages.insert(rng.randint(0, len(passages)), f"\"{_sentence(rng)[:-1]},\" said {person}.")
    return "\n".join(head) + "\n\n" + "\n\n".join(passages) + "\n"


FOREIGN = {
    "de-1.txt": "Truppen an der Grenze\n date 2024-11-20\n outlet Der Spiegel\n\nNordkoreanische Truppen "
                "wurden an der Grenze gesehen, sagten Beamte am Dienstag. Die Soldaten warteten auf Befehle.\n\n"
                "Die Regierung in Berlin beobachtet die Lage genau und spricht von einer gefährlichen Entwicklung.\n",
    "de-2.txt": "Weizenpreise steigen\n date 2024-12-02\n outlet Der Spiegel\n\nDie Preise für Weizen und "
                "Getreide sind in dieser Woche stark gestiegen. Händler erwarten weitere Erhöhungen.\n",
    "fr-1.txt": "Des troupes à la frontière\n date 2024-11-21\n outlet Le Monde\n\nDes troupes nord-coréennes "
                "ont été vues près de la frontière, ont déclaré des responsables mardi. Les soldats attendaient.\n",
}


def write_made_corpus(folder: Path, n: int = 60, seed: int = 14) -> Path:
    """``n`` articles under ``folder`` (made if missing; some in a sub-folder) and three in German
    and French; returns ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        path = folder / ("sub" if i % 7 == 0 else "") / f"made-{i:03d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(article(rng, i), encoding="utf-8")
    for name, text in FOREIGN.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


#: Republished copies of two seed stories (another headline, outlet and date each; one cut by its last
#: paragraphs with a byline on top, undated and without an outlet), written by :func:`write_copies`.
SEED_COPIES = {
    "001_014c2d8a4cbccb0c.txt": [("copies/kyiv-troops.txt", "Thousands of North Korean soldiers reach Kursk", "Kyiv Post",
                                  "2024-11-19", False),
                                 ("copies/brief-troops.txt", "North Korean troops in Kursk", None, None, True)],
    "004_14b8c559e09125d6.txt": [("copies/monde-uniforms.txt", "Des soldats nord-coréens en uniforme russe (English text)",
                                  "Le Monde", "2024-12-20", False)],
}


def seed_paragraphs(path: Path) -> list[str]:
    """The paragraphs of a seed article after its header lines (title, `` date ...`` lines)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    body = [line for line in lines[1:] if not line.startswith(" ")]
    return [p.strip() for p in "\n".join(body).split("\n\n") if p.strip()]


def write_copies(corpus: Path, made: Path | None = None) -> list[str]:
    """Write :data:`SEED_COPIES` beside the seeds in ``corpus``, and with ``made`` (a folder of
    :func:`write_made_corpus`) an exact copy of one made article under another name (a copy
    dated as its original: a tie in date order); returns the paths written."""
    written = []
    for seed, copies in SEED_COPIES.items():
        paragraphs = seed_paragraphs(corpus / seed)
        for relpath, title, outlet, date, cut in copies:
            body = (["By a staff reporter"] + paragraphs[:-2]) if cut else paragraphs
            head = [title] + ([f" outlet {outlet}"] if outlet else []) + ([f" date {date}"] if date else [])
            (corpus / relpath).parent.mkdir(parents=True, exist_ok=True)
            (corpus / relpath).write_text("\n".join(head) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
            written.append(relpath)
    if made is not None:
        original = sorted(made.glob("made-*.txt"), key=lambda p: len(p.read_text(encoding="utf-8")))[-1]
        (made / f"again-{original.name}").write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
        written.append((made / f"again-{original.name}").relative_to(corpus).as_posix())
    return written
