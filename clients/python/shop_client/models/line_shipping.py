from enum import StrEnum


class LineShipping(StrEnum):
    DELIVERED = "delivered"
    NOT_SHIPPED = "not_shipped"
    SHIPPED = "shipped"

    def __str__(self) -> str:
        return str(self.value)
