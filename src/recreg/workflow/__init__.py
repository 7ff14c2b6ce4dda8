"""An editor's workflow over a whole registry: check, new amendments, scaffolding a registry, change records."""
