"""``flask --app webapp status``: what the app would serve."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.index import NoIndex, holder


@click.command("status")
@with_appcontext
def status_command():
    """Show the index folder, its current generation and how many articles it holds."""
    hold = holder()
    click.echo(f"index folder: {current_app.config['INDEX_DIR']}")
    try:
        snapshot = hold.acquire()
    except NoIndex:
        click.echo("no index yet: run 'clippings update' (or 'make run')")
        raise SystemExit(1) from None
    try:
        click.echo(f"generation: {snapshot.name}")
        click.echo(f"articles: {len(snapshot.columns.live)}")
    finally:
        hold.release(snapshot)


def init_app(app) -> None:
    app.cli.add_command(status_command)
