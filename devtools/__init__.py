"""The test and bench harness (servers, Chromium, AppTest, page JS); it imports nothing from bench, loadtest, scripts or tests."""
