"""Whoosh's public searcher is the judge: Clippings' search gives the same answers on generated queries.

A seeded generator writes a few hundred articles (outlets, speakers,
authors and dates present or absent) in several commits, each its own
segment, and deletes and replaces some; then several hundred generated
queries (words and word pairs drawn from the vocabulary, phrases drawn
from the texts, AND/OR/NOT nests, fields, ``field:*``, dates, wildcards,
fuzzy terms, boosts, hyphenated words) go through ``run_search`` and
through Whoosh's searcher on the same parsed query.  For each: the same
total, the same top ten in the same order up to score ties, the same
scores, the same facet counts and the same newest/oldest order.

The same judge runs on a second, mixed-language index (English, German,
French, Polish and undetermined articles, whose vocabularies overlap and
inflect): there a word is looked up in each language's fields as that
language stems it (``Soldaten`` finds German ``Soldat``), and the totals,
order, scores and every facet, the language facet included, must still be
Whoosh's.

Whoosh scores a wildcard, prefix or fuzzy term that stands for three or
more terms in a segment of at most 5,000 documents with a constant (its
bigger segments sum the terms' scores, as Clippings does), and drops such
a query's boost in a segment where it stands for one term (docs/webapp.md):
for those, the order is judged by Whoosh with its summing union matcher
(``Or.matcher_type``, Whoosh's own switch), and boosted ones on totals
and facets only.  Passages spoken by someone carry a quote, and ``said:``
queries are generated last (the queries before them, and the articles, are
those of before quotes existed).
"""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest
from whoosh import query as wq
from whoosh.query import NullQuery

from indexer.article import Article, Passage, Quote
from indexer.index.analysis import analysis_of, term
from indexer.index import store
from indexer.index.schema import build_schema, to_document
from webapp.index import IndexHolder
from webapp.matching import Matcher, scores
from webapp.params import SearchState
from webapp.query import make_parser, parse_query
from webapp.search import run_search, select

SEED = 10
TOP = 10

VOCAB = ("oil oils price prices priced bank banks banking rate rates interest trade trader trading tariff "
         "grain grains wheat corn coal gas export exports import market markets share shares profit loss "
         "growth crude crud curd cure curb curl kurd dollar yen minister talks port ports ship ships "
         "shipping strike union steel car cars sale sales said told year month week first").split()
JOINED = ("oil-price", "AT&T", "oil/gas", "wheat-corn", "trade/tariff", "U.S.")
OUTLETS = ("Reuters", "AP", "BBC News", "Le Monde", "Newsweek")
PEOPLE = ("Pat Ryder", "Jane Doe", "Kim Yong-hyun", "Sabrina Singh", "Olaf Scholz", "Ana Ruiz")
AUTHORS = ("Maria Lopez", "John Smith", "Li Wei")
ZIPF = [1 / (rank + 1) for rank in range(len(VOCAB))]
#: The mixed index's languages and their words (inflected forms, words shared across languages);
#: None is an article of undetermined language, analysed as English.
MIXED_ENGLISH = VOCAB + ["rat", "rats", "soldier", "soldiers", "die", "gift"]
LANGUAGES = {
    "en": MIXED_ENGLISH,
    None: MIXED_ENGLISH,
    "de": ("soldat soldaten soldaten soldaten preis preise preisen bank banken zins zinsen handel händler "
           "markt märkte öl ölpreis ölpreise regierung regierungen minister ministerin sagte sagten jahr "
           "jahre jahres woche wochen gas kohle weizen streik streiks gewerkschaft stahl auto autos die der "
           "rate raten rat räte gift").split(),
    "fr": ("soldat soldats armée l'armée prix banque banques taux intérêt intérêts commerce marché marchés "
           "pétrole gaz charbon blé grève grèves syndicat acier voiture voitures ministre ministres déclaré "
           "année années semaine la le rate").split(),
    "pl": ("żołnierz żołnierze żołnierzy cena ceny bank banki banku rynek rynki gaz minister ministra rok "
           "roku tydzień strajk stal rate").split(),
}


