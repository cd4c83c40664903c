"""The widgets of the reader; each shows one thing and reports upward with messages."""
