"""Rewrites of the code that moves: one module per kind of edit. `python.rewrite_python`
runs the Python ones in one parse per file; `text.rewrite_text` handles every other file."""
