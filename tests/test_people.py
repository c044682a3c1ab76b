"""people.csv aliases and corpus-wide unification of speaker names."""

import pytest

from indexer.index import store
from indexer.article import Article, Passage
from indexer.corpus.people import PeopleDataError, parse_people, unify
from indexer.sync.update import run


def test_aliases_map_to_the_preferred_name():
    people = parse_people("name,alias\nVolodymyr Zelenskyy,Volodymyr Zelensky\n")
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
    with pytest.raises(PeopleDataError, match="row 2"):
        parse_people("name,alias\nOnly One Cell\n")


def test_people_file_applies_when_indexing(make_corpus, index_dir):
    corpus = make_corpus({"a.txt": 'Title\n\n"We are ready," Volodymyr Zelensky said.\n',
                          "people.csv": "name,alias\nVolodymyr Zelenskyy,Volodymyr Zelensky\n"})
    run(corpus, index_dir)
    with store.open_current(index_dir).index.searcher() as searcher:
        assert searcher.document(path="a.txt")["speakers"] == ["Volodymyr Zelenskyy"]
