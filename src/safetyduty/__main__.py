"""`python -m safetyduty` runs the command line."""

from safetyduty.cli.entry import main

main()
