"""Warming at start-up (webapp/warm.py): the first request finds the index opened and its caches loaded.

No test here measures time (bench/warm_start.py does): they check what was
done, that a request during warming shares the opening, and that warming
never breaks the app.
"""

from __future__ import annotations

import logging
import threading

import pytest

from webapp import backend as backend_module
from webapp import index as index_module
from webapp import warm
from webapp.whoosh_backend import warm_query

GUARD = 120    # seconds: only so that a broken test fails instead of hanging


def holder_of(app):
    return app.extensions[backend_module.EXTENSION].holder


def troops_total(client) -> int:
    return client.get("/api/search?q=troops").get_json()["total"]


def test_warming_opens_the_index_and_loads_its_caches_before_any_request(make_app, seed_index, seed_corpus):
    app = make_app(seed_index, CORPUS_DIR=str(seed_corpus))
    assert warm.wait(app, GUARD)
    snapshot = holder_of(app).peek()
    assert snapshot is not None and snapshot.warmed
    compiled = {name for (_loader, name) in app.jinja_env.cache.keys()}
    assert {"search.html", "doc.html", "base.html", "error.html", "noindex.html", "facet.html"} <= compiled
    client = app.test_client()
    assert client.get("/?q=troops").status_code == 200
    assert holder_of(app).peek() is snapshot        # the first request used the warmed state


def test_without_warm_nothing_is_opened_before_the_first_request(make_app, seed_index):
    app = make_app(seed_index, WARM=False)
    assert not warm.wait(app, 0)
    assert holder_of(app).peek() is None
    assert troops_total(app.test_client()) > 0
    assert holder_of(app).peek().warmed


def test_a_request_during_warming_waits_for_the_same_opening(make_app, seed_index, monkeypatch):
    expected = troops_total(make_app(seed_index, WARM=False).test_client())
    opened, gate, opening = [], threading.Event(), threading.Event()
    entered = threading.Semaphore(0)

    class SlowSnapshot(index_module.Snapshot):
        def __init__(self, *args):
            opened.append(self)
            opening.set()
            assert gate.wait(GUARD)
            super().__init__(*args)

    real_acquire = index_module.IndexHolder.acquire

    def counted_acquire(self):
        entered.release()
        return real_acquire(self)

    monkeypatch.setattr(index_module, "Snapshot", SlowSnapshot)
    monkeypatch.setattr(index_module.IndexHolder, "acquire", counted_acquire)
    app = make_app(seed_index)
    assert opening.wait(GUARD)                       # the warming thread is opening the index
    answers = []
    request = threading.Thread(target=lambda: answers.append(troops_total(app.test_client())))
    request.start()
    assert entered.acquire(timeout=GUARD)            # the request asks for the index while it is being opened
    gate.set()
    request.join(GUARD)
    assert warm.wait(app, GUARD)
    assert answers == [expected]
    assert len(opened) == 1                          # opened once, shared


def test_warming_without_an_index_is_quiet_and_the_index_is_served_once_built(make_app, index_dir, make_index,
                                                                              news):
    app = make_app(index_dir)
    assert warm.wait(app, GUARD)
    client = app.test_client()
    assert client.get("/").status_code == 503
    make_index([news("a1", "Troops enter Kursk", "North Korean troops entered Kursk.")])
    assert troops_total(client) == 1


def test_a_new_state_is_opened_and_warmed_on_its_first_request(make_app, index_dir, make_index, news):
    make_index([news("a1", "Troops enter Kursk", "North Korean troops entered Kursk.")])
    app = make_app(index_dir)
    assert warm.wait(app, GUARD)
    first = holder_of(app).peek()
    make_index([news("b1", "Troops", "Troops and more troops."), news("b2", "Troops", "The troops left.")])
    assert troops_total(app.test_client()) == 2
    fresh = holder_of(app).peek()
    assert fresh is not first and fresh.warmed


def test_warming_after_a_request_opens_nothing(make_app, index_dir, make_index, news):
    # A warming thread late for the first request must not open a newer state itself: requests
    # would serve the older one while it does.
    make_index([news("a1", "Troops enter Kursk", "North Korean troops entered Kursk.")])
    app = make_app(index_dir, WARM=False)
    client = app.test_client()
    assert troops_total(client) == 1
    first = holder_of(app).peek()
    make_index([news("b1", "Troops", "Troops."), news("b2", "Troops", "The troops left.")])
    app.extensions[backend_module.EXTENSION].warm()
    assert holder_of(app).peek() is first
    assert troops_total(client) == 2


def test_a_failing_warm_is_logged_and_the_app_still_serves(caplog):
    from webapp import create_app
    from webapp.backend import Backend

    class Broken(Backend):
        location, build_command = "nowhere", "nothing"

        def open(self):
            raise backend_module.NoIndex("nothing here")

        def warm(self):
            raise RuntimeError("disk on fire")

    with caplog.at_level(logging.WARNING, logger="webapp.warm"):
        app = create_app({"TESTING": True, "BACKEND": Broken()})
        assert warm.wait(app, GUARD)
    assert "warming the search backend failed" in caplog.text
    assert app.test_client().get("/").status_code == 503


@pytest.mark.parametrize("title, word", [("Troops enter Kursk regions", "regions"),
                                         ("2024: U.S. troops", "troops"), ("", "*"), ("1987", "*")])
def test_the_warming_query_is_the_longest_word_of_a_title(make_index, index_dir, news, title, word):
    make_index([news("a1", title, "North Korean troops entered Kursk.")])
    holder = index_module.IndexHolder(index_dir)
    snapshot = holder.acquire()
    try:
        assert warm_query(snapshot) == word
    finally:
        holder.release(snapshot)
        holder.close()
