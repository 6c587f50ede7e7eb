from enum import StrEnum


class AdminUserUpdateRoleType0(StrEnum):
    ADMIN = "admin"
    BUYER = "buyer"
    SELLER = "seller"

    def __str__(self) -> str:
        return str(self.value)
