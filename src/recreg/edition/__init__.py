"""Editions on disk and in memory: read (load), the typed model, addresses, schema and meaning checks, canonical form, the parse cache."""
