"""Every query of the orders service, one module per aggregate: ``products`` (the read model),
``carts`` and ``orders`` (the ORM reads of the API, and the Core statements of the saga)."""
