"""JSON-LD scripts of a page: parsed at most once, walked once for every reader.

Two readers walk a JSON-LD document differently, and :func:`walk` serves
both in one pass by saying how each object was reached:

- *top-level* objects (the date finder): the document itself and what lists,
  ``@graph``, ``mainEntity`` and ``mainEntityOfPage`` hold, at most
  ``TOP_DEPTH`` levels down; a related item or a video inside an article is
  not top-level;
- the *flattened* document (page metadata): every object reached through
  lists and ``@graph`` lists, at any depth, within the document's first
  ``FLAT_VALUES`` values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import NamedTuple

TOP_DEPTH = 4           # levels below the document a top-level object may sit
FLAT_VALUES = 20_000    # values visited when flattening one document
_ENTITY_KEYS = ("@graph", "mainEntity", "mainEntityOfPage")

# How the flattening reaches a value: not at all, as a visited value, or as
# an @graph list whose items it visits (the list itself is not counted).
_APART, _VISITED, _GRAPH = 0, 1, 2


class LdObject(NamedTuple):
    """A JSON object of a JSON-LD document and how the walk reached it."""

    data: dict
    top: bool    # a top-level object
    flat: bool   # in the flattened document


def walk(document) -> Iterator[LdObject]:
    """The objects of a parsed JSON-LD ``document``, in document order (iterative)."""
    visited = 0
    stack = [(document, 0, _VISITED)]
    while stack:
        value, depth, how = stack.pop()
        if how == _VISITED:
            visited += 1
            flat = visited <= FLAT_VALUES
        else:
            flat = how == _GRAPH
        top = depth <= TOP_DEPTH
        if not (flat or top):
            continue
        if isinstance(value, list):
            child = _VISITED if flat else _APART
            if child == _VISITED or depth < TOP_DEPTH:
                stack.extend((item, depth + 1, child) for item in reversed(value))
        elif isinstance(value, dict):
            yield LdObject(value, top, flat)
            for key in reversed(_ENTITY_KEYS):
                inner = value.get(key)
                if not isinstance(inner, (dict, list)):
                    continue
                child = _GRAPH if flat and key == "@graph" and isinstance(inner, list) else _APART
                if child == _GRAPH or depth < TOP_DEPTH:
                    stack.append((inner, depth + 1, child))


class LdScript:
    """One ``<script type="application/ld+json">``: its text, parsed and walked on demand.

    Readers clean the text their own way before parsing; when two cleanings
    give the same string it is parsed and walked only once.
    """

    __slots__ = ("text", "_objects")

    def __init__(self, text: str):
        self.text = text
        self._objects: dict[str, list[LdObject] | None] = {}

    def objects(self, cleaned: str) -> list[LdObject] | None:
        """The objects of ``cleaned`` (this script's text made ready to parse); None if not JSON."""
        if cleaned not in self._objects:
            try:
                document = json.loads(cleaned, strict=False)
            except Exception:  # invalid JSON, or nesting deep enough to recurse
                self._objects[cleaned] = None
            else:
                self._objects[cleaned] = list(walk(document))
        return self._objects[cleaned]
