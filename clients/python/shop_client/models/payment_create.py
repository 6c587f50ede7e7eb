from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..models.payment_create_capture import PaymentCreateCapture
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.payment_create_metadata import PaymentCreateMetadata


T = TypeVar("T", bound="PaymentCreate")


@_attrs_define
class PaymentCreate:
    """
    Attributes:
        amount (int): Integer minor units
        currency (str): ISO 4217 code
        payment_method_id (Literal['wallet'] | UUID):
        capture (PaymentCreateCapture | Unset):  Default: PaymentCreateCapture.AUTOMATIC.
        description (None | str | Unset):
        metadata (PaymentCreateMetadata | Unset):
        order_id (None | Unset | UUID):
    """

    amount: int
    currency: str
    payment_method_id: Literal["wallet"] | UUID
    capture: PaymentCreateCapture | Unset = PaymentCreateCapture.AUTOMATIC
    description: None | str | Unset = UNSET
    metadata: PaymentCreateMetadata | Unset = UNSET
    order_id: None | Unset | UUID = UNSET

    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        currency = self.currency

        payment_method_id: Literal["wallet"] | str
        if isinstance(self.payment_method_id, UUID):
            payment_method_id = str(self.payment_method_id)
        else:
            payment_method_id = self.payment_method_id

        capture: str | Unset = UNSET
        if not isinstance(self.capture, Unset):
            capture = self.capture.value

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        order_id: None | str | Unset
        if isinstance(self.order_id, Unset):
            order_id = UNSET
        elif isinstance(self.order_id, UUID):
            order_id = str(self.order_id)
        else:
            order_id = self.order_id

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "amount": amount,
                "currency": currency,
                "payment_method_id": payment_method_id,
            }
        )
        if capture is not UNSET:
            field_dict["capture"] = capture
        if description is not UNSET:
            field_dict["description"] = description
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if order_id is not UNSET:
            field_dict["order_id"] = order_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.payment_create_metadata import PaymentCreateMetadata  # noqa: PLC0415

        d = dict(src_dict)
        amount = d.pop("amount")

        currency = d.pop("currency")

        def _parse_payment_method_id(data: object) -> Literal["wallet"] | UUID:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                payment_method_id_type_0 = UUID(data)

                return payment_method_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            payment_method_id_type_1 = cast(Literal["wallet"], data)
            if payment_method_id_type_1 != "wallet":
                raise ValueError(
                    f"payment_method_id_type_1 must match const 'wallet', got '{payment_method_id_type_1}'"
                )
            return payment_method_id_type_1

        payment_method_id = _parse_payment_method_id(d.pop("payment_method_id"))

        _capture = d.pop("capture", UNSET)
        capture: PaymentCreateCapture | Unset
        if isinstance(_capture, Unset):
            capture = UNSET
        else:
            capture = PaymentCreateCapture(_capture)

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        _metadata = d.pop("metadata", UNSET)
        metadata: PaymentCreateMetadata | Unset
        if isinstance(_metadata, Unset):
            metadata = UNSET
        else:
            metadata = PaymentCreateMetadata.from_dict(_metadata)

        def _parse_order_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                order_id_type_0 = UUID(data)

                return order_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        order_id = _parse_order_id(d.pop("order_id", UNSET))

        payment_create = cls(
            amount=amount,
            currency=currency,
            payment_method_id=payment_method_id,
            capture=capture,
            description=description,
            metadata=metadata,
            order_id=order_id,
        )

        return payment_create
