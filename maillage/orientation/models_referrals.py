"""Filled by its part of issue 18."""

__all__ = []
