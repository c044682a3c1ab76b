"""``flask --app webapp status``: what the app would serve."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.backend import NoIndex, current_backend


@click.command("status")
@with_appcontext
def status_command():
    """Show the index folder, its current generation and how many articles it holds."""
    backend = current_backend()
    click.echo(f"index folder: {backend.location}")
    try:
        session = backend.open()
    except NoIndex:
        click.echo(f"no index yet: run '{backend.build_command}' (or 'make run')")
        raise SystemExit(1) from None
    with session:
        click.echo(f"generation: {session.generation}")
        click.echo(f"articles: {session.stats()['documents']}")


def init_app(app) -> None:
    app.cli.add_command(status_command)
