"""How much of a query is read: the limits the search layer holds a query to, and the search
history keeps its entries within (the core cannot ask the search layer)."""

from __future__ import annotations

MAX_QUERY_CHARS = 2000  # what a query's level reads of what was typed (search/query.py)
MAX_LEVELS = 8  # the levels a narrowed search holds at most (search/service.py)
