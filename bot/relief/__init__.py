"""Record relief: what the law where a case was may offer trafficking survivors."""
