"""The outlet registry: aliases, sites, text signals, user extensions."""

import pytest

from indexer.corpus.control import ControlFileError
from indexer.extract.outlets import Outlets, load_registry

REGISTRY = load_registry()


def test_aliases_map_to_one_name():
    for alias in ["DOD News", "dod news", "Department of Defense", "U.S. Department of Defense"]:
        assert REGISTRY.canonical(alias) == "U.S. Department of Defense"
    assert REGISTRY.canonical("Some Blog") is None
    assert REGISTRY.normalize("  Some   Blog ") == "Some Blog"


def test_site_of_a_url_including_subdomains():
    assert REGISTRY.from_url("https://www.newsweek.com/north-korea-123") == "Newsweek"
    assert REGISTRY.from_url("https://www.pravda.com.ua/eng/news/2024/12/03/1/") == "Ukrainska Pravda"
    assert REGISTRY.from_url("https://edition.cnn.com/x") == "CNN"
    assert REGISTRY.from_url("https://notnewsweek.com/x") is None
    assert REGISTRY.from_url("not a url") is None


def test_text_signals():
    assert REGISTRY.from_text(["Story.", "Support UP or become our patron!"]) == "Ukrainska Pravda"
    assert REGISTRY.from_text(["WASHINGTON, Nov 4 (Reuters) - The Pentagon said"]) == "Reuters"
    assert REGISTRY.from_text(["Nov. 18, 2024 | By David Vergun, DOD News"]) == "U.S. Department of Defense"
    assert REGISTRY.from_text(["U.S. Department of Defense", "Headline"]) == "U.S. Department of Defense"
    assert REGISTRY.from_text(["Fellow Samuel Cranny-Evans told Newsweek for a previous story"]) == "Newsweek"


def test_no_signal_means_unknown():
    assert REGISTRY.from_text(["The New York Times reported that", "He told reporters"]) is None


def test_corpus_file_extends_the_registry(tmp_path):
    (tmp_path / "outlets.csv").write_text("outlet,kind,value\nKyiv Post,domain,kyivpost.com\n"
                                          "Kyiv Post,alias,KP\n")
    registry = load_registry(tmp_path)
    assert registry.from_url("https://www.kyivpost.com/post/1") == "Kyiv Post"
    assert registry.canonical("KP") == "Kyiv Post"
    assert registry.canonical("DOD News") == "U.S. Department of Defense"


@pytest.mark.parametrize("text, message", [
    ("outlet,kind,value\nX,colour,blue\n", "outlets.csv line 2: expected 'outlet,kind,value' with kind alias"),
    ("outlet,kind,value\n# a comment\nX,signal,(unclosed\n", "outlets.csv line 3: bad regular expression '(unclosed'"),
    ("X,alias\n", "outlets.csv line 1: expected 'outlet,kind,value': ['X', 'alias']"),
])
def test_bad_rows_are_explained(text, message):
    with pytest.raises(ControlFileError) as caught:
        Outlets.load(text)
    assert str(caught.value).startswith(message)


def test_a_bad_corpus_file_names_its_path(tmp_path):
    (tmp_path / "outlets.csv").write_bytes(b"\x00\x01binary")
    with pytest.raises(ControlFileError, match=r"outlets.csv: binary data") as caught:
        load_registry(tmp_path)
    assert caught.value.file == str(tmp_path / "outlets.csv") and caught.value.line is None


def test_site_of_an_unknown_url_is_its_host():
    assert REGISTRY.site("https://www.slashgear.com/story-1/") == "slashgear.com"
    assert REGISTRY.site("https://www.newsweek.com/x") == "Newsweek"
    assert REGISTRY.site("mailto:x") is None and REGISTRY.site(None) is None


def test_page_metadata_choice_prefers_the_pages_own_site():
    choose = REGISTRY.from_metadata
    # a known site name wins, read part by part
    assert choose("The Jerusalem Post | JPost.com", "Reuters", None) == "The Jerusalem Post"
    # a site name that is no outlet gives way to the URL's known site
    assert choose("U.S.", "Reuters", "https://www.reuters.com/article/x") == "Reuters"
    # the page's own (unknown) site name beats the wire service named as publisher
    assert choose("Connecticut Post", "Associated Press", "https://www.ctpost.com/x") == "Connecticut Post"
    assert choose(None, "Associated Press", None) == "Associated Press"
    assert choose("TheHill", None, None) == "The Hill"            # spacing variants are one outlet
    assert choose(None, None, None) is None
