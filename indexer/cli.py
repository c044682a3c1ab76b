"""The ``clippings`` command line (also ``python -m indexer``): thin commands over the library.

The library's errors become one clear message each (``Error: ...`` on
stderr, no traceback) and an exit status by their type (:func:`library_errors`).
Extraction and the update machinery (NLTK, lxml, NumPy: about 0.4 s of
imports) are imported by the commands that use them, so that ``stats``,
``users`` and ``searchd`` start without them.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from indexer.config import CORPUS_ENV, DEFAULT_CORPUS_DIR, DEFAULT_INDEX_DIR, INDEX_ENV
from indexer.corpus.control import ControlFileError
from indexer.index import store
from indexer.index.languages import language_name
from indexer.index.stats import index_stats
from indexer.searchd.config import ConfigError, settings

if TYPE_CHECKING:
    from indexer.sync.update import Report

EXIT_FAILED_FILES = 1
EXIT_BUSY = 3
LIST_LIMIT = 20


def _exit_codes() -> dict[type[Exception], int]:
    """The library errors a command turns into a message, and the exit status of each, most
    specific first (imported when an error is raised: an update error needs the update module)."""
    from indexer.sync.update import IndexerBusy, UpdateError
    return {IndexerBusy: EXIT_BUSY, UpdateError: 1, store.StoreError: 1, ControlFileError: 1, ConfigError: 1}


@contextlib.contextmanager
def library_errors():
    """Turn a library error raised in the block into a :class:`click.ClickException` with its exit status."""
    try:
        yield
    except Exception as exc:
        code = next((code for kind, code in _exit_codes().items() if isinstance(exc, kind)), None)
        if code is None:
            raise
        error = click.ClickException(str(exc))
        error.exit_code = code
        raise error from None


def _folder_option(flag: str, envvar: str, default: Path, what: str, must_exist: bool = False):
    """A folder option read from ``envvar`` when not given; its default does not depend on the working directory."""
    return click.option(flag, envvar=envvar, show_envvar=True, default=default, show_default=True,
                        type=click.Path(exists=must_exist, file_okay=False, path_type=Path), help=what)


corpus_option = _folder_option("--corpus", CORPUS_ENV, DEFAULT_CORPUS_DIR, "Folder of the articles.")
existing_corpus_option = _folder_option("--corpus", CORPUS_ENV, DEFAULT_CORPUS_DIR, "Folder of the articles.",
                                        must_exist=True)
index_option = _folder_option("--index", INDEX_ENV, DEFAULT_INDEX_DIR,
                              "Index folder; by default the one the web app reads.")


def json_option(what: str):
    return click.option("--json", "as_json", is_flag=True, help=what)


def indexing_options(fn):
    """The options that update and rebuild share (as sqlite-utils' cli.py shares its own)."""
    for decorator in reversed((
        existing_corpus_option,
        index_option,
        click.option("--wait", type=float, default=30.0, show_default=True,
                     help="Seconds to wait for another running indexer before giving up (exit status 3)."),
        json_option("Print the report as JSON."),
    )):
        fn = decorator(fn)
    return fn


@click.group(epilog=f"Unless ${CORPUS_ENV} and ${INDEX_ENV} say otherwise: --corpus {DEFAULT_CORPUS_DIR} "
                    f"and --index {DEFAULT_INDEX_DIR}, the project's folders whatever the working "
                    "directory (the web app reads the same index).")
@click.version_option(package_name="clippings")
def main():
    """Clippings: index a folder of news articles for search.

    \b
    Example:
      clippings update --corpus ~/clippings --index /srv/clippings/index
    """


@main.command()
@indexing_options
def update(corpus, index, wait, as_json):
    """Index new and changed files, drop deleted ones.

    Exit status: 0 all well, 1 some files failed (each listed with its
    reason), 2 bad usage, 3 another indexer was running.

    \b
    Example:
      clippings update --corpus ~/clippings --json
    """
    _index(corpus, index, wait, as_json, full=False)


@main.command()
@indexing_options
def rebuild(corpus, index, wait, as_json):
    """Build the index again from nothing (the old one serves until the new one is ready).

    \b
    Example:
      clippings rebuild --index /srv/clippings/index
    """
    _index(corpus, index, wait, as_json, full=True)


def _index(corpus: Path, index_dir: Path, wait: float, as_json: bool, full: bool) -> None:
    from indexer.sync.update import run

    bar = _ProgressBar(enabled=not as_json and sys.stderr.isatty())

    def waiting(pid: int | None) -> None:
        click.echo(f"Waiting up to {wait:g} s for another indexer{f' (pid {pid})' if pid else ''} to finish...",
                   err=True)
    try:
        with library_errors():
            report = run(corpus, index_dir, full=full, wait=wait, progress=bar, on_wait=waiting,
                         target=_target(index_dir))
    except KeyboardInterrupt:
        raise click.ClickException("interrupted: the index is as it was before this run") from None
    finally:
        bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(format_report(report, corpus, index_dir))
    if report.failed:
        sys.exit(EXIT_FAILED_FILES)


def _target(index_dir: Path):
    """Where the documents go: the searchd cluster when ``CLIPPINGS_BACKEND=searchd`` (the index
    folder then keeps only the lock and the id table), else None (the Whoosh index in it)."""
    backend, cluster = settings()
    if backend != "searchd":
        return None
    from indexer.searchd.sink import SearchdTarget
    return SearchdTarget(cluster, index_dir)


def format_report(report: Report, corpus: Path, index_dir: Path) -> str:
    """The human summary of a run."""
    how = f"rebuilt from scratch ({report.rebuild_reason})" if report.rebuilt else "updated"
    lines = [f"Index {index_dir} {how} from {corpus} in {report.seconds:.1f} s."]
    rows = [("added", report.added), ("changed", report.changed), ("removed", report.removed)]
    for label, paths in rows:
        lines.append(f"  {label:<10}{len(paths):>7}")
        if paths and len(paths) <= LIST_LIMIT:
            lines.extend(f"               {printable(p)}" for p in paths)
    lines.append(f"  {'renamed':<10}{len(report.renamed):>7}")
    if report.renamed and len(report.renamed) <= LIST_LIMIT:
        lines.extend(f"               {printable(old)} → {printable(new)}" for old, new, _id in report.renamed)
    lines.append(f"  {'unchanged':<10}{report.unchanged:>7}")
    if report.regrouped:
        lines.append(f"  {'regrouped':<10}{report.regrouped:>7}   (their group of copies changed)")
    for label, items in (("skipped", report.skipped), ("failed", report.failed)):
        lines.append(f"  {label:<10}{len(items):>7}")
        shown = items if label == "failed" else items[:LIST_LIMIT]
        lines.extend(f"               {printable(p)}: {reason}" for p, reason in shown)
        if len(items) > len(shown):
            lines.append(f"               ... and {len(items) - len(shown)} more")
    for warning in report.warnings:
        lines.append(f"Warning: {warning}")
    lines.append(f"The index holds {report.documents} article{'s' if report.documents != 1 else ''}.")
    return "\n".join(lines)


def printable(path: str) -> str:
    """A file name on one line of a report: control characters escaped (``new\\nline.txt``)."""
    if path.isprintable():
        return path
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in path)


