"""Groups of copies: the similarity rule, LSH candidates (datasketch as the judge), components, the
group state, and the grouping step of update and rebuild (copies, non-copies, developing stories,
incremental additions, changes and deletions, order independence)."""

from __future__ import annotations

import random
import shutil

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from indexer.index import groups, similarity, store
from indexer.index.columns import column_values
from indexer.sync import update
from indexer.sync.update import run

WORDS = ("harbour cargo minister ferry council budget drought tariff senate river vote strike wheat "
         "bank shares pipeline rebels village court judge police storm airport refinery miners union "
         "export subsidy railway election coalition mayor hospital vaccine school teachers copper "
         "gold reserve inflation treaty border troops convoy embassy talks ceasefire harvest flood").split()


def paragraph(rng: random.Random, words: int = 40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def story(seed: int, paragraphs: int = 6) -> list[str]:
    rng = random.Random(seed)
    return [paragraph(rng) for _ in range(paragraphs)]


def text_file(title: str, paras: list[str], outlet: str = "Wire") -> str:
    return f"{title}\n outlet {outlet}\n\n" + "\n\n".join(paras) + "\n"


def sk(paras: list[str]) -> similarity.Sketch:
    return similarity.sketch(paras)


# -- the rule ----------------------------------------------------------------------------------------

BASE = story(1, 8)


@pytest.mark.parametrize("copy", [
    BASE,                                                     # another headline: the text is the same
    BASE[:-2],                                                # the last two of eight paragraphs dropped
    ["By Jane Smith, Associated Press"] + BASE,               # a byline
    BASE + ["Copyright 2024 The Associated Press. All rights reserved. This material may not be published."],
    [BASE[0].replace("harbour", "harbor", 1)] + BASE[1:3] + [BASE[3][:-1] + " said officials."] + BASE[4:],
    ["By Staff"] + BASE[:-1] + [paragraph(random.Random(99))],   # byline, last paragraph replaced
], ids=["headline", "trimmed", "byline", "boilerplate", "edited", "mixed"])
def test_copies_are_copies(copy):
    assert similarity.is_copy(sk(BASE), sk(copy))
    assert similarity.is_copy(sk(copy), sk(BASE))


def test_distinct_stories_on_one_topic_are_not_copies():
    assert not similarity.is_copy(sk(story(1)), sk(story(2)))


def test_a_developing_story_is_not_a_copy():
    """The update keeps the lead and two paragraphs, and adds or rewrites the rest."""
    first = story(3, 6)
    update_ = first[:3] + story(4, 5)
    jaccard, containment = similarity.overlap(sk(first).shingles, sk(update_).shingles)
    assert 0.2 < jaccard < similarity.JACCARD_MIN
    assert not similarity.is_copy(sk(first), sk(update_))


def test_an_update_that_only_adds_is_not_a_copy():
    """Containment would call it a copy (the first version is all in it); Jaccard does not."""
    first = story(5, 4)
    later = first + story(6, 5)
    assert similarity.overlap(sk(first).shingles, sk(later).shingles)[1] == 1.0
    assert not similarity.is_copy(sk(first), sk(later))


def test_short_texts_are_never_grouped():
    short = ["Markets closed early on Friday."]
    assert not sk(short).groupable
    assert not similarity.is_copy(sk(short), sk(short))


def test_shingles_ignore_case_and_punctuation():
    assert np.array_equal(similarity.shingles(["The Cargo, the ferry; THE harbour river vote!"]),
                          similarity.shingles(["the cargo the ferry the harbour river vote"]))


def test_overlap_is_the_set_arithmetic_of_the_word_runs():
    """The judge: Python's sets over the 5-word runs themselves (strings, not hashes) give the same
    Jaccard similarity and containment as the hashed, NumPy version, for texts near and far."""
    def runs(paras):
        found = similarity.words(paras)
        return {tuple(found[i:i + similarity.SHINGLE_WORDS]) for i in range(len(found) - similarity.SHINGLE_WORDS + 1)}
    rng = random.Random(3)
    for n in range(30):
        base = story(300 + n, 4)
        other = base[:rng.randint(0, 4)] + story(400 + n, rng.randint(0, 3))
        a, b = runs(base), runs(other)
        shared = len(a & b)
        jaccard, containment = similarity.overlap(sk(base).shingles, sk(other).shingles)
        assert len(sk(base).shingles) == len(a)                    # no two runs hashed alike here
        assert jaccard == pytest.approx(shared / len(a | b) if b else 0.0)
        assert containment == pytest.approx(shared / min(len(a), len(b)) if b else 0.0)


# -- LSH ---------------------------------------------------------------------------------------------

def test_banding_finds_what_datasketch_minhashlsh_finds():
    """The judge: datasketch's own MinHashLSH with the same bands gives the same candidates."""
    rng = random.Random(7)
    texts = []
    for n in range(40):
        base = story(100 + n, 5)
        texts += [base, base[:rng.randint(2, 5)] + story(200 + n, rng.randint(0, 3))]
    sketches = [sk(t) for t in texts]
    mine = groups.candidate_pairs(groups.band_keys(np.stack([s.signature for s in sketches])))
    lsh = MinHashLSH(num_perm=similarity.NUM_PERM, params=(groups.BANDS, groups.ROWS))
    minhashes = [MinHash(num_perm=similarity.NUM_PERM, seed=similarity.SEED, hashvalues=s.signature,
                         scheme="affine32") for s in sketches]
    for n, minhash in enumerate(minhashes):
        lsh.insert(n, minhash)
    theirs = {(min(n, m), max(n, m)) for n, minhash in enumerate(minhashes) for m in lsh.query(minhash) if m != n}
    assert mine == theirs and len(mine) >= 30
    some = [0, 7, 30]
    assert groups.candidate_pairs(groups.band_keys(np.stack([s.signature for s in sketches])), some) == \
        {p for p in theirs if p[0] in some or p[1] in some}


def test_signatures_do_not_depend_on_the_run():
    """Seeded permutations: a signature computed today matches one computed in another process."""
    assert similarity.signature(np.array([1, 2, 3], dtype=np.uint32)).tolist() == \
        similarity.signature(np.array([3, 2, 1], dtype=np.uint32)).tolist()


@pytest.mark.parametrize("size", [0, 1, 3, 250, 4095, 4096, 4097, 9000])
def test_signatures_are_datasketch_minhash_signatures(size):
    """The judge: datasketch's MinHash (affine32, the shingles as hash values) gives the same signature,
    bit for bit, for sets of any size (across the blocks the NumPy version works in)."""
    values = np.unique(np.random.default_rng(size).integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32))
    minhash = MinHash(num_perm=similarity.NUM_PERM, seed=similarity.SEED, hashfunc=int, scheme="affine32")
    minhash.update_batch(values.tolist())
    assert similarity.signature(values).dtype == np.uint32
    assert similarity.signature(values).tolist() == minhash.hashvalues.tolist()


