"""The orders service: carts, orders, the order state machine and the orders side of the saga."""