def word(rng: random.Random, common: bool = True, vocab=VOCAB) -> str:
    if vocab is VOCAB:
        return rng.choices(VOCAB, ZIPF)[0] if common else rng.choice(VOCAB)
    return rng.choices(vocab, [1 / (rank + 1) for rank in range(len(vocab))])[0] if common else rng.choice(vocab)


def text(rng: random.Random, low: int, high: int, vocab=VOCAB) -> str:
    words = [word(rng, vocab=vocab) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words) + 1), rng.choice(JOINED))
    return " ".join(words)


def article(rng: random.Random, n: int, version: int = 0, lang: str | None = "en", vocab=VOCAB) -> Article:
    speakers = rng.sample(PEOPLE, rng.choice((0, 0, 1, 1, 2, 3)))
    passages = [Passage(i + 1, text(rng, 3, 30, vocab), [rng.choice(speakers)] if speakers and rng.random() < 0.5 else [])
                for i in range(rng.randint(1, 5))]
    for p in passages:                     # what the passage's speaker said: all but its first word
        if p.speakers:                     # (no random draw: the articles are those of before quotes)
            start = p.text.find(" ") + 1
            p.quotes = [Quote(start if 0 < start < len(p.text) else 0, len(p.text), p.speakers[0])]
    dated = rng.random() < 0.8
    return Article(
        id=f"a{n:03d}", path=f"a{n:03d}-{version}.txt", title=text(rng, 1, 6, vocab),
        date=f"{rng.choice((2023, 2024))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if dated else None,
        outlet=rng.choice(OUTLETS) if rng.random() < 0.7 else None,
        author=rng.choice(AUTHORS) if rng.random() < 0.4 else None,
        speakers=speakers, passages=passages, lang=lang)


def build(index_dir, rng: random.Random, language) -> tuple:
    """Five commits of 60 articles, two more deleting 15 each and replacing some (a segment each);
    ``language()`` gives each new article's language and vocabulary.  Returns the holder, a snapshot
    and the articles."""
    generation = store.create_generation(index_dir, build_schema(), {"schema": "test"})
    ix = generation.index
    articles: dict[str, Article] = {}
    for batch in range(5):
        writer = ix.writer()
        for n in range(batch * 60, batch * 60 + 60):
            lang, vocab = language()
            articles[f"a{n:03d}"] = a = article(rng, n, lang=lang, vocab=vocab)
            writer.add_document(**to_document(a, "s"))
        writer.commit(merge=False)
        if batch in (2, 4):
            writer = ix.writer()
            for gone in rng.sample(sorted(articles), 15):
                writer.delete_by_term("id", gone)
                if rng.random() < 0.4:                      # replaced by a new version
                    lang, vocab = language()
                    articles[gone] = a = article(rng, int(gone[1:]), version=1, lang=lang, vocab=vocab)
                    writer.add_document(**to_document(a, "s"))
                else:
                    del articles[gone]
            writer.commit(merge=False)
    store.publish(index_dir, generation.name)
    holder = IndexHolder(index_dir)
    snapshot = holder.acquire()
    reader = snapshot.searcher.reader()
    assert len(reader.leaf_readers()) >= 5 and reader.has_deletions()
    assert snapshot.searcher.doc_count() == len(articles)
    return holder, snapshot, articles


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """English articles (the index every query must parse and score as before languages)."""
    holder, snapshot, articles = build(tmp_path_factory.mktemp("parity") / "index", random.Random(SEED),
                                       lambda: ("en", VOCAB))
    yield snapshot, articles
    holder.release(snapshot)
    holder.close()


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    """Articles in English, German, French, Polish (no stemmer) and of undetermined language."""
    rng = random.Random(SEED + 2)

    def language():
        lang = rng.choice(("en", "en", "de", "de", "fr", "pl", None))
        return lang, LANGUAGES[lang]

    holder, snapshot, articles = build(tmp_path_factory.mktemp("mixed") / "index", rng, language)
    yield snapshot, articles
    holder.release(snapshot)
    holder.close()


