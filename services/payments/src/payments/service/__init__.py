"""The payments rules, one module per use case; functions take the session first, never commit."""
