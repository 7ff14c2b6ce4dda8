"""Implementation surveys: the answers of IP offices as data, their import from forms, and where implementation stands."""