def test_real_text_signatures_are_datasketch_minhash_signatures():
    for paras in (BASE, story(2), ["Markets closed early on Friday."]):
        found = sk(paras)
        minhash = MinHash(num_perm=similarity.NUM_PERM, seed=similarity.SEED, hashfunc=int, scheme="affine32")
        minhash.update_batch(found.shingles.tolist())
        assert found.signature.tolist() == minhash.hashvalues.tolist()


# -- components and the state -------------------------------------------------------------------------

def test_components_take_the_smallest_id_and_follow_chains():
    found = groups.components(["d", "c", "b", "a", "e"], [("c", "d"), ("b", "d")])
    assert found == {"a": "a", "b": "b", "c": "b", "d": "b", "e": "e"}


def test_group_state_links_removes_and_round_trips(tmp_path):
    state = groups.GroupState()
    state.add({"x": ("1", sk(BASE)), "y": ("2", sk(BASE[:-1])), "z": ("3", sk(story(9)))})
    assert state.groups() == {"x": "x", "y": "x", "z": "z"}
    groups.save(tmp_path, state)
    loaded = groups.load(tmp_path)
    assert loaded.groups() == state.groups() and loaded.shas == state.shas
    assert np.array_equal(loaded.sketches["y"].shingles, state.sketches["y"].shingles)
    assert loaded.stale({"x": "1", "y": "changed", "new": "4"}) == ["y", "new"]
    assert set(loaded.sketches) == {"x"} and not loaded.links


def test_a_damaged_state_is_reported(tmp_path):
    (tmp_path / groups.FILE).write_bytes(b"not a numpy file")
    with pytest.raises(groups.BadGroupState):
        groups.load(tmp_path)


