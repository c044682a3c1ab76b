"""One article as a plain dict for the article page and ``/api/doc/<id>``, whatever the engine.

Ids are checked against the shape the indexer gives them before the
index is asked, and only the index is asked: nothing on disk is reached
through an id.  Passage links carry the passage's fingerprint, so a link
made before a re-index still finds its passage (:func:`land`, :mod:`webapp.anchors`).
Links from a search carry that search in ``back`` (:func:`back_param`), so
the article's "back to search" returns to the same query, filters, sort and
page (:func:`back_state`, :func:`keep_search`).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from werkzeug.datastructures import MultiDict

from indexer.article import passage_fingerprint
from indexer.index.schema import stored_pre
from webapp import anchors
from webapp.copies import compare, copy_order
from webapp.params import ParamError, SearchState, parse_search_args
from indexer.index.said import passage_quotes
from webapp.present import doc_url, heading, speaker_page_url
from webapp.quotes import SaidTerms, quote_hits
from webapp.snippets import MarkFormatter, find_hits, merged

_ID = re.compile(r"^[a-z0-9_][a-z0-9_-]{0,119}$")
_FINGERPRINT = re.compile(r"^[0-9a-f]{4,40}$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}$")      # a BCP 47 tag such as en, pt-BR
FRAGMENT_WORDS = 5


def valid_id(doc_id: str) -> bool:
    """Whether ``doc_id`` has the shape of an article id (no dots, slashes, NUL, ...)."""
    return bool(_ID.match(doc_id))


def valid_fingerprint(fp: str) -> bool:
    return bool(_FINGERPRINT.match(fp))


def article_lang(fields: dict) -> str | None:
    """The article's language (``<html lang>`` of its page, ``lang`` of its results): its stored
    ``lang`` (the ISO 639-1 code the indexer found) when that is a language tag, else None (the
    page says ``en``)."""
    lang = fields.get("lang")
    return lang if isinstance(lang, str) and _LANG.match(lang) else None


def link_anchor(n: int, fp: str | None, t: str = "") -> anchors.Anchor:
    """The anchor of the link parameters ``p``, ``fp`` and ``t`` (``t`` already validated)."""
    lead, tail = anchors.parse_quote(t) if t else ("", "")
    return anchors.Anchor(n, fp or None, lead, tail)


def land(view: dict, anchor: anchors.Anchor | None) -> dict:
    """``view`` (an article view made without a link) landed on ``anchor``: the passage it lands
    on marked ``linked``, the source link following it, and ``link`` saying where it landed
    (``status``, ``passage``, ``from``: the link's number; ``nearest`` passages when gone)."""
    if anchor is None:
        return view
    landing = anchors.resolve(anchor, [p["text"] for p in view["passages"]])
    out = dict(view, **_linked(view["passages"], view["hit_passages"], view["source_base"], landing.passage))
    out["link"] = {"status": landing.status, "passage": landing.passage, "from": anchor.n}
    out["nearest"] = [out["passages"][m - 1] for m in landing.nearest]
    return out


def _linked(passages: list[dict], hit_passages: list[int], source: str | None, linked: int | None) -> dict:
    """The parts of an article view that follow the linked passage ``linked``: which passage is
    marked, and the source link (to the linked passage, else the first hit, as a text fragment)."""
    target = linked or (hit_passages[0] if hit_passages else None)
    return {
        "passages": [dict(p, linked=p["n"] == linked) for p in passages],
        "linked": linked,
        "source": (source + text_fragment(passages[target - 1]["text"])) if source and target else source,
    }


def safe_source(url: str | None) -> str | None:
    """The article's source URL when it is a web address (never ``javascript:`` and the like)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def text_fragment(text: str) -> str:
    """A ``#:~:text=`` fragment that finds ``text`` on the source page (start and end words)."""
    words = text.split()
    if not words:
        return ""
    if len(words) <= 2 * FRAGMENT_WORDS:
        spec = _fragment_part(" ".join(words))
    else:
        spec = _fragment_part(" ".join(words[:FRAGMENT_WORDS])) + "," + \
            _fragment_part(" ".join(words[-FRAGMENT_WORDS:]))
    return f"#:~:text={spec}" if spec.strip(",") else ""


def _fragment_part(text: str) -> str:
    text = re.sub(r"^\W+|\W+$", "", text)
    return quote(text, safe="").replace("-", "%2D")


def article_view(fields: dict, terms: frozenset, q: str = "", root: str = "", linked: int | None = None,
                 reading: str | None = None, message: str | None = None, said: SaidTerms = SaidTerms()) -> dict:
    """The article (its stored fields) as plain data, with every hit of ``terms`` (index terms
    and phrases of the query ``q``) marked, and what ``said`` (the query's ``said:`` part) marks
    in the quotes of the speakers it names; ``reading`` and ``message`` say how ``q`` was read."""
    doc_id = fields["id"]
    passages = fields.get("passages") or []
    quotes = passage_quotes(fields.get("quotes"))
    tables = stored_pre(fields)
    source = safe_source(fields.get("url"))
    formatter = MarkFormatter(ids=True)
    title = fields.get("title") or doc_id
    title_html = MarkFormatter().format(title, find_hits(title, terms))
    out_passages = []
    hit_passages = []
    for n, (text, speakers) in enumerate(passages, start=1):
        hits = find_hits(text, terms)
        if said and n in quotes:
            hits = merged(hits, quote_hits(text, quotes[n], said))
        first_id = formatter.next_id
        html = formatter.format(text, hits)
        fingerprint = passage_fingerprint(text)
        if hits:
            hit_passages.append(n)
        out_passages.append({
            "n": n,
            "text": text,
            "html": html,
            "pre": n in tables,
            "speakers": [{"name": s, "url": speaker_page_url(root, s)} for s in speakers],
            "quotes": [{"start": a, "end": b, "speaker": name} for a, b, name in quotes.get(n, [])],
            "fingerprint": fingerprint,
            "hits": len(hits),
            "first_hit": first_id if hits else None,
            "link": doc_url(root, doc_id, q, n, text),
            "source": (source.split("#")[0] + text_fragment(text)) if source else None,
        })
    source_base = source.split("#")[0] if source else None
    return {
        "id": doc_id,
        "title": title,
        "title_html": title_html,
        "date": fields.get("date") or None,
        "outlet": fields.get("outlet") or None,
        "outlet_url": SearchState(outlets=(fields["outlet"],)).url(f"{root}/") if fields.get("outlet") else None,
        "author": fields.get("author") or None,
        "standfirst": fields.get("standfirst") or None,
        "url": fields.get("url") or None,
        "lang": article_lang(fields),
        "source_base": source_base,
        "speakers": [{"name": s, "url": speaker_page_url(root, s), "filter_url": speaker_url(root, s)}
                     for s in fields.get("speakers") or []],
        **_linked(out_passages, hit_passages, source_base, linked),
        "query": q,
        "reading": reading,
        "message": message,
        "hits": formatter.next_id - 1,
        "hit_passages": hit_passages,
        "search_url": SearchState(q=q).url(f"{root}/"),
        "plain_url": doc_url(root, doc_id),
    }


def with_copies(view: dict, others: list[dict], q: str = "", root: str = "") -> dict:
    """``view`` with its group's other copies (their stored fields ``others``): ``copies``, each
    ``{id, title, outlet, date, link, only_here, only_there}`` (what differs, paragraph by
    paragraph: :func:`webapp.copies.compare`), earliest first; ``only_here``, the numbers of this
    article's passages that no copy has (each passage also gets the flag ``only_here``)."""
    copies = sorted(({
        **heading(fields),
        "link": doc_url(root, fields["id"], q),
        "passages": [text for text, _speakers in fields.get("passages") or []],
    } for fields in others), key=copy_order)
    compared, alone = compare([p["text"] for p in view["passages"]], copies)
    return dict(view, copies=compared, only_here=alone,
                passages=[dict(p, only_here=p["n"] in alone) for p in view["passages"]])


def back_param(state: SearchState) -> str:
    """The ``back`` value of an article link made on the search ``state``: the search's query
    string, or "" when the query alone is the whole search (the link's ``q`` says it)."""
    return "" if state == SearchState(q=state.q) else urlencode(state.params())


def back_state(back: str, q: str) -> SearchState:
    """The search an article page returns to: ``back`` validated like the search page's own
    address (and rebuilt from the result, never echoed), or the search for ``q`` when there is
    no ``back`` or it is not a valid search (the article is still shown)."""
    if back:
        try:
            return parse_search_args(MultiDict(parse_qsl(back, keep_blank_values=True, strict_parsing=True)), back.encode())
        except (ParamError, ValueError):
            pass
    return SearchState(q=q)


def keep_search(view: dict, search: SearchState, root: str = "") -> dict:
    """``view`` with "back to search" leading to ``search``, and the article's own links (each
    passage's, "clear highlighting") carrying it on."""
    back = back_param(search)
    out = dict(view, search_url=search.url(f"{root}/"), search_query=search.q,
               search_filtered=search != SearchState(q=search.q), back=back,
               plain_url=doc_url(root, view["id"], back=back))
    if back:
        out["passages"] = [dict(p, link=doc_url(root, view["id"], view["query"], p["n"], p["text"], back=back))
                           for p in view["passages"]]
    return out


def speaker_url(root: str, name: str) -> str:
    """The search for the articles quoting ``name`` (the speaker filter)."""
    return SearchState(speakers=(name,)).url(f"{root}/")


def api_article(view: dict) -> dict:
    """The JSON shape of an article."""
    return {
        "id": view["id"],
        "title": view["title"],
        "date": view["date"],
        "outlet": view["outlet"],
        "author": view["author"],
        "standfirst": view["standfirst"],
        "url": view["url"],
        "lang": view["lang"],
        "speakers": [s["name"] for s in view["speakers"]],
        "query": view["query"] or None,
        "hits": view["hits"],
        "passages": [{
            "n": p["n"],
            "text": p["text"],
            "speakers": [s["name"] for s in p["speakers"]],
            "quotes": p["quotes"],
            "fingerprint": p["fingerprint"],
            "link": p["link"],
            **({"pre": True} if p["pre"] else {}),
            **({"html": str(p["html"]), "hits": p["hits"]} if view["query"] else {}),
        } for p in view["passages"]],
        "copies": [{k: c[k] for k in ("id", "title", "outlet", "date", "link", "only_here", "only_there")}
                   for c in view.get("copies") or []],
        "only_here": view.get("only_here") or [],
    }
