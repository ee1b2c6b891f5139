"""Quality gates run in a real browser and with the Nu Html Checker."""
