"""Tests of full-text search: index, exact matching, filters, views, both databases."""
