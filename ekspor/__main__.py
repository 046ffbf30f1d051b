"""`python -m ekspor ...` runs the same command line as the `ekspor` script."""

from ekspor.cli import main

if __name__ == "__main__":  # guarded: spawned worker processes (Dask) import the main module again
    main()