def generated_queries(articles: dict[str, Article], vocab=VOCAB) -> list[str]:
    """Several hundred queries of every form, from a fixed seed, with words of ``vocab``."""
    rng = random.Random(SEED + 1)
    texts = [a.title.split() + p.text.split() for a in articles.values() for p in a.passages]
    dates = sorted({a.date for a in articles.values() if a.date})
    w = lambda: word(rng, common=rng.random() < 0.7, vocab=vocab)   # noqa: E731
    surname = lambda names: rng.choice(names).split()[-1].lower()   # noqa: E731

    def phrase(size: int) -> str:
        words = rng.choice([t for t in texts if len(t) >= size])
        start = rng.randrange(len(words) - size + 1)
        return '"' + " ".join(words[start:start + size]) + '"'

    def wildcard() -> str:
        t = w()
        return rng.choice((t[:2] + "*", t[:3] + "*", t[0] + "?" + t[2:], "*" + t[-3:], t[:2] + "*" + t[-1]))

    def fuzzy() -> str:
        t = w()
        if rng.random() < 0.4 and len(t) > 3:              # a transposition
            i = rng.randrange(1, len(t) - 2)
            t = t[:i] + t[i + 1] + t[i] + t[i + 2:]
        return t + rng.choice(("~", "~", "~2"))

    def nest(depth: int) -> str:
        if depth == 0:
            return rng.choice((w(), w(), wildcard(), fuzzy(), phrase(2), "title:" + w()))
        a, b = nest(depth - 1), nest(depth - 1)
        return rng.choice((f"({a} OR {b})", f"({a} AND {b})", f"({a} NOT {b})", f"{a} {b}",
                           f"({a} OR NOT {b})", f"({a})^2 {b}"))

    forms = [
        (40, lambda: w()),
        (30, lambda: f"{w()} {w()}"),
        (25, lambda: f"{w()} OR {w()}"),
        (20, lambda: f"{w()} AND {w()}"),
        (20, lambda: f"{w()} NOT {w()}"),
        (8, lambda: f"NOT {w()}"),
        (15, lambda: f"{w()} OR NOT {w()}"),
        (16, lambda: f"{w()} AND {w()} OR {w()}"),
        (15, lambda: f"{w()} OR ({w()} NOT {w()})"),
        (14, lambda: rng.choice((f"({w()} OR {w()}) AND {w()}", f"({w()} OR {w()}) NOT {w()}"))),
        (25, lambda: phrase(rng.choice((2, 2, 3)))),
        (10, lambda: f'"{w()} {w()}"'),
        (6, lambda: f"{phrase(2)} {w()}"),
        (18, lambda: rng.choice((f"{w()}-{w()}", f"{w()}/{w()}", f"{w()}&{w()}", rng.choice(JOINED)))),
        (12, lambda: f"title:{w()}" + rng.choice(("", f" {w()}"))),
        (10, lambda: rng.choice((f"speaker:{surname(PEOPLE)}", f'speaker:"{rng.choice(PEOPLE)}"',
                                f"speaker:{surname(PEOPLE)} {w()}"))),
        (8, lambda: rng.choice((f"outlet:{rng.choice(OUTLETS).split()[0].lower()}", f"outlet:reuters {w()}"))),
        (6, lambda: rng.choice((f"author:{surname(AUTHORS)}", f"author:{surname(AUTHORS)} OR {w()}"))),
        (12, lambda: rng.choice(("speaker:*", "outlet:*", "author:*", "date:*", f"{w()} speaker:*",
                                f"outlet:* NOT {w()}", f"author:* OR {w()}", f"speaker:*^2 {w()}"))),
        (8, lambda: f"date:{rng.choice(dates)}"),
        (6, lambda: f"date:[{min(pair := rng.sample(dates, 2))} TO {max(pair)}]"),
        (8, lambda: rng.choice((f"{w()} OR date:{rng.choice(dates)}", f"{w()} date:{rng.choice(dates)[:7]}*"))),
        (25, wildcard),
        (25, fuzzy),
        (8, lambda: f"{wildcard()} {w()}"),
        (20, lambda: rng.choice((f"{w()}^2 {w()}", f"({w()} OR {w()})^1.5 {w()}", f"title:{w()}^3 {w()}",
                                f"{w()}^0.5 OR {w()}", f"{phrase(2)}^2 {w()}", f"{wildcard()}^2"))),
        (12, lambda: rng.choice((f"{w()} ANDMAYBE {w()}", f"{w()} REQUIRE {w()}", f"{w()} ANDNOT {w()}"))),
        (24, lambda: nest(2)),
        # said: (generated last, so the queries above are those of before it)
        (30, lambda: rng.choice((f"said:{surname(PEOPLE)} {w()}", f'said:"{rng.choice(PEOPLE)}" {w()}',
                                f"said:{surname(PEOPLE)}", f"said:{surname(PEOPLE)}({w()} OR {w()}) {w()}",
                                f"said:{surname(PEOPLE)} {phrase(2)}", f"said:{surname(PEOPLE)} {wildcard()}",
                                f"NOT said:{surname(PEOPLE)} {w()}", f"said:{surname(PEOPLE)} {w()} NOT {w()}",
                                f"{w()} said:{surname(PEOPLE)} {w()} OR {w()}", f"said:{surname(PEOPLE)} {fuzzy()}"))),
    ]
    out = [make() for count, make in forms for _ in range(count)]
    return list(dict.fromkeys(out))       # each query once, in generated order


