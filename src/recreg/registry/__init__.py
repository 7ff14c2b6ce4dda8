"""The registry folder: its editions found by id or path, the chronology beside it, and lint of an edition."""
