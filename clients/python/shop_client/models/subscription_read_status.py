from enum import StrEnum


class SubscriptionReadStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    PAST_DUE = "past_due"
    PAUSED = "paused"

    def __str__(self) -> str:
        return str(self.value)
