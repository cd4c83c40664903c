"""Search: Whoosh lives only here. SearchIndex (service.py) is the one door.

One module per concept, each the only home of what it names (import a name from the module
that defines it: this package re-exports nothing, so importing `reader.search.parsed`,
`reader.search.query` or `reader.search.errors` does not import Whoosh):

- parsed.py     what the user typed, parsed once: its `|` levels, their tag: words and trees
- narrowing.py  the cut at each `|` outside quotes; the search box's levels
- query.py      a level's words -> a query tree; what a quote is (pure Python, no Whoosh)
- analysis.py   tokenizer, analyzers, stop words, the schema
- compile.py    query tree -> Whoosh queries: phrases, prefixes, fuzzy words
- scoring.py    BM25: the weighting, a word's scores (Whoosh matcher internals)
- ranking.py    the plain-words ranking, top hits of any query, ties by path
- phrases.py    quoted phrases: PositionalPhrase, its matching and scores
- highlight.py  match spans and snippets
- spelling.py   the vocabulary, "did you mean"
- documents.py  an article's document, and what an update writes and removes
- writing.py    building and updating the index (Whoosh writer internals)
- store.py      the index folder: open, verify, set aside, create; the searcher; what
                reading a damaged index raises (damaged_by)
- service.py    SearchIndex: update, search, related, snippets; what a failure means
- answer.py     one query answered on an open searcher: ranked hits, snippets, message
- results.py    SearchResults, SearchHit, UpdateStats
- errors.py     SearchError and its kinds
- tagged.py     the articles a query's tag: words keep, and a search kept to them
"""
