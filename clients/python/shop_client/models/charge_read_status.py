from enum import StrEnum


class ChargeReadStatus(StrEnum):
    FAILED = "failed"
    REQUESTED = "requested"
    RETRYING = "retrying"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)
