"""The procurement page: page.py (the page file), analyst.py (its analyst sections), report.py (the HTML report)."""
