"""The search panel: as-you-type queries, hits with snippets, facets and index progress."""
