"""`python -m ekspor ...` runs the same command line as the `ekspor` script."""

from ekspor.cli import main

main()
