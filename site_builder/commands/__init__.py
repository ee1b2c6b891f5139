"""Commands on top of the pipeline: build, check, serve, new report, new site and migrate."""
