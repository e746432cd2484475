"""Lint rules, one module per group: numbering (S), tasks (T), metadata (M), references (R)."""
