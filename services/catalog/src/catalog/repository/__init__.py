"""Every query of the catalog, one module per aggregate: ``products`` (reads, the seller's
edits), ``stock`` (locked stock levels and their changes) and ``reservations``."""
