"""Stage 6, write: the rendered files swapped in for the output folder, then indexed for search."""
