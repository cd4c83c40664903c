"""Search: Whoosh lives only here. SearchIndex is the one door."""
