"""people.csv aliases and corpus-wide unification of speaker names."""

import pytest

from indexer.index import store
from indexer.article import Article, Passage
from indexer.corpus.control import ControlFileError
from indexer.corpus.people import parse_people
from indexer.extract.people.aliases import alias_names, load_people, unify
from indexer.sync.update import run


def test_aliases_map_to_the_preferred_name():
    people = alias_names(parse_people("name,alias\nVolodymyr Zelenskyy,Volodymyr Zelensky\n"))
    article = Article(id="a", path="a.txt", title="t", speakers=["Volodymyr Zelensky"],
                      passages=[Passage(1, "x", ["Volodymyr Zelensky"])])
    unify(article, dict(people))
    assert article.speakers == ["Volodymyr Zelenskyy"] and article.passages[0].speakers == ["Volodymyr Zelenskyy"]


def test_first_seen_form_wins_and_duplicates_merge():
    names: dict[str, str] = {}
    first = unify(Article(id="a", path="a", title="t", speakers=["Kim Yong-hyun"]), names)
    second = unify(Article(id="b", path="b", title="t", speakers=["Kim Yong Hyun", "KIM YONG-HYUN"]), names)
    assert first.speakers == ["Kim Yong-hyun"] and second.speakers == ["Kim Yong-hyun"]


def test_bad_row_is_explained():
    with pytest.raises(ControlFileError, match=r"^people.csv line 2: expected 'name,alias': \['Only One Cell'\]$"):
        parse_people("name,alias\nOnly One Cell\n")
    with pytest.raises(ControlFileError, match=r"^people.csv line 4: expected 'name,alias', both filled"):
        parse_people("# people\nname,alias\n\n,Kim\n")


def test_the_header_is_optional_and_comments_are_skipped(tmp_path):
    assert parse_people("# a comment\nKim Jong Un,Kim Jong-un\n") == [("Kim Jong Un", "Kim Jong-un")]
    assert parse_people("Alias,Name\nKim Jong-un,Kim Jong Un\n") == [("Kim Jong Un", "Kim Jong-un")]
    assert load_people(tmp_path) == {}
    (tmp_path / "people.csv").write_bytes("name,alias\r\nJosé Ramos,Jose Ramos\r\n".encode("cp1252"))
    assert set(load_people(tmp_path).values()) == {"José Ramos"}


def test_people_file_applies_when_indexing(make_corpus, index_dir):
    corpus = make_corpus({"a.txt": 'Title\n\n"We are ready," Volodymyr Zelensky said.\n',
                          "people.csv": "name,alias\nVolodymyr Zelenskyy,Volodymyr Zelensky\n"})
    run(corpus, index_dir)
    with store.open_current(index_dir).index.searcher() as searcher:
        assert searcher.document(path="a.txt")["speakers"] == ["Volodymyr Zelenskyy"]
