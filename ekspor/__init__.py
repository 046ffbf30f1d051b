"""The `ekspor` command line: the top layer, one library call per command (see `ekspor.cli`)."""
