"""Stage 1, load: every source file read, each value with the file, line and column it came from."""
