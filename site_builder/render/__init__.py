"""Stage 5, render: charts, Markdown and templates into the bytes of every planned file."""
