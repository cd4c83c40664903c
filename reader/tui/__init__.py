"""The terminal UI: Textual lives only here."""
