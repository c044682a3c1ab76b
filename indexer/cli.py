"""The ``clippings`` command line (also ``python -m indexer``): thin commands over the library.

The library's errors become one clear message each (``Error: ...`` on
stderr, no traceback) and an exit status by their type (:data:`EXIT_CODES`).
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from indexer.config import CORPUS_ENV, DEFAULT_CORPUS_DIR, DEFAULT_INDEX_DIR, INDEX_ENV
from indexer.corpus.control import ControlFileError
from indexer.corpus.decode import NotText
from indexer.corpus.files import kind_of
from indexer.extract import ExtractionError, extract_bytes, load_context
from indexer.index import store
from indexer.index.languages import language_name
from indexer.index.stats import index_stats
from indexer.sync.update import IndexerBusy, Report, UpdateError, run

EXIT_FAILED_FILES = 1
EXIT_BUSY = 3
LIST_LIMIT = 20

#: The library errors a command turns into a message, and the exit status of each (else 1).
LIBRARY_ERRORS = (UpdateError, store.StoreError, ControlFileError)
EXIT_CODES: dict[type[Exception], int] = {IndexerBusy: EXIT_BUSY}


@contextlib.contextmanager
def library_errors():
    """Turn a library error raised in the block into a :class:`click.ClickException` with its exit status."""
    try:
        yield
    except LIBRARY_ERRORS as exc:
        error = click.ClickException(str(exc))
        error.exit_code = next((code for kind, code in EXIT_CODES.items() if isinstance(exc, kind)), 1)
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
    bar = _ProgressBar(enabled=not as_json and sys.stderr.isatty())

    def waiting(pid: int | None) -> None:
        click.echo(f"Waiting up to {wait:g} s for another indexer{f' (pid {pid})' if pid else ''} to finish...",
                   err=True)
    try:
        with library_errors():
            report = run(corpus, index_dir, full=full, wait=wait, progress=bar, on_wait=waiting)
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
        figures = index_stats(index)
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
