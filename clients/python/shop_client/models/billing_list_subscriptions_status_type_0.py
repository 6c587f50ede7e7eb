from enum import StrEnum


class BillingListSubscriptionsStatusType0(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    PAST_DUE = "past_due"
    PAUSED = "paused"

    def __str__(self) -> str:
        return str(self.value)