def _multi_terms(q) -> list[wq.MultiTerm]:
    if isinstance(q, wq.MultiTerm):
        return [q]
    return [m for child in q.children() for m in _multi_terms(child)]


def _has_and_not(q) -> bool:
    return isinstance(q, wq.AndNot) or any(_has_and_not(c) for c in q.children())


def _without_and_not(q):
    """``q`` with each ``a ANDNOT b`` read as ``a AND NOT b`` (the same documents)."""
    if isinstance(q, wq.AndNot):
        return wq.And([_without_and_not(q.a), wq.Not(_without_and_not(q.b))])
    return q.apply(_without_and_not) if q.children() else q


def judge(snapshot, q, summing: bool) -> dict[int, float]:
    """Whoosh's live hits of ``q``: docnum -> score (``summing``: its summing union matcher).

    Two Whoosh bugs are worked around, both letting documents through that
    do not match: its NOT can return a deleted document (the inverse
    matcher does not skip the one right after the negated part's last
    match), and its ANDNOT the first document of the left side in a
    segment when the right side matches it and an earlier one (the
    matcher does not catch the right side up at the start).  So deleted
    documents are left out, and a query with ANDNOT keeps only the
    documents of its reading with AND NOT (Whoosh's ANDNOT scores kept).
    """
    saved = wq.Or.matcher_type
    wq.Or.matcher_type = wq.Or.DEFAULT_MATCHER if summing else wq.Or.AUTO_MATCHER
    try:
        searcher = snapshot.searcher
        hits = {hit.docnum: hit.score for hit in searcher.search(q, limit=None)
                if not searcher.reader().is_deleted(hit.docnum)}
        if _has_and_not(q):
            kept = {hit.docnum for hit in searcher.search(_without_and_not(q), limit=None)}
            hits = {d: score for d, score in hits.items() if d in kept}
        return hits
    finally:
        wq.Or.matcher_type = saved


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def order_problem(ours: list[int], theirs: dict[int, float]) -> str | None:
    """Why ``ours`` is not Whoosh's top ten up to score ties (scores compared with a tolerance)."""
    expected = sorted(theirs, key=lambda d: (-theirs[d], d))[:TOP]
    if len(ours) != len(expected):
        return f"{len(ours)} results on the page, {len(expected)} expected"
    for place, (mine, best) in enumerate(zip(ours, expected), start=1):
        if mine not in theirs:
            return f"#{place} is docnum {mine}, which Whoosh does not match"
        if not close(theirs[mine], theirs[best]):
            return f"#{place} scores {theirs[mine]:.4f} in Whoosh, its #{place} {theirs[best]:.4f}"
    # Score equality place by place makes each tie group wholly on the page the same set of ids;
    # a group cut by the page's end must hold only members of Whoosh's group.
    return None


