"""The one search interface the web app talks to, and the request's session of it.

The views never see the search engine: they ask a :class:`Backend` (one
per app, made by ``create_app``) for a :class:`Session`, one opened state
of the index for one request, and ask the session for plain dicts.  Any
engine fed by the indexer's cleaned articles can stand behind it (Whoosh,
:mod:`webapp.whoosh_backend`; a searchd cluster, :mod:`webapp.searchd_backend`).

The contract:

* ``Backend.open()`` returns a new :class:`Session` on the newest state of
  the index, or raises :class:`NoIndex` when there is none to serve (the
  app answers 503 with ``Backend.location`` and ``Backend.build_command``).
* ``Backend.renew(session)``, after ``session`` failed: None when it is
  still the newest state (the failure was not the index changing);
  otherwise it closes ``session`` and returns one on the newest state.
* ``Backend.warm()``: prepares what the first request needs; run once in
  a background thread at start-up (may do nothing).
* ``Session.generation``: a name of the opened state (it changes with
  every rebuild and every update).
* ``Session.search(state, root, facet_size)``: one search, the dict shown by the
  search page and ``/api/search`` (its keys below); a page beyond the last is
  answered with the last page.  ``facet_size`` is how many values of the
  outlet and speaker facets the caller shows (None: all of them; 0: none): an
  engine may then list only the first ``facet_size`` of them (by count, ties
  by name; every selected value is listed whatever its count), and
  ``facet_counts`` says how many values each has.
* ``Session.facet_values(name, state)``: the full value list of facet
  ``name`` ("outlet", "speaker" or "lang") for ``state``, as in ``search(...)["facets"]``.
* ``Session.article(doc_id, q, root)``: the article view dict (see
  :func:`webapp.document.article_view`, with its group's other copies and
  what differs: :func:`webapp.document.with_copies`) with every hit of ``q``
  marked; None when there is no such article.  Passage links are landed on it by the
  views (:func:`webapp.document.land`), the same for every engine.
* ``Session.speaker(name, state, root)``: the speaker page dict of the speaker
  ``name`` stands for (the name itself, or the one speaker with that whole name
  or surname, ignoring case, accents, spaces and hyphens), filtered by
  ``state`` as a search is; None when no speaker goes by that name.  Its keys:
  ``name`` (the speaker's name in the index), ``query, message, articles``
  (articles quoting them, filters applied), ``quotes`` (distinct quotes),
  ``copies`` (quotes counted in every article), ``read_all`` and ``read`` (whether
  every selected article was read, and how many were), ``page, pages,
  per_page, sort`` (``newest`` or ``oldest``), ``results`` (quotes: ``{text,
  html, id, title, outlet, date, passage, link, copies: [{id, title, outlet,
  date, passage, link}], outlets}``), ``co_speakers`` (``{name, count,
  selected, url, filter_url}``), ``facets`` (``outlet`` and ``date`` as in a
  search), ``undated, filters, url, search_url, articles_url, generation``.
  :func:`webapp.speaker_page.speaker_view` builds it from stored fields.
* ``Session.speakers_like(name)``: speakers whose name is close to ``name``
  (the 404 page's suggestions).
* ``Session.export(state, limit, root)``: every article ``state`` selects (all
  pages, the filters applied, in the search's sort), as an :class:`Export`:
  ``total`` and lazily produced result dicts, at most ``limit`` of them.  The
  default pages through ``search``; an engine may do it in one pass.
* ``Session.current_id(doc_id)``: when ``doc_id`` is no longer served but its
  article is, under another id (a renamed file's path-derived id, a deleted
  copy), that id; else None (the views answer 301 to it).
* ``Session.stats()``: ``documents``, ``outlets``, ``speakers``, ``languages``,
  ``date_range``, ``undated`` and ``updated``, as ``clippings stats`` prints.
* ``Session.close()``: release the state; safe to call twice.

A search dict has ``query, browse, reading, message, total, stories, dupes,
page, pages, per_page, sort, took_ms, results, facets, undated, suggestion,
filters, ways_out, generation, facet_counts``: ``total`` counts matching articles,
``stories`` their groups of copies; with ``state.dupes == "group"`` the
results (and ``pages``) are stories: one result per group, the copy first
in the search's order; with ``"show"`` every article.  Each result is ``{id,
title, date, outlet, author, speakers, url, lang, link, snippets: [{passage,
html, link}], group: {id, size, copies: [{id, title, outlet, date, link,
match}]}}`` (``html`` is Markup; ``size`` counts the group's articles, this
one included; ``copies`` the others, ``match`` whether each is among the
matches; an engine reads the group from the indexer's ``group`` field); ``facets`` holds ``outlet``, ``speaker`` and ``lang`` lists of ``{value,
label, count, selected}`` (see :func:`webapp.facets.value_facet`) and
``date`` buckets (:func:`webapp.facets.date_facet`); ``facet_counts`` the number of
values of each of ``outlet``, ``speaker`` and ``lang`` (the length of the full list); ``filters`` is
``{outlet, speaker, lang, from, to}``; ``ways_out`` lists ``{filter, label, count,
url}`` for a search without results.  An engine that may answer from part
of its data adds ``partial``: None, or ``{shards, answered, warning,
message}`` (the message is also in ``message``, so the page shows it).
Any call may raise :class:`Unavailable` (HTTP 503) when the engine cannot answer.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass, replace

from flask import abort, current_app, g, redirect, request, url_for

from webapp.params import MAX_PER_PAGE, ParamError, SearchState

EXTENSION = "clippings_backend"


class BackendError(Exception):
    """The search backend cannot answer."""


class NoIndex(BackendError):
    """There is no index to search yet (HTTP 503, with the command that builds one)."""


class Unavailable(BackendError):
    """The search engine cannot answer now (a server down: HTTP 503 with the reason)."""


class UnknownSpeaker(LookupError):
    """No speaker of the index goes by ``name`` (HTTP 404, listing ``suggestions``: ``{name, url}``)."""

    def __init__(self, name: str, suggestions: list[dict]):
        super().__init__(name)
        self.name = name
        self.suggestions = suggestions


@dataclass
class Export:
    """All the results of one search: ``total`` matches, ``rows`` (result dicts, as in
    ``search(...)["results"]``, produced lazily) the first ``limit`` of them in ``sort``."""

    total: int
    sort: str
    rows: Iterator[dict]


class Session(ABC):
    """One opened state of the index, used by one request (or one command)."""

    generation: str

    @abstractmethod
    def search(self, state: SearchState, root: str = "", facet_size: int | None = None) -> dict:
        """The search dict for ``state``; links start with ``root`` (the app's script root); at
        least the first ``facet_size`` values of each value facet (None: all)."""

    @abstractmethod
    def facet_values(self, name: str, state: SearchState) -> list[dict]:
        """Every value of facet ``name`` for ``state``, as ``search(state)["facets"][name]``."""

    @abstractmethod
    def article(self, doc_id: str, q: str = "", root: str = "") -> dict | None:
        """The article view of ``doc_id`` with ``q`` highlighted, or None."""

    def speaker(self, name: str, state: SearchState, root: str = "") -> dict | None:
        """The speaker page of ``name`` filtered by ``state`` (see the module docstring), or None."""
        raise NotImplementedError(f"{type(self).__name__} has no speaker pages")

    def speakers_like(self, name: str) -> list[str]:
        """Speakers whose name is close to ``name``; by default none."""
        return []

    def export(self, state: SearchState, limit: int, root: str = "") -> Export:
        """Every result of ``state`` (at most ``limit``), by paging through :meth:`search`."""
        first = self.search(replace(state, page=1, per_page=MAX_PER_PAGE), root, facet_size=0)

        def rows() -> Iterator[dict]:
            page, given = first, 0
            while True:
                for result in page["results"][:limit - given]:
                    given += 1
                    yield result
                if given >= limit or page["page"] >= page["pages"]:
                    return
                page = self.search(replace(state, page=page["page"] + 1, per_page=MAX_PER_PAGE), root,
                                   facet_size=0)

        return Export(first["total"], first["sort"], rows())

    def current_id(self, doc_id: str) -> str | None:
        """The id that serves ``doc_id``'s article now when that is another id, else None.
        By default ids never change."""
        return None

    @abstractmethod
    def stats(self) -> dict:
        """Figures about this state of the index (the ``clippings stats`` object)."""

    def close(self) -> None:
        """Release this state (idempotent)."""

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


class Backend(ABC):
    """A search engine over the index, shared by every request of the app."""

    location: str          # where the index is (shown when there is none)
    build_command: str     # the shell command that builds the index this backend reads

    @abstractmethod
    def open(self) -> Session:
        """A session on the newest state of the index; raises :class:`NoIndex`."""

    def renew(self, session: Session) -> Session | None:
        """After ``session`` failed: a session on a newer state (closing ``session``), or None."""
        return None

    def warm(self) -> None:
        """Prepare what the first request needs (run once in a background thread at start-up;
        may raise :class:`NoIndex`).  By default there is nothing to prepare."""

    def close(self) -> None:
        """Release everything the backend holds open."""


# -- the request's session ------------------------------------------------------------------------

def init_app(app, backend: Backend) -> None:
    app.extensions[EXTENSION] = backend
    app.teardown_appcontext(_close_session)


def current_backend() -> Backend:
    return current_app.extensions[EXTENSION]


def session() -> Session:
    """The request's session (opened on first use, closed on teardown); raises :class:`NoIndex`."""
    if "search_session" not in g:
        g.search_session = current_backend().open()
    return g.search_session


def take_session() -> Session | None:
    """Take the request's session over: teardown no longer closes it, the caller does (a
    streamed response reads the index after the view has returned)."""
    return g.pop("search_session", None)


def with_session(work):
    """Return ``work(session)``; if it fails because the index changed underneath, run it once
    more on the new state (the whole response comes from one state either way).  Errors in
    the request itself (``ParamError``, ``LookupError``) are not retried."""
    current = session()
    try:
        return work(current)
    except (ParamError, LookupError):
        raise
    except Exception:
        fresh = _renew()
        if fresh is None:
            raise
        return work(fresh)


def _renew() -> Session | None:
    old = g.pop("search_session", None)
    if old is None:
        return None
    try:
        fresh = current_backend().renew(old)
    except BaseException:
        old.close()
        raise
    g.search_session = old if fresh is None else fresh
    return fresh


def _close_session(_exc=None) -> None:
    current = g.pop("search_session", None)
    if current is not None:
        current.close()


def redirect_if_renamed(doc_id: str) -> None:
    """Answer 301 to the id that carries ``doc_id``'s article now (same route, same query)."""
    current = with_session(lambda session: session.current_id(doc_id))
    if current is not None:
        query = request.query_string.decode("utf-8", "replace")
        target = url_for(request.endpoint, doc_id=current)
        abort(redirect(target + (f"?{query}" if query else ""), code=301))
