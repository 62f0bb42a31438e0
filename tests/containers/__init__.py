"""Tests that build and run generated images in a container engine."""
