"""Stage 2, validate: data format version and JSON Schema checks of each YAML file; figures read and checked."""
