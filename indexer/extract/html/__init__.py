"""Clean a news web page: metadata from its head, article passages from its body.

``parse`` makes a BeautifulSoup tree (lxml parser); ``scan_head`` walks it
once for what the page declares (meta tags, JSON-LD, canonical link,
``<title>``, ``<h1>``...); ``page_metadata`` reads the title, site,
publisher, author, URL and description from that; ``clean`` finds the
article body.  None of them changes the tree.  Per page::

    soup = parse(text)
    head = scan_head(soup)                 # also for dates.date_from_html(soup, url, head=head)
    meta = page_metadata(soup, head)
    page = clean(soup, meta)

Modules: ``parse`` (parsing, bounded size, no GC pauses), ``text``
(whitespace), ``jsonld`` (JSON-LD parsing and walking), ``head`` (the scan),
``metadata`` (PageMeta), ``marks`` (furniture, body and standfirst marks of
elements), ``blocks`` (segmentation and weights), ``lead`` (the lead and the
standfirst between headline and body), ``body`` (clean).
"""

from indexer.extract.html.body import CleanPage, clean
from indexer.extract.html.head import PageHead, scan_head
from indexer.extract.html.metadata import PageMeta, page_metadata
from indexer.extract.html.parse import MAX_HTML_CHARS, parse

__all__ = ["MAX_HTML_CHARS", "CleanPage", "PageHead", "PageMeta", "clean", "page_metadata", "parse",
           "scan_head"]
