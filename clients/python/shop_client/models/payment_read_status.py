from enum import StrEnum


class PaymentReadStatus(StrEnum):
    CANCELED = "canceled"
    FAILED = "failed"
    PROCESSING = "processing"
    REQUIRES_CAPTURE = "requires_capture"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
