"""Stage 4, plan: every page, chart, download and file the site will have, with what each is made from."""
