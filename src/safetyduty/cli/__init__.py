"""The command line: one thin module per command group, wired together in `app.py`."""
