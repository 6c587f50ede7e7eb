from enum import StrEnum


class ShippingReadStatus(StrEnum):
    DELIVERED = "delivered"
    NOT_SHIPPED = "not_shipped"
    PARTIALLY_DELIVERED = "partially_delivered"
    PARTIALLY_SHIPPED = "partially_shipped"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
