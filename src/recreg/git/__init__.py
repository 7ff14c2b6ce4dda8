"""Editions at git revisions: resolving user revisions safely and diffing what a range of commits changed."""
