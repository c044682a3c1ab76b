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
"""

from indexer.extract.dates.html import date_from_html
from indexer.extract.dates.text import MAX_YEAR, MIN_YEAR, date_from_lines, date_from_url, parse_date

__all__ = ["MAX_YEAR", "MIN_YEAR", "date_from_html", "date_from_lines", "date_from_url", "parse_date"]
