"""Publication dates: parse date expressions and find the date an article states.

The date facet holds only what a file states (see the annotation guide):
HTML metadata, a dateline or timestamp next to the headline or byline, or a
date in the source URL.  Dates inside the story, in photo captions, in
comments or in related-article lists are not the publication date; relative
words ("on Tuesday") give none; when nothing states it the answer is
``None``.  A wrong date is worse than an unknown one, so ambiguous numeric
dates (``04/05/2024`` with no hint of the order) give ``None`` too.

Public functions return ``'YYYY-MM-DD'`` strings or ``None``:

- :func:`parse_date` -- one date expression;
- :func:`date_from_lines` -- the top lines of a plain-text article;
- :func:`date_from_url` -- a date in a URL's path;
- :func:`date_from_html` -- a parsed page (BeautifulSoup, never modified).

Years from :data:`MIN_YEAR` to :func:`max_year` (the year after ``today``)
are accepted; ``parse_date``, ``date_from_lines`` and ``date_from_url`` take
a keyword-only ``today`` (a ``datetime.date``; None, the default, means the
current date at call time).

Modules: ``vocabulary`` (month and weekday words, digits), ``parse`` (date
expressions), ``stamps`` (timestamps with time and zone), ``lines``
(plain-text datelines), ``url`` (URL paths), ``html`` (web pages).
"""

from indexer.extract.dates.html import date_from_html
from indexer.extract.dates.lines import date_from_lines
from indexer.extract.dates.parse import MIN_YEAR, max_year, parse_date
from indexer.extract.dates.url import date_from_url

__all__ = ["MIN_YEAR", "date_from_html", "date_from_lines", "date_from_url", "max_year", "parse_date"]
