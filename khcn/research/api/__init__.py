"""Research under /api/v1/: task proposals, S&T tasks with their progress reports, and
council seats (reviews), one module each."""
