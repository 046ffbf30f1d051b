"""Orchestration and the `ekspor` command line."""
