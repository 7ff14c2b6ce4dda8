"""The diff engine: align two editions (which node became which), classify each change, and trace lineage."""
