"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .admin_user_update import AdminUserUpdate
from .admin_user_update_role_type_0 import AdminUserUpdateRoleType0
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_read import ApiKeyRead
from .attempt_read import AttemptRead
from .attempt_read_trigger import AttemptReadTrigger
from .auth_list_users_role_type_0 import AuthListUsersRoleType0
from .auth_token_login_request import AuthTokenLoginRequest
from .balance_check import BalanceCheck
from .balance_check_currencies import BalanceCheckCurrencies
from .billing_list_charges_status_type_0 import BillingListChargesStatusType0
from .billing_list_subscription_charges_status_type_0 import BillingListSubscriptionChargesStatusType0
from .billing_list_subscriptions_status_type_0 import BillingListSubscriptionsStatusType0
from .body_checkout_pay_checkout_session_id_post import BodyCheckoutPayCheckoutSessionIdPost
from .callback_received import CallbackReceived
from .callbacks_received import CallbacksReceived
from .capture_create import CaptureCreate
from .cart_line_read import CartLineRead
from .cart_read import CartRead
from .charge_read import ChargeRead
from .charge_read_status import ChargeReadStatus
from .checkout_session_create import CheckoutSessionCreate
from .checkout_session_read import CheckoutSessionRead
from .checkout_session_read_status import CheckoutSessionReadStatus
from .code_confirm import CodeConfirm
from .delivery_detail import DeliveryDetail
from .delivery_detail_payload import DeliveryDetailPayload
from .delivery_detail_status import DeliveryDetailStatus
from .delivery_read import DeliveryRead
from .delivery_read_status import DeliveryReadStatus
from .email_change import EmailChange
from .endpoint_create import EndpointCreate
from .endpoint_created import EndpointCreated
from .endpoint_created_status import EndpointCreatedStatus
from .endpoint_read import EndpointRead
from .endpoint_read_status import EndpointReadStatus
from .endpoint_secret import EndpointSecret
from .endpoint_update import EndpointUpdate
from .event_type_list import EventTypeList
from .event_type_read import EventTypeRead
from .event_type_read_schema import EventTypeReadSchema
from .internal_products import InternalProducts
from .jwks import Jwks
from .jwks_keys_item import JwksKeysItem
from .ledger_mismatch import LedgerMismatch
from .line_item import LineItem
from .line_shipping import LineShipping
from .line_shipping_read import LineShippingRead
from .message_create import MessageCreate
from .message_read import MessageRead
from .message_read_author_role import MessageReadAuthorRole
from .order_cancel import OrderCancel
from .order_create import OrderCreate
from .order_line_read import OrderLineRead
from .order_read import OrderRead
from .order_status import OrderStatus
from .page_api_key_read import PageApiKeyRead
from .page_charge_read import PageChargeRead
from .page_delivery_read import PageDeliveryRead
from .page_endpoint_read import PageEndpointRead
from .page_message_read import PageMessageRead
from .page_order_read import PageOrderRead
from .page_payment_method_read import PagePaymentMethodRead
from .page_payment_read import PagePaymentRead
from .page_product_read import PageProductRead
from .page_refund_read import PageRefundRead
from .page_subscription_read import PageSubscriptionRead
from .page_user_read import PageUserRead
from .password_change import PasswordChange
from .password_reset_confirm import PasswordResetConfirm
from .password_reset_request import PasswordResetRequest
from .payment_create import PaymentCreate
from .payment_create_capture import PaymentCreateCapture
from .payment_create_metadata import PaymentCreateMetadata
from .payment_detail import PaymentDetail
from .payment_detail_capture import PaymentDetailCapture
from .payment_detail_metadata import PaymentDetailMetadata
from .payment_detail_method import PaymentDetailMethod
from .payment_detail_status import PaymentDetailStatus
from .payment_method_create import PaymentMethodCreate
from .payment_method_read import PaymentMethodRead
from .payment_read import PaymentRead
from .payment_read_capture import PaymentReadCapture
from .payment_read_metadata import PaymentReadMetadata
from .payment_read_method import PaymentReadMethod
from .payment_read_status import PaymentReadStatus
from .payments_list_payments_status_type_0 import PaymentsListPaymentsStatusType0
from .period import Period
from .problem import Problem
from .product_create import ProductCreate
from .product_read import ProductRead
from .product_replace import ProductReplace
from .product_update import ProductUpdate
from .quantity_update import QuantityUpdate
from .refresh_token_body import RefreshTokenBody
from .refund_create import RefundCreate
from .refund_read import RefundRead
from .refund_read_status import RefundReadStatus
from .refund_summary import RefundSummary
from .shipping_address import ShippingAddress
from .shipping_read import ShippingRead
from .shipping_read_status import ShippingReadStatus
from .shipping_update import ShippingUpdate
from .shipping_update_status import ShippingUpdateStatus
from .status_entry import StatusEntry
from .stock_adjust import StockAdjust
from .subscription_cancel import SubscriptionCancel
from .subscription_create import SubscriptionCreate
from .subscription_create_frequency import SubscriptionCreateFrequency
from .subscription_read import SubscriptionRead
from .subscription_read_frequency import SubscriptionReadFrequency
from .subscription_read_status import SubscriptionReadStatus
from .subscription_update import SubscriptionUpdate
from .test_clock_read import TestClockRead
from .test_clock_set import TestClockSet
from .timeline_entry import TimelineEntry
from .token_pair import TokenPair
from .user_create import UserCreate
from .user_create_role import UserCreateRole
from .user_read import UserRead
from .user_read_role import UserReadRole
from .user_update import UserUpdate
from .validation_issue import ValidationIssue
from .validation_problem import ValidationProblem
from .wallet_deposit import WalletDeposit
from .wallet_deposit_read import WalletDepositRead
from .wallet_payment_read import WalletPaymentRead
from .wallet_payment_read_capture import WalletPaymentReadCapture
from .wallet_payment_read_metadata import WalletPaymentReadMetadata
from .wallet_payment_read_method import WalletPaymentReadMethod
from .wallet_payment_read_status import WalletPaymentReadStatus
from .wallet_read import WalletRead
from .wallet_reset_read import WalletResetRead
from .wallet_reset_read_coins import WalletResetReadCoins
from .webhooks_list_deliveries_status_type_0 import WebhooksListDeliveriesStatusType0
from .webhooks_list_endpoints_status_type_0 import WebhooksListEndpointsStatusType0

