"""The assurance dashboard and learning reports (issue 4). See docs/dashboard.md."""
