"""`python -m safetyduty` runs the command line."""

from safetyduty.cli.app import main

main()
