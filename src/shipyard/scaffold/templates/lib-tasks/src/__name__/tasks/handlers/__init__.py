"""Task implementations, run by workers only: one module per task with `handle(task)`."""
