"""Languages: detection, per-language stemming at index and query time, the Language facet, the page's lang."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from indexer.extract import language
from indexer.extract.language import detect_language, normalize
from indexer.index.analysis import PLAIN, analysis_of, term, text_analyzer
from indexer.index.languages import language_name
from helpers import index_corpus, write_files

SAMPLES = {
    "en": "The government said on Tuesday that it would raise interest rates to curb inflation.",
    "de": "Die Regierung kündigte am Dienstag an, die Zinsen zu erhöhen, um die Inflation zu bremsen.",
    "fr": "Le gouvernement a annoncé mardi qu'il relèverait les taux d'intérêt pour freiner l'inflation.",
    "es": "El gobierno anunció el martes que subirá los tipos de interés para frenar la inflación.",
    "it": "Il governo ha annunciato martedì che alzerà i tassi di interesse per frenare l'inflazione.",
    "pt": "O governo anunciou na terça-feira que vai aumentar as taxas de juros para conter a inflação.",
    "nl": "De regering kondigde dinsdag aan dat zij de rente zal verhogen om de inflatie af te remmen.",
    "ru": "Правительство во вторник объявило, что повысит процентные ставки, чтобы сдержать инфляцию.",
    "uk": "Уряд у вівторок оголосив, що підвищить процентні ставки, щоб стримати інфляцію.",
    "pl": "Rząd ogłosił we wtorek, że podniesie stopy procentowe, aby powstrzymać inflację.",
    "sv": "Regeringen meddelade på tisdagen att den kommer att höja räntorna för att bromsa inflationen.",
    "ja": "政府は火曜日、インフレを抑えるために金利を引き上げると発表した。",
}


# -- detection ----------------------------------------------------------------------------

@pytest.mark.parametrize("code", sorted(SAMPLES))
def test_one_sentence_is_enough_to_tell_the_language(code):
    assert detect_language(SAMPLES[code]) == code


def test_too_little_text_is_the_declared_language_or_undetermined():
    assert detect_language("Kurz.", declared="de-DE") == "de"
    assert detect_language("Kurz.") is None
    assert detect_language("12:30 | 4.5% | 2024-11-18 ...") is None
    assert detect_language("", declared="pt_BR") == "pt"


def test_a_confident_detection_overrides_a_wrong_declaration():
    assert detect_language(SAMPLES["de"], declared="en-US") == "de"     # a theme's default lang="en"


class FakeIdentifier:
    def __init__(self, answer, probability):
        self.answer, self.probability = answer, probability

    def classify(self, text):
        return self.answer, self.probability


@pytest.mark.parametrize("answer, probability, declared, expected", [
    ("en", 0.6, "de", "de"),          # unsure: the page's word
    ("de", 0.6, "de-AT", "de"),       # agreeing
    ("en", 0.95, "de", "en"),         # sure: the text's
    ("pcm", 0.44, None, None),        # unsure and nothing declared: not guessed (a table of figures)
    ("es", 0.7, None, "es"),          # likely enough
    ("zxx", 0.9, None, None),         # "no linguistic content" is no language
    ("zxx", 0.9, "fr", "fr"),
    ("yue", 0.95, None, "zh"),        # ISO 639-1 for the macrolanguage
    ("nb", 0.95, None, "no"),
])
def test_the_decision_between_text_and_declaration(monkeypatch, answer, probability, declared, expected):
    monkeypatch.setattr(language, "_identifier", lambda: FakeIdentifier(answer, probability))
    assert detect_language("enough letters to be worth asking the detector about", declared) == expected


def test_language_tags_become_iso_639_1_codes():
    assert [normalize(t) for t in ("de-DE", "pt_BR", "EN", "nb-NO", "iw", " fr ", "", None, "x-klingon", "12")] \
        == ["de", "pt", "en", "no", "he", "fr", None, None, None, None]


def test_languages_have_readable_names():
    assert [language_name(c) for c in ("de", "en", "fr", "uk", "qqx")] == \
        ["German (Deutsch)", "English", "French (français)", "Ukrainian (українська)", "qqx"]


# -- analysis -----------------------------------------------------------------------------

def terms(text, analysis=""):
    return [t.text for t in text_analyzer(analysis)(text)]


def test_each_language_is_stemmed_with_its_own_snowball_stemmer():
    assert terms("Soldaten Soldat Soldaten-Zahl", "de") == ["soldat", "soldat", "soldat", "zahl"]
    assert terms("Soldaten", "") == ["soldaten"]                        # English does not know German
    assert terms("soldados soldado", "es") == ["sold", "sold"]
    assert terms("солдаты солдат", "ru") == ["солдат", "солдат"]
    assert terms("Müller Muller Straße", "de") == ["mull", "mull", "strass"]   # folded after stemming


def test_every_analysis_works_without_nltk_data():
    from indexer.index.analysis import ANALYSES
    for analysis in ANALYSES:
        assert terms("Nachrichten news новости 2,500", analysis)[-1] == "2500", analysis


def test_french_and_italian_elisions_and_accents():
    assert terms("l'armée L’armée armee qu'il", "fr") == ["arme", "arme", "arme", "il"]
    assert terms("dell'esercito l'esercito", "it") == ["eserc", "eserc"]


def test_languages_without_a_stemmer_are_folded_not_stemmed():
    assert analysis_of("pl") == PLAIN and analysis_of("ja") == PLAIN
    assert terms("Żołnierze żołnierzy", PLAIN) == ["zolnierze", "zolnierzy"]


def test_numbers_and_dots_are_read_alike_in_every_analysis():
    for analysis in ("", "de", "fr", PLAIN):
        assert terms("11.000 11,000 3.5 U.S.", analysis) == ["11000", "11000", "3.5", "us"], analysis


def test_english_and_undetermined_articles_keep_the_default_analysis():
    assert analysis_of(None) == analysis_of("en") == ""
    assert analysis_of("nb") == analysis_of("nn") == analysis_of("no") == "no"
    assert term("troops") == term("troops", "") == "troop"


# -- through the real indexer and the web app ---------------------------------------------

CORPUS = {
    "de/bundeswehr.txt": """Bundeswehr verlegt Brigade nach Litauen
 date 2024-11-20
 outlet Tagesschau

