"""Scaffolding: templates -> a FilePlan -> applied atomically."""
