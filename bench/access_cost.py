"""What access control costs: the search page open and signed in, and a failed sign-in for a known
and an unknown name (the same argon2id work by design), through Flask's test client.

Usage::

    python bench/access_cost.py [--index DIR --corpus DIR] [--rounds 60] [--json]

Without ``--index`` it indexes a copy of the seed corpus in a temporary folder. The search page
is asked alternately of an open app and of a signed-in one (so both see the same machine load);
figures are medians in milliseconds. The users file uses argon2-cffi's default parameters, the
ones ``clippings users add`` writes.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"


def _token(client) -> str:
    page = client.get("/signin").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def measure(index: Path, corpus: Path, rounds: int) -> dict:
    from webapp import create_app
    from webapp.users import UsersFile

    users = Path(tempfile.mkdtemp()) / "users.json"
    UsersFile(users).add("ann", PASSWORD)
    common = {"INDEX_DIR": str(index), "CORPUS_DIR": str(corpus), "WARM": False}
    open_client = create_app(common).test_client()
    signed_app = create_app({**common, "USERS_FILE": str(users), "SECRET_KEY": "k" * 64,
                             "SIGNIN_LIMIT_ADDRESS": "100000 per minute", "SIGNIN_LIMIT_USER": "100000 per minute"})
    signed = signed_app.test_client()
    signed.post("/signin", data={"csrf_token": _token(signed), "username": "ann", "password": PASSWORD})
    url = "/?q=troops"
    for client in (open_client, signed):
        assert client.get(url).status_code == 200
    times = {"open": [], "signed_in": []}
    for _ in range(rounds):
        times["open"].append(_timed(lambda: open_client.get(url)))
        times["signed_in"].append(_timed(lambda: signed.get(url)))
    failed = {"known_name": [], "unknown_name": []}
    for _ in range(max(3, rounds // 10)):
        client = signed_app.test_client()
        token = _token(client)
        for key, name in (("known_name", "ann"), ("unknown_name", "nobody")):
            data = {"csrf_token": token, "username": name, "password": "wrong password"}
            failed[key].append(_timed(lambda: client.post("/signin", data=data)))
    return {"search_page_ms": {k: round(statistics.median(v), 1) for k, v in times.items()},
            "failed_sign_in_ms": {k: round(statistics.median(v)) for k, v in failed.items()}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    index = args.index
    if index is None:
        from indexer.sync.update import run
        index = Path(tempfile.mkdtemp()) / "index"
        run(args.corpus, index)
    figures = measure(index, args.corpus, args.rounds)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        page, failed = figures["search_page_ms"], figures["failed_sign_in_ms"]
        print(f"search page /?q=troops: open {page['open']} ms, signed in {page['signed_in']} ms (medians)")
        print(f"failed sign-in: known name {failed['known_name']} ms, unknown name {failed['unknown_name']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