class _ProgressBar:
    """A click progress bar on a terminal, created when the first file is done."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.bar = None
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Indexing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _stats(index_dir: Path) -> dict:
    """The figures of the Whoosh index in ``index_dir``, or of the searchd cluster when it is the backend."""
    backend, cluster = settings()
    if backend != "searchd":
        return index_stats(index_dir)
    from indexer.searchd.client import SearchdError
    from indexer.searchd.reading import Pool, stats
    pool = Pool(cluster.master)
    try:
        figures = stats(pool)
    except SearchdError as exc:
        raise store.StoreError(str(exc)) from None
    finally:
        pool.close()
    ids_file = index_dir / "ids.json"
    updated = None
    if ids_file.exists():
        import datetime as dt
        updated = dt.datetime.fromtimestamp(ids_file.stat().st_mtime, dt.timezone.utc).isoformat(timespec="seconds")
    return {**figures, "updated": updated, "generation": f"searchd:{cluster.master.address}"}


@main.command()
@index_option
@json_option("Print the figures as JSON.")
def stats(index, as_json):
    """Show what the index holds: articles, dates, outlets, speakers, languages.

    \b
    Example:
      clippings stats --index /srv/clippings/index --json
    """
    with library_errors():
        figures = _stats(index)
    if as_json:
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    click.echo(f"{figures['documents']} articles, updated {figures['updated']}")
    if figures["date_range"]:
        click.echo(f"dates {figures['date_range']['from']} to {figures['date_range']['to']}"
                   f" ({figures['undated']} undated)")
    languages = {f"{code} {language_name(code)}": count for code, count in figures["languages"].items()}
    for title, counts in (("Outlets", figures["outlets"]), ("Speakers", figures["speakers"]),
                          ("Languages", languages)):
        click.echo(f"{title}:")
        for name, count in list(counts.items())[:LIST_LIMIT]:
            click.echo(f"  {count:>6}  {name}")


@main.command()
@corpus_option
@json_option("One JSON object per file, one per line.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def inspect(corpus, as_json, files):
    """Show what the indexer makes of FILES, without touching any index.

    Files inside the corpus folder get the corpus' metadata.csv and outlets.csv.

    \b
    Example:
      clippings inspect --json corpus/000_37a6eac469d99020.txt
    """
    from indexer.corpus.decode import NotText
    from indexer.corpus.files import kind_of
    from indexer.extract import ExtractionError, extract_bytes, load_context

    corpus = corpus.resolve()
    with library_errors():
        context = load_context(corpus)
    failures = 0
    for file in files:
        relpath = _corpus_relative(file, corpus)
        try:
            if kind_of(str(file)) is None:
                raise ExtractionError("not an article format (.txt, .md, .html, .htm)")
            data = file.read_bytes()
            article = extract_bytes(relpath, data, context)
        except (OSError, ExtractionError, NotText) as exc:
            failures += 1
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            if as_json:
                click.echo(json.dumps({"path": str(file), "error": reason}, ensure_ascii=False))
            else:
                click.echo(f"{file}: {reason}", err=True)
            continue
        data = article.to_dict()
        data["path"] = str(file)
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            click.echo(_describe(data))
    if failures:
        sys.exit(EXIT_FAILED_FILES)


def _corpus_relative(file: Path, corpus: Path) -> str:
    """The path as the index would know it: relative to the corpus when inside it."""
    try:
        return file.resolve().relative_to(corpus).as_posix()
    except ValueError:
        return file.name


def _describe(data: dict) -> str:
    lines = [f"== {data['path']} ({data['id']})"]
    for key in ("title", "date", "outlet", "author", "url"):
        lines.append(f"{key:>9}: {data[key] if data[key] is not None else '(unknown)'}")
    lines.append(f" speakers: {', '.join(data['speakers']) or '(none)'}")
    for passage in data["passages"]:
        who = f"  [{', '.join(passage['speakers'])}]" if passage["speakers"] else ""
        lines.append(f"  p-{passage['n']}{who}: {passage['text']}")
    return "\n".join(lines)


@main.group()
def searchd():
    """A local searchd cluster (Sphinx 2.2 / Manticore) for the scale-out backend.

    \b
    Example:
      clippings searchd up --dir /srv/clippings/cluster
      export CLIPPINGS_BACKEND=searchd CLIPPINGS_SEARCHD='...'   (as printed)
      clippings update && make run
    """


cluster_dir_option = click.option("--dir", "folder", required=True, type=click.Path(file_okay=False, path_type=Path),
                                  help="Folder of the cluster's configuration files, data and logs.")


@searchd.command("up")
@cluster_dir_option
@click.option("--shards", type=click.IntRange(1, 64), default=2, show_default=True, help="Number of shards.")
@click.option("--mirrors", type=click.IntRange(1, 8), default=1, show_default=True,
              help="Copies of each shard (writes go to all, the master reads from any).")
def searchd_up(folder, shards, mirrors):
    """Start a cluster on free 127.0.0.1 ports (or the one already in DIR) and print the
    variables that select it."""
    from indexer.searchd import cluster
    try:
        found = cluster.up(folder, shards=shards, mirrors=mirrors)
    except cluster.ClusterError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"# searchd cluster in {folder.resolve()}: stop it with 'clippings searchd down --dir {folder}'")
    click.echo("export CLIPPINGS_BACKEND=searchd")
    click.echo(f"export CLIPPINGS_SEARCHD='{found.spec()}'")


@searchd.command("down")
@cluster_dir_option
def searchd_down(folder):
    """Stop the cluster in DIR (by the PIDs recorded when it started)."""
    from indexer.searchd import cluster
    try:
        stopped = cluster.down(folder)
    except cluster.ClusterError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"stopped {len(stopped)} searchd process{'es' if len(stopped) != 1 else ''}"
               + (f": {', '.join(stopped)}" if stopped else ""))


# -- the web app's edge: serving it, and its users file ---------------------------------------
# The web app's modules are imported inside these commands only, so the indexer's commands
# never load Flask (see the import table in docs/architecture.md).

@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. A non-loopback one needs access control (or --allow-open).")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256),
              help="Requests served at once.")
@click.option("--allow-open", is_flag=True,
              help="Listen on a non-loopback address even with no access control (prints a warning).")
def serve(host, port, threads, allow_open):
    """Serve the web app with waitress (what 'make run' runs).

    With no access control configured (no users file, no trusted proxy
    header) it listens only on a loopback address: anyone who can reach the
    port would read every article. Exit status 2 when it refuses.

    \b
    Example:
      clippings users add ann && clippings serve --host 0.0.0.0 --port 8080
    """
    from webapp import create_app, serving
    from webapp.access import AccessConfigError

    try:
        app = create_app()
    except AccessConfigError as exc:
        raise click.ClickException(f"access settings: {exc}") from None
    access = app.extensions["clippings_access"]
    try:
        warning = serving.check_listen(host, access.mode, allow_open)
    except serving.OpenAccessRefused as exc:
        error = click.ClickException(str(exc))
        error.exit_code = 2
        raise error from None
    if warning:
        click.echo(f"Warning: {warning}", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving Clippings at http://{shown}:{port}/ (access: {access.describe()}; Ctrl-C to stop)")
    serving.serve(app, host, port, threads)


users_file_option = click.option(
    "--users", "users_file", type=click.Path(dir_okay=False, path_type=Path),
    help="The users file; by default $CLIPPINGS_USERS, else users.json in the project's instance folder "
         "(where the web app looks).")


@contextlib.contextmanager
def users_errors():
    """The users file's errors as one clear message each (exit status 1)."""
    from webapp.users import UsersError
    try:
        yield
    except UsersError as exc:
        raise click.ClickException(str(exc)) from None


