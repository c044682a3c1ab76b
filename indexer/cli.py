"""The ``clippings`` command line (also ``python -m indexer``): thin commands over the library."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer.index import store
from indexer.config import CORPUS_ENV, INDEX_ENV, default_corpus_dir, default_index_dir
from indexer.corpus.files import kind_of
from indexer.extract import ExtractionError, extract_bytes, load_context
from indexer.extract.outlets import OutletDataError
from indexer.corpus.people import PeopleDataError
from indexer.corpus.decode import NotText
from indexer.index.stats import index_stats
from indexer.sync.update import Report, UpdateError, run

EXIT_FAILED_FILES = 1
EXIT_BUSY = 3
LIST_LIMIT = 20


class BusyError(click.ClickException):
    exit_code = EXIT_BUSY


def corpus_option(f):
    return click.option("--corpus", "corpus", type=click.Path(path_type=Path), default=None,
                        help=f"Corpus folder [default: ${CORPUS_ENV} or ./corpus].")(f)


def index_option(f):
    return click.option("--index", "index_dir", type=click.Path(path_type=Path), default=None,
                        help=f"Index folder [default: ${INDEX_ENV} or ./instance/index].")(f)


@click.group()
@click.version_option(package_name="clippings")
def main():
    """Clippings: index a folder of news articles for search."""


def indexing_options(f):
    """The options that update and rebuild share."""
    f = click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")(f)
    f = click.option("--wait", type=float, default=30.0, show_default=True,
                     help="Seconds to wait for another running indexer before giving up.")(f)
    return corpus_option(index_option(f))


@main.command()
@indexing_options
def update(corpus, index_dir, wait, as_json):
    """Index new and changed files, drop deleted ones."""
    _index(corpus, index_dir, wait, as_json, full=False)


@main.command()
@indexing_options
def rebuild(corpus, index_dir, wait, as_json):
    """Build the index again from nothing (the old one serves until the new one is ready)."""
    _index(corpus, index_dir, wait, as_json, full=True)


def _index(corpus, index_dir, wait, as_json, full):
    corpus = corpus or default_corpus_dir()
    index_dir = index_dir or default_index_dir()
    bar = _ProgressBar(enabled=not as_json and sys.stderr.isatty())
    waiting = lambda pid: click.echo(  # noqa: E731
        f"Waiting up to {wait:g} s for another indexer{f' (pid {pid})' if pid else ''} to finish...", err=True)
    try:
        report = run(corpus, index_dir, full=full, wait=wait, progress=bar, on_wait=waiting)
    except UpdateError as exc:
        bar.close()
        if "another indexer" in str(exc):
            raise BusyError(str(exc)) from None
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        bar.close()
        raise click.ClickException("interrupted: the index is as it was before this run") from None
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
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
def stats(index_dir, as_json):
    """Show what the index holds."""
    index_dir = index_dir or default_index_dir()
    try:
        figures = index_stats(index_dir)
    except store.NoIndex as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    click.echo(f"{figures['documents']} articles, updated {figures['updated']}")
    if figures["date_range"]:
        click.echo(f"dates {figures['date_range']['from']} to {figures['date_range']['to']}"
                   f" ({figures['undated']} undated)")
    for title, counts in (("Outlets", figures["outlets"]), ("Speakers", figures["speakers"])):
        click.echo(f"{title}:")
        for name, count in list(counts.items())[:LIST_LIMIT]:
            click.echo(f"  {count:>6}  {name}")


@main.command()
@corpus_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file, one per line.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def inspect(corpus, as_json, files):
    """Show what the indexer makes of FILES, without touching any index.

    Files inside the corpus folder get the corpus' metadata.csv and outlets.csv.
    """
    corpus = (corpus or default_corpus_dir()).resolve()
    try:
        context = load_context(corpus)
    except (OSError, OutletDataError, PeopleDataError) as exc:
        raise click.ClickException(f"{corpus}: {exc}") from None
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
