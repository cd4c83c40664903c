"""reader: a fast, keyboard-driven terminal reader and search engine for a folder of articles."""

__version__ = "0.1.0"
