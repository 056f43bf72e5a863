"""MkDocs hooks: thin adapters from the generator's events to the packages that do the work."""
