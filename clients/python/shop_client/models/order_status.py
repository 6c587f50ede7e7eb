from enum import StrEnum


class OrderStatus(StrEnum):
    AWAITING_PAYMENT = "awaiting_payment"
    CANCELLED = "cancelled"
    DELIVERED = "delivered"
    PAID = "paid"
    PARTIALLY_REFUNDED = "partially_refunded"
    PENDING = "pending"
    REFUNDED = "refunded"
    REJECTED = "rejected"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
