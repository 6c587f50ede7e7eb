"""A card acquirer sandbox: tokens, charges, captures, voids and refunds over HTTP."""
