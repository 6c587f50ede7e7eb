from enum import StrEnum


class UserReadRole(StrEnum):
    ADMIN = "admin"
    BUYER = "buyer"
    SELLER = "seller"

    def __str__(self) -> str:
        return str(self.value)
