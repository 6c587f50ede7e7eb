"""The catalog's rules: product management (``products``) and the stock saga
(``reservations`` for placing holds, ``fulfilment`` for selling, releasing and expiring them)."""
