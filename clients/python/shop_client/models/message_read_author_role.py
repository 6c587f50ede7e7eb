from enum import StrEnum


class MessageReadAuthorRole(StrEnum):
    ADMIN = "admin"
    BUYER = "buyer"
    SELLER = "seller"

    def __str__(self) -> str:
        return str(self.value)