def facet_problems(result: dict, docs: set[int], stored: dict[int, dict]) -> list[str]:
    """How the page's facet counts differ from counts over Whoosh's result set ``docs``."""
    problems = []
    outlets = Counter(stored[d].get("outlet") or "" for d in docs)
    speakers = Counter(s for d in docs for s in stored[d].get("speakers") or ())
    speakers[""] = sum(1 for d in docs if not stored[d].get("speakers"))
    for name, expected in (("outlet", outlets), ("speaker", speakers)):
        shown = {item["label"]: item["count"] for item in result["facets"][name]}
        wanted = {(v or None): n for v, n in expected.items() if n}
        named = {label: n for label, n in shown.items() if label in wanted}
        if named != {v: n for v, n in wanted.items() if v} or len(shown) != len(wanted):
            problems.append(f"{name} facet {sorted(shown.items())} != {sorted(wanted.items(), key=str)}")
    langs = Counter(stored[d].get("lang") or "~none" for d in docs)
    shown = {item["value"]: item["count"] for item in result["facets"]["lang"]}
    if shown != {v: n for v, n in langs.items() if n}:
        problems.append(f"lang facet {sorted(shown.items())} != {sorted(langs.items())}")
    dates = [stored[d].get("date") for d in docs]
    if result["undated"] != sum(1 for day in dates if not day):
        problems.append(f"undated {result['undated']} != {sum(1 for day in dates if not day)}")
    for bucket in result["facets"]["date"]:
        count = sum(1 for day in dates if day and bucket["from"] <= day <= bucket["to"])
        if bucket["count"] != count:
            problems.append(f"date bucket {bucket['from']}..{bucket['to']}: {bucket['count']} != {count}")
    if sum(b["count"] for b in result["facets"]["date"]) != sum(1 for day in dates if day):
        problems.append("the date buckets do not add up to the dated results")
    return problems


def date_order_problem(ours: list[int], docs: set[int], stored: dict[int, dict], newest: bool) -> str | None:
    """Whether ``ours`` is the first page of Whoosh's results by date (undated last), up to date ties."""
    dated = sorted((d for d in docs if stored[d].get("date")), key=lambda d: stored[d]["date"], reverse=newest)
    expected = [stored[d].get("date") for d in dated + sorted(d for d in docs if not stored[d].get("date"))][:TOP]
    got = [stored[d].get("date") for d in ours]
    if got != expected or not set(ours) <= docs:
        return f"dates {got} != {expected}"
    return None


def test_the_generated_queries_cover_every_form(corpus):
    queries = generated_queries(corpus[1])
    assert len(queries) >= 350
    for needle in (" OR NOT ", "speaker:*", "author:*", "outlet:*", "date:[", "~2", "*", "?", "^", '"',
                   "ANDMAYBE", "REQUIRE", "-", "/", "&", "said:", 'said:"'):
        assert any(needle in q for q in queries), needle


