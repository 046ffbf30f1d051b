"""The journalists' search page and JSON API (`ekspor serve`)."""
