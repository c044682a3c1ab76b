"""The words speaker attribution looks for: verbs of saying and other lists (from speech.txt), and fixed sets.

Verb forms map to their verb's name (``"said" -> "say"``); the other
lists are sets of folded words (see :func:`indexer.extract.people.names.fold`).
The lists of other languages (``speech.<language>.txt``) are merged in; a
form that is also English keeps its English verb.  A list that other
languages extend lives in the data files only (English in speech.txt); the
fixed sets at the end are English-only rules.
"""

from __future__ import annotations

from indexer.extract.people.names import WORDS_FILE, file_lists, word_lists, word_set


def _forms(section: str) -> dict[str, str]:
    forms: dict[str, str] = {}
    for line in word_lists().get(section, []):
        for form in line:
            forms.setdefault(form, line[0])
    return forms


def _followers(section: str) -> dict[str, frozenset[str]]:
    return {line[0]: frozenset(line[1:]) for line in word_lists().get(section, [])}


# ------------------------------------------------------------ from speech.txt

SPEECH_FORMS = _forms("speech_verbs")
QUOTE_ONLY_FORMS = _forms("quote_only_verbs")
LISTENER_VERBS = word_set("listener_verbs")
SOURCE_OBJECT_VERBS = word_set("source_object_verbs")
PHRASES = [tuple(line) for line in word_lists().get("phrases", [])]
ENGLISH_PHRASES = frozenset(tuple(line) for line in file_lists(WORDS_FILE).get("phrases", []))
NOT_SPEECH_AFTER = _followers("not_speech_after")
NEEDS_AFTER = _followers("needs_after")

# ----------------------- sections the other languages' lists add (or share)

#: Verb forms of other languages only: they may come before their subject
#: anywhere ("Am Montag sagte Scholz", "Об этом заявил Песков"), after an
#: auxiliary ("a déclaré"), and the name after them ends at any lowercase word.
FOREIGN_FORMS = frozenset(SPEECH_FORMS) | frozenset(QUOTE_ONLY_FORMS)
FOREIGN_FORMS -= frozenset(w for section in ("speech_verbs", "quote_only_verbs")
                           for line in file_lists(WORDS_FILE).get(section, []) for w in line)
#: Auxiliaries and adverbs between a subject and a foreign verb ("Macron a
#: également déclaré"); matched in lowercase only ("Han" is a name, "han" is not).
FOREIGN_SKIP = word_set("skip_before_verb")
#: Words right after a foreign verb that introduce its listener ("dijo a Sánchez").
LISTENER_MARKERS = word_set("listener_markers")
#: Source phrases valid only right after a quotation ('„...“, so Scholz').
QUOTE_PHRASES = [tuple(line) for line in word_lists().get("quote_phrases", [])]
#: Source phrases that follow the speaker ("Scholz zufolge").
POSTPOSITIONS = word_set("postpositions")
#: Pronouns split off an inverted French verb ("dit-il").
CLITIC_PRONOUNS = word_set("clitic_pronouns")
#: "A and B said" in every language.
COORDINATORS = word_set("coordinators")
#: Personal titles: a surname with one of these is a person even unresolved.
PERSONAL_TITLES = word_set("personal_titles")
#: Words that open a clause ("who", "que", "dass", "что"): no speaker's name after them.
CLAUSE_WORDS = word_set("clause_words")
#: Pronouns that continue a named speaker: pronoun -> "m" or "f".
PRONOUNS = {line[0]: line[1] for line in word_lists().get("gendered_pronouns", []) if len(line) == 2}
#: "did not respond", "n'a pas déclaré".
NEGATIONS = word_set("negations")
#: First words of every source phrase, to find them fast.
PHRASE_STARTS = frozenset(p[0] for p in PHRASES) | frozenset(p[0] for p in QUOTE_PHRASES)

# ----------------------------------------------------------------- fixed sets

FEMALE_WORDS = frozenset("""
mrs ms miss madam dame lady queen princess duchess countess empress
spokeswoman congresswoman chairwoman councilwoman businesswoman she her
""".split())
MALE_WORDS = frozenset("""
mr sir lord king prince duke count emperor sultan spokesman congressman
chairman councilman businessman he his him father
""".split())

#: Words that may stand between a subject and its verb ("Ryder also said").
SKIP_BEFORE_VERB = frozenset("""
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
even now all
""".split())
#: Words after a name that end the noun phrase it heads.
CLAUSE_END = frozenset("""
who whom whose which that in on at during after before when while as
because since though although if adding saying noting according to and
but or for of with from by about told said says wrote added noted whether
""".split()) | frozenset(SPEECH_FORMS)
#: Prepositions of other languages, in lowercase ("la inocencia de Hernández").
FOREIGN_PREPOSITIONS = word_set("prepositions")
PREPOSITIONS = frozenset("of for with from to by about at in on against among between into "
                         "like unlike than".split()) | FOREIGN_PREPOSITIONS
#: Title words too general to tell people apart ("the deputy said").
WEAK_ROLES = frozenset("press deputy assistant vice chief acting senior".split())
#: Words that may open an appositive after a comma ("a fellow", "who lost").
APPOSITIVE_STARTS = frozenset("a an the who whose whom which now then once also both "
                              "one another its his her their however meanwhile as after "
                              "while even along when though although albeit clearly "
                              "apparently specifically only too likewise instead "
                              "himself herself".split())
