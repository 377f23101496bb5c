"""`python -m qawl` runs the command line."""

from qawl.cli import main

main()
