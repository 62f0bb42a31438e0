"""Rewrites of the code that moves: one module per kind of edit. `python.rewrite_python`
runs the Python ones on one parse per file, each edit an exact span found by CPython's parser
(formatting and comments kept byte for byte); `text.rewrite_text` handles every other file.

Not libcst: its visitors, run in pure Python, took about 30 ms a file for these edits, a
minute for 2,000 modules; spans from `ast` (C) take a fraction of a millisecond."""