__all__ = (
    "Accepted",
    "AdminUserUpdate",
    "AdminUserUpdateRoleType0",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyRead",
    "AttemptRead",
    "AttemptReadTrigger",
    "AuthListUsersRoleType0",
    "AuthTokenLoginRequest",
    "BalanceCheck",
    "BalanceCheckCurrencies",
    "BillingListChargesStatusType0",
    "BillingListSubscriptionChargesStatusType0",
    "BillingListSubscriptionsStatusType0",
    "BodyCheckoutPayCheckoutSessionIdPost",
    "CallbackReceived",
    "CallbacksReceived",
    "CaptureCreate",
    "CartLineRead",
    "CartRead",
    "ChargeRead",
    "ChargeReadStatus",
    "CheckoutSessionCreate",
    "CheckoutSessionRead",
    "CheckoutSessionReadStatus",
    "CodeConfirm",
    "DeliveryDetail",
    "DeliveryDetailPayload",
    "DeliveryDetailStatus",
    "DeliveryRead",
    "DeliveryReadStatus",
    "EmailChange",
    "EndpointCreate",
    "EndpointCreated",
    "EndpointCreatedStatus",
    "EndpointRead",
    "EndpointReadStatus",
    "EndpointSecret",
    "EndpointUpdate",
    "EventTypeList",
    "EventTypeRead",
    "EventTypeReadSchema",
    "InternalProducts",
    "Jwks",
    "JwksKeysItem",
    "LedgerMismatch",
    "LineItem",
    "LineShipping",
    "LineShippingRead",
    "MessageCreate",
    "MessageRead",
    "MessageReadAuthorRole",
    "OrderCancel",
    "OrderCreate",
    "OrderLineRead",
    "OrderRead",
    "OrderStatus",
    "PageApiKeyRead",
    "PageChargeRead",
    "PageDeliveryRead",
    "PageEndpointRead",
    "PageMessageRead",
    "PageOrderRead",
    "PagePaymentMethodRead",
    "PagePaymentRead",
    "PageProductRead",
    "PageRefundRead",
    "PageSubscriptionRead",
    "PageUserRead",
    "PasswordChange",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "PaymentCreate",
    "PaymentCreateCapture",
    "PaymentCreateMetadata",
    "PaymentDetail",
    "PaymentDetailCapture",
    "PaymentDetailMetadata",
    "PaymentDetailMethod",
    "PaymentDetailStatus",
    "PaymentMethodCreate",
    "PaymentMethodRead",
    "PaymentRead",
    "PaymentReadCapture",
    "PaymentReadMetadata",
    "PaymentReadMethod",
    "PaymentReadStatus",
    "PaymentsListPaymentsStatusType0",
    "Period",
    "Problem",
    "ProductCreate",
    "ProductRead",
    "ProductReplace",
    "ProductUpdate",
    "QuantityUpdate",
    "RefreshTokenBody",
    "RefundCreate",
    "RefundRead",
    "RefundReadStatus",
    "RefundSummary",
    "ShippingAddress",
    "ShippingRead",
    "ShippingReadStatus",
    "ShippingUpdate",
    "ShippingUpdateStatus",
    "StatusEntry",
    "StockAdjust",
    "SubscriptionCancel",
    "SubscriptionCreate",
    "SubscriptionCreateFrequency",
    "SubscriptionRead",
    "SubscriptionReadFrequency",
    "SubscriptionReadStatus",
    "SubscriptionUpdate",
    "TestClockRead",
    "TestClockSet",
    "TimelineEntry",
    "TokenPair",
    "UserCreate",
    "UserCreateRole",
    "UserRead",
    "UserReadRole",
    "UserUpdate",
    "ValidationIssue",
    "ValidationProblem",
    "WalletDeposit",
    "WalletDepositRead",
    "WalletPaymentRead",
    "WalletPaymentReadCapture",
    "WalletPaymentReadMetadata",
    "WalletPaymentReadMethod",
    "WalletPaymentReadStatus",
    "WalletRead",
    "WalletResetRead",
    "WalletResetReadCoins",
    "WebhooksListDeliveriesStatusType0",
    "WebhooksListEndpointsStatusType0",
)