# -- the grouping step of update and rebuild -----------------------------------------------------------

def index_groups(index_dir) -> dict[str, str]:
    """path -> group, from the index's columns (what the web app reads)."""
    generation = store.open_current(index_dir)
    with generation.index.reader() as reader:
        paths, idents, found = (column_values(reader, f) for f in ("path", "id", "group"))
        by_id = {idents[d]: paths[d] for d in reader.all_doc_ids()}
        return {paths[d]: by_id[found[d]] for d in reader.all_doc_ids()}


@pytest.fixture
def wire(make_corpus):
    return make_corpus({
        "ap.txt": text_file("Ferry strike spreads", BASE, "AP News"),
        "abc.txt": text_file("Strike hits ferries", ["By Jane Smith"] + BASE[:-2], "ABC News"),
        "other.txt": text_file("Drought budget", story(2), "Wire"),
        "update.txt": text_file("Ferry strike spreads: talks fail", BASE[:3] + story(40, 6), "AP News"),
    })


def test_update_groups_copies_and_not_the_rest(wire, index_dir):
    report = run(wire, index_dir)
    assert report.rebuilt and report.regrouped == 0          # a rebuild writes each document once, final
    assert index_groups(index_dir) == {"ap.txt": "abc.txt", "abc.txt": "abc.txt", "other.txt": "other.txt",
                                       "update.txt": "update.txt"}


def test_incremental_join_change_and_delete(wire, index_dir):
    run(wire, index_dir)
    (wire / "indy.txt").write_text(text_file("Ferries halted", BASE + ["Additional reporting by Tom."], "Indy"))
    report = run(wire, index_dir)
    assert report.added == ["indy.txt"] and report.unchanged == 4 and report.regrouped == 0
    assert index_groups(index_dir)["indy.txt"] == "abc.txt"
    (wire / "abc.txt").unlink()                       # the article that named the group leaves it
    report = run(wire, index_dir)
    assert report.removed == ["abc.txt"] and report.regrouped == 2       # both copies: their group id changed
    found = index_groups(index_dir)
    assert found["ap.txt"] == found["indy.txt"] == min(("ap.txt", "indy.txt"), key=_id_of(index_dir))
    (wire / "indy.txt").write_text(text_file("Ferries halted", story(77), "Indy"))   # now another story
    run(wire, index_dir)
    found = index_groups(index_dir)
    assert found["indy.txt"] == "indy.txt" and found["ap.txt"] == "ap.txt"


def _id_of(index_dir):
    generation = store.open_current(index_dir)
    with generation.index.reader() as reader:
        paths, idents = column_values(reader, "path"), column_values(reader, "id")
        table = {paths[d]: idents[d] for d in reader.all_doc_ids()}
    return table.__getitem__


def test_a_bridge_article_joins_and_splits_a_group(make_corpus, index_dir):
    """A ~ B and B ~ C but not A ~ C: one group while B is there, two when it goes."""
    a = story(50, 10)
    b = a[:7] + story(51, 3)
    c = b[3:] + story(52, 3)
    assert similarity.is_copy(sk(a), sk(b)) and similarity.is_copy(sk(b), sk(c)) and not similarity.is_copy(sk(a), sk(c))
    corpus = make_corpus({"a.txt": text_file("A", a), "c.txt": text_file("C", c)})
    run(corpus, index_dir)
    assert index_groups(index_dir) == {"a.txt": "a.txt", "c.txt": "c.txt"}
    (corpus / "b.txt").write_text(text_file("B", b))
    report = run(corpus, index_dir)
    assert set(index_groups(index_dir).values()) == {"a.txt"} and report.regrouped == 1
    (corpus / "b.txt").unlink()
    run(corpus, index_dir)
    assert index_groups(index_dir) == {"a.txt": "a.txt", "c.txt": "c.txt"}