Die Bundeswehr verlegt im kommenden Jahr eine Brigade nach Litauen. Jeder Soldat erhält dafür eine neue Ausrüstung, teilte das Verteidigungsministerium am Mittwoch in Berlin mit.

Die Räte der Gemeinden rund um den Standort seien informiert worden, sagte ein Sprecher. Die Truppe solle bis 2027 vollständig einsatzbereit sein.
""",
    "en/barracks.txt": """Rats found in army barracks
 date 2024-11-21
 outlet Reuters

Inspectors found rats in three army barracks on Thursday, the defence ministry said, and ordered the buildings closed for cleaning.

The soldiers were moved to temporary quarters while the work goes on, a spokesman said.
""",
    "en/rates.txt": """Central bank holds interest rates
 date 2024-11-22
 outlet Reuters

The central bank kept its interest rates unchanged on Friday, saying inflation was slowing but remained above its target for the year.
""",
    "fr/armee.txt": """L'armée française renforce sa présence en Estonie
 date 2024-11-23
 outlet Le Monde

L'armée française enverra trois cents militaires supplémentaires en Estonie au printemps, a annoncé le ministère des armées jeudi à Paris.
""",
}


@pytest.fixture(scope="module")
def languages_app(tmp_path_factory):
    from webapp import create_app
    base = tmp_path_factory.mktemp("languages")
    corpus = write_files(base / "corpus", CORPUS)
    index = index_corpus(corpus, base / "index")
    app = create_app({"TESTING": True, "INDEX_DIR": str(index), "CORPUS_DIR": str(corpus), "WARM": False})
    return app, index


def search(client, **params) -> dict:
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def ids(data) -> list[str]:
    return sorted(r["id"].rsplit("-", 1)[0] for r in data["results"])


def test_each_article_gets_its_language_in_the_index(languages_app):
    from indexer.cli import main
    from click.testing import CliRunner
    _, index = languages_app
    result = CliRunner().invoke(main, ["stats", "--index", str(index), "--json"])
    assert json.loads(result.output)["languages"] == {"en": 2, "de": 1, "fr": 1}
    text = CliRunner().invoke(main, ["stats", "--index", str(index)]).output
    assert "Languages:\n       2  en English\n       1  de German (Deutsch)\n       1  fr French (français)" in text


def test_an_inflected_german_word_finds_the_german_article(languages_app):
    client = languages_app[0].test_client()
    data = search(client, q="Soldaten")
    assert ids(data) == ["bundeswehr"]                          # "Soldat" in a German article
    assert "<mark>Soldat</mark>" in data["results"][0]["snippets"][0]["html"]
    assert data["results"][0]["lang"] == "de"
    assert ids(search(client, q="soldiers")) == ["barracks"]    # English as before
    assert ids(search(client, q="soldier")) == ["barracks"]
    assert ids(search(client, q="armee")) == ["armee"]          # "l'armée", accents and elision
    assert ids(search(client, q='"armée française"')) == ["armee"]


def test_one_language_s_stem_does_not_match_another_language_s_text(languages_app):
    client = languages_app[0].test_client()
    # "rates" is "rate" in English and "rat" in German: the German "Räte" is found,
    # the English "rats" (also "rat", but in English) is not.
    assert ids(search(client, q="rates")) == ["bundeswehr", "rates"]
    assert ids(search(client, q="rats")) == ["barracks", "bundeswehr"]   # English "rat"; German "Räte"


def test_the_article_page_marks_german_hits_and_says_its_language(languages_app):
    client = languages_app[0].test_client()
    doc_id = search(client, q="Soldaten")["results"][0]["id"]
    soup = BeautifulSoup(client.get(f"/doc/{doc_id}?q=Soldaten").get_data(as_text=True), "html.parser")
    assert soup.html["lang"] == "de"
    assert soup.select_one("header.top")["lang"] == "en" and soup.select_one(".passage-tools")["lang"] == "en"
    assert not soup.h1.has_attr("lang") and not soup.select_one(".passage .text").has_attr("lang")
    assert [m.get_text() for m in soup.select(".passages mark")] == ["Soldat"]
    english = search(client, q="soldiers")["results"][0]["id"]
    assert BeautifulSoup(client.get(f"/doc/{english}").get_data(as_text=True), "html.parser").html["lang"] == "en"


def test_the_language_facet_counts_follow_the_query_and_the_other_filters(languages_app):
    client = languages_app[0].test_client()
    assert search(client)["facets"]["lang"] == [
        {"value": "en", "label": "English", "count": 2, "selected": False},
        {"value": "fr", "label": "French (français)", "count": 1, "selected": False},
        {"value": "de", "label": "German (Deutsch)", "count": 1, "selected": False}]
    assert search(client, q="ministry OR ministère OR Verteidigungsministerium")["facets"]["lang"] == [
        {"value": "en", "label": "English", "count": 1, "selected": False},
        {"value": "fr", "label": "French (français)", "count": 1, "selected": False},
        {"value": "de", "label": "German (Deutsch)", "count": 1, "selected": False}]
    chosen = search(client, lang="de")
    assert ids(chosen) == ["bundeswehr"] and chosen["filters"]["lang"] == ["de"]
    assert chosen["facets"]["lang"] == [                                  # its own filter not counted
        {"value": "de", "label": "German (Deutsch)", "count": 1, "selected": True},
        {"value": "en", "label": "English", "count": 2, "selected": False},
        {"value": "fr", "label": "French (français)", "count": 1, "selected": False}]
    assert chosen["facets"]["outlet"] == [{"value": "Tagesschau", "count": 1, "selected": False}]
    both = search(client, lang=["de", "fr"])                              # OR within the facet
    assert ids(both) == ["armee", "bundeswehr"]
    assert ids(search(client, lang="de", outlet="Reuters")) == []         # AND across facets
    assert search(client, outlet="Reuters")["facets"]["lang"] == [
        {"value": "en", "label": "English", "count": 2, "selected": False}]


def test_the_language_facet_on_the_page_chips_and_clear(languages_app):
    client = languages_app[0].test_client()
    soup = BeautifulSoup(client.get("/?lang=de&q=Soldaten").get_data(as_text=True), "html.parser")
    facet = soup.select_one("#facet-lang")
    assert facet.h2.get_text() == "Language"
    assert [li.select_one(".label").get_text() for li in facet.select("li")] == ["German (Deutsch)"]
    assert facet.select_one("li.selected a")["href"] == "/?q=Soldaten"
    chip = soup.select_one(".chip")
    assert chip.select_one(".chip-kind").get_text() == "Language:" and chip.select_one(".chip-label").get_text() == \
        "German (Deutsch)"
    assert chip.select_one(".chip-remove")["href"] == "/?q=Soldaten"
    everything = BeautifulSoup(client.get("/").get_data(as_text=True), "html.parser")
    links = [a["href"] for a in everything.select("#facet-lang a")]
    assert links == ["/?lang=en", "/?lang=fr", "/?lang=de"]
    assert client.get("/?lang=deutsch").status_code == 400
    one = BeautifulSoup(client.get("/?q=Soldaten").get_data(as_text=True), "html.parser")
    assert one.select_one("#facet-lang") is None and one.select_one("#facet-outlet")   # one language: no choice
    listing = BeautifulSoup(client.get("/facets/lang?contains=deutsch").get_data(as_text=True), "html.parser")
    assert [li.select_one(".label").get_text() for li in listing.select("li")] == ["German (Deutsch)"]


def test_no_results_offers_to_remove_the_language_filter(languages_app):
    client = languages_app[0].test_client()
    data = search(client, q="soldiers", lang="de")
    assert data["total"] == 0
    assert data["ways_out"] == [{"filter": "lang", "label": "language: German (Deutsch)", "count": 1,
                                 "url": "/?q=soldiers"}]


def test_did_you_mean_knows_every_language(languages_app):
    client = languages_app[0].test_client()
    assert search(client, q="Soldaten")["suggestion"] is None          # a German word is a known word
    assert search(client, q="Soldatn")["suggestion"] == "Soldat"        # from the German articles' words
    assert search(client, q="Verteidigungsministerim")["suggestion"] == "Verteidigungsministerium"
    assert search(client, q="barraks")["suggestion"] == "barracks"      # and the English ones