def _users_file(path: Path | None):
    from webapp.users import UsersFile, default_path
    return UsersFile(path or default_path())


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


@main.group()
def users():
    """Who may sign in to the web app: add, change, remove and list users.

    The first user turns sign-in on (from the web app's next start); see
    docs/access.md for sign-in and for a signing-in proxy instead.
    """


@users.command("add")
@users_file_option
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.argument("name")
def users_add(users_file, password_stdin, name):
    """Add user NAME; the password is asked twice (not shown).

    \b
    Examples:
      clippings users add ann
      printf '%s\\n' "$PASSWORD" | clippings users add ann --password-stdin
    """
    store = _users_file(users_file)
    first = not store.exists()
    with users_errors():
        store.check_new(name)            # before asking for a password
        user = store.add(name, _new_password(password_stdin))
    click.echo(f"Added user '{user.name}' to {store.path}.")
    if first:
        click.echo("The web app asks for sign-in from its next start: restart a running server.")


@users.command("passwd")
@users_file_option
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
@click.argument("name")
def users_passwd(users_file, password_stdin, name):
    """Give user NAME a new password; their open sessions end."""
    store = _users_file(users_file)
    with users_errors():
        store.require(name)
        user = store.set_password(name, _new_password(password_stdin))
    click.echo(f"Changed the password of '{user.name}'; their open sessions have ended.")


@users.command("remove")
@users_file_option
@click.argument("name")
def users_remove(users_file, name):
    """Remove user NAME; their open sessions end."""
    store = _users_file(users_file)
    with users_errors():
        user = store.remove(name)
        left = len(store.users())
    click.echo(f"Removed user '{user.name}' from {store.path}; their open sessions have ended.")
    if not left:
        click.echo("No users are left: nobody can sign in until one is added (remove the file itself to "
                   "serve openly, on loopback only, from the next start).")


@users.command("list")
@users_file_option
@json_option("Print the users as JSON.")
def users_list(users_file, as_json):
    """List the users (names and when each was added), never their hashes."""
    store = _users_file(users_file)
    with users_errors():
        found = sorted(store.users().values(), key=lambda u: u.name.casefold())
    if as_json:
        click.echo(json.dumps({"file": str(store.path), "users": [{"name": u.name, "added": u.added} for u in found]},
                              indent=2, ensure_ascii=False))
        return
    if not store.exists():
        click.echo(f"No users file at {store.path}: sign-in is off.")
        return
    for user in found:
        click.echo(f"{user.name}\t{user.added}")
    click.echo(f"{len(found)} user{'s' if len(found) != 1 else ''} in {store.path}")