def test_updates_and_a_rebuild_give_the_same_groups(make_corpus, tmp_path):
    """Order independence: the files added one run at a time, in two orders, and all at once."""
    base = story(60, 8)
    files = {
        "w1.txt": text_file("1", base), "w2.txt": text_file("2", base[:-2]),
        "w3.txt": text_file("3", ["By X"] + base), "w4.txt": text_file("4", base[2:] + story(61, 1)),
        "x1.txt": text_file("x", story(62)), "x2.txt": text_file("y", story(62)[:5]),
        "z.txt": text_file("z", story(63)),
    }
    results = []
    for order in (sorted(files), sorted(files, reverse=True), None):
        corpus = tmp_path / f"corpus-{len(results)}"
        index_dir = tmp_path / f"index-{len(results)}"
        corpus.mkdir()
        if order is None:
            for name, content in files.items():
                (corpus / name).write_text(content)
            run(corpus, index_dir)
        else:
            for name in order:
                (corpus / name).write_text(files[name])
                run(corpus, index_dir)
        results.append(index_groups(index_dir))
    assert results[0] == results[1] == results[2]
    assert len(set(results[0].values())) == 3          # the w story, the x story, z


def stored_documents(index_dir) -> dict[str, dict]:
    with store.open_current(index_dir).index.searcher() as searcher:
        return {fields["path"]: fields for fields in searcher.all_stored_fields()}


def test_a_rebuild_writes_each_document_once_as_updates_leave_it(wire, index_dir, tmp_path):
    """The rebuild's documents carry their groups from the start: one segment, nothing deleted (a
    rewrite would leave both, and every search would pay for them), and the same stored documents
    as the files added one update at a time."""
    run(wire, index_dir)
    with store.open_current(index_dir).index.reader() as reader:
        assert len(list(reader.leaf_readers())) == 1 and reader.doc_count() == reader.doc_count_all() == 4
    stepwise, index = tmp_path / "stepwise", tmp_path / "stepwise-index"
    stepwise.mkdir()
    for path in sorted(p.name for p in wire.iterdir()):
        (stepwise / path).write_bytes((wire / path).read_bytes())
        run(stepwise, index)
    assert stored_documents(index) == stored_documents(index_dir)
    assert stored_documents(index_dir)["ap.txt"]["group"] != stored_documents(index_dir)["ap.txt"]["id"]


def test_update_reads_no_unchanged_file_to_group(wire, index_dir, monkeypatch):
    run(wire, index_dir)
    read = []
    real = update.outcomes

    def spy(corpus, tasks, *args, **kwargs):
        read.extend(t.relpath for t in tasks)
        return real(corpus, tasks, *args, **kwargs)

    monkeypatch.setattr(update, "outcomes", spy)
    (wire / "indy.txt").write_text(text_file("Ferries halted", BASE, "Indy"))
    run(wire, index_dir)
    assert read == ["indy.txt"] and index_groups(index_dir)["indy.txt"] == "abc.txt"


def test_a_damaged_group_state_is_rebuilt_from_the_index(wire, index_dir):
    run(wire, index_dir)
    generation = store.open_current(index_dir)
    (generation.path / groups.FILE).write_bytes(b"garbage")
    (wire / "indy.txt").write_text(text_file("Ferries halted", BASE, "Indy"))
    report = run(wire, index_dir)
    assert any("groups.npz" in w for w in report.warnings)
    assert index_groups(index_dir)["indy.txt"] == "abc.txt" == index_groups(index_dir)["ap.txt"]
    shutil.rmtree(index_dir)


def test_corpus_wide_speaker_names_keep_the_groups(tmp_path):
    """The names step after every write rewrites documents from stored fields: their group stays.
    One copy spells the speaker "Pat Rydér"; the corpus says "Pat Ryder", so that copy is rewritten."""
    from helpers import add_wire_copies, copy_seed_corpus
    corpus = copy_seed_corpus(tmp_path / "corpus")
    add_wire_copies(corpus)
    copy = corpus / "wire" / "abc-kursk.txt"
    copy.write_text(copy.read_text(encoding="utf-8").replace("Ryder", "Rydér"), encoding="utf-8")
    index_dir = tmp_path / "index"
    run(corpus, index_dir)
    generation = store.open_current(index_dir)
    with generation.index.reader() as reader:
        docs = {reader.stored_fields(d)["path"]: reader.stored_fields(d) for d in reader.all_doc_ids()}
    assert "Pat Ryder" in docs["wire/abc-kursk.txt"]["speakers"]
    assert "Pat Rydér" in docs["wire/abc-kursk.txt"]["extracted"][0]
    story = ("000_37a6eac469d99020.txt", "wire/abc-kursk.txt", "wire/ap-kursk.txt")
    assert len({docs[p]["group"] for p in story}) == 1
    assert len({index_groups(index_dir)[p] for p in story}) == 1
