from enum import StrEnum


class ShippingUpdateStatus(StrEnum):
    DELIVERED = "delivered"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