def disagreements(snapshot, articles: dict[str, Article], queries: list[str]) -> tuple[list[str], int]:
    """How Clippings' answers to ``queries`` differ from Whoosh's (one line per query), and on how
    many queries the order and scores were judged."""
    searcher = snapshot.searcher
    live = snapshot.columns.live
    stored = {d: searcher.stored_fields(d) for d in live}
    docnum_of = {fields["id"]: d for d, fields in stored.items()}
    failures: list[str] = []
    checked_order = 0
    for number, text in enumerate(queries):
        parsed = parse_query(text, snapshot.schema, snapshot.columns.analyses, snapshot.speakers)
        q = wq.Every() if parsed.browse else parsed.query
        theirs = judge(snapshot, q, summing=False)
        result = run_search(snapshot, SearchState(q=text))
        problems = []
        if result["total"] != len(theirs):
            problems.append(f"total {result['total']} != Whoosh's {len(theirs)}")
        ours = [docnum_of[r["id"]] for r in result["results"]]
        multi = _multi_terms(q)
        if not any(m.boost != 1.0 for m in multi):
            checked_order += 1
            judged = judge(snapshot, q, summing=True) if multi else theirs
            problem = order_problem(ours, judged)
            if problem:
                problems.append(problem)
            if ours and not parsed.browse:
                mine = scores(snapshot, q, set(ours), Matcher(searcher, live))
                off = [d for d in ours if d in judged and not close(mine[d], judged[d])]
                if off:
                    problems.append(f"scores {[(round(mine[d], 4), round(judged[d], 4)) for d in off[:3]]}")
        problems += facet_problems(result, set(theirs), stored)
        if number % 3 == 0:
            for sort in ("newest", "oldest"):
                page = run_search(snapshot, SearchState(q=text, sort=sort))["results"]
                problem = date_order_problem([docnum_of[r["id"]] for r in page], set(theirs), stored,
                                             newest=sort == "newest")
                if problem:
                    problems.append(f"{sort}: {problem}")
        if problems:
            failures.append(f"{text!r} ({q}): " + "; ".join(problems))
    return failures, checked_order


def test_clippings_answers_as_whoosh_does(corpus):
    snapshot, articles = corpus
    queries = generated_queries(articles)
    failures, checked_order = disagreements(snapshot, articles, queries)
    said_found = sum(1 for text in queries if text.startswith("said:") and run_search(snapshot, SearchState(q=text))["total"])
    assert checked_order >= 300 and said_found >= 10
    assert not failures, f"{len(failures)} queries disagree with Whoosh:\n" + "\n".join(failures[:40])


def test_an_english_index_parses_every_query_as_before_languages(corpus):
    """No language but English: no language field is searched, the query is the one it always was."""
    snapshot, articles = corpus
    assert snapshot.columns.analyses == ()
    for text in generated_queries(articles):
        query = parse_query(text, snapshot.schema, snapshot.columns.analyses).query
        assert query == make_parser(snapshot.schema).parse(text) or query is NullQuery or \
            parse_query(text, snapshot.schema).reading or "said:" in text, text     # said: is rewritten
        assert not any(name.partition("_")[2] for name in _fieldnames(query)), text


def _fieldnames(q) -> set[str]:
    names = {q.fieldname} if getattr(q, "fieldname", None) else set()
    return names.union(*(_fieldnames(c) for c in q.children())) if q is not None else names


def test_a_mixed_language_index_answers_as_whoosh_does(mixed):
    snapshot, articles = mixed
    assert snapshot.columns.analyses == ("de", "fr", "plain")
    vocab = [w for words in LANGUAGES.values() for w in words if w not in JOINED]
    queries = generated_queries(articles, vocab)
    failures, checked_order = disagreements(snapshot, articles, queries)
    assert checked_order >= 300
    assert not failures, f"{len(failures)} queries disagree with Whoosh:\n" + "\n".join(failures[:40])


def test_a_word_is_looked_up_as_each_language_present_stems_it(mixed):
    snapshot, articles = mixed

    def found(q: str) -> set[str]:
        return {snapshot.searcher.stored_fields(d)["id"] for d in select(snapshot, SearchState(q=q)).final}

    def holding(word: str) -> set[str]:
        """The articles with a word that their language's analysis makes ``word``'s term."""
        return {a.id for a in articles.values()
                if term(word, analysis_of(a.lang)) in {term(w, analysis_of(a.lang)) for w in a.text.split()}}

    german = {a.id for a in articles.values() if a.lang == "de" and "soldat" in a.text.split()}
    assert german and german <= found("body:Soldaten")         # "Soldat" alone, found by "Soldaten"
    for word in ("soldaten", "rates", "gift", "die", "armee"):
        assert found(f"body:{word}") == holding(word), word
    assert {articles[i].lang for i in found("body:rates")} >= {"en", "de"}     # "rate" and German "Rat"
