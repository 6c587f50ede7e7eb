"""Contains all the data models used in inputs/outputs"""

from .accepted import Accepted
from .admin_user_update import AdminUserUpdate
from .admin_user_update_role_type_0 import AdminUserUpdateRoleType0
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_read import ApiKeyRead
from .auth_list_users_role_type_0 import AuthListUsersRoleType0
from .auth_problem_detail import AuthProblemDetail
from .auth_problem_detail_errors_type_0_item import AuthProblemDetailErrorsType0Item
from .auth_token_login_request import AuthTokenLoginRequest
from .balance_check import BalanceCheck
from .balance_check_currencies import BalanceCheckCurrencies
from .body_checkout_pay_checkout_session_id_post import BodyCheckoutPayCheckoutSessionIdPost
from .callback_received import CallbackReceived
from .capture_create import CaptureCreate
from .cart_line_read import CartLineRead
from .cart_read import CartRead
from .catalog_problem_detail import CatalogProblemDetail
from .catalog_problem_detail_errors_type_0_item import CatalogProblemDetailErrorsType0Item
from .checkout_session_create import CheckoutSessionCreate
from .checkout_session_read import CheckoutSessionRead
from .code_confirm import CodeConfirm
from .email_change import EmailChange
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
from .orders_http_validation_error import OrdersHTTPValidationError
from .orders_problem_detail import OrdersProblemDetail
from .orders_problem_detail_errors_type_0_item import OrdersProblemDetailErrorsType0Item
from .orders_validation_error import OrdersValidationError
from .orders_validation_error_context import OrdersValidationErrorContext
from .page_api_key_read import PageApiKeyRead
from .page_message_read import PageMessageRead
from .page_order_read import PageOrderRead
from .page_payment_method_read import PagePaymentMethodRead
from .page_payment_read import PagePaymentRead
from .page_product_read import PageProductRead
from .page_refund_read import PageRefundRead
from .page_user_read import PageUserRead
from .password_change import PasswordChange
from .password_reset_confirm import PasswordResetConfirm
from .password_reset_request import PasswordResetRequest
from .payment_create import PaymentCreate
from .payment_create_capture import PaymentCreateCapture
from .payment_create_metadata import PaymentCreateMetadata
from .payment_detail import PaymentDetail
from .payment_detail_metadata import PaymentDetailMetadata
from .payment_detail_method import PaymentDetailMethod
from .payment_method_create import PaymentMethodCreate
from .payment_method_read import PaymentMethodRead
from .payment_read import PaymentRead
from .payment_read_metadata import PaymentReadMetadata
from .payment_read_method import PaymentReadMethod
from .payments_http_validation_error import PaymentsHTTPValidationError
from .payments_list_payments_status_type_0 import PaymentsListPaymentsStatusType0
from .payments_problem_detail import PaymentsProblemDetail
from .payments_problem_detail_errors_type_0_item import PaymentsProblemDetailErrorsType0Item
from .payments_validation_error import PaymentsValidationError
from .payments_validation_error_context import PaymentsValidationErrorContext
from .product_create import ProductCreate
from .product_read import ProductRead
from .product_replace import ProductReplace
from .product_update import ProductUpdate
from .quantity_update import QuantityUpdate
from .refresh_token_body import RefreshTokenBody
from .refund_create import RefundCreate
from .refund_read import RefundRead
from .refund_summary import RefundSummary
from .shipping_address import ShippingAddress
from .shipping_read import ShippingRead
from .shipping_read_status import ShippingReadStatus
from .shipping_update import ShippingUpdate
from .shipping_update_status import ShippingUpdateStatus
from .status_entry import StatusEntry
from .stock_adjust import StockAdjust
from .timeline_entry import TimelineEntry
from .token_pair import TokenPair
from .user_create import UserCreate
from .user_create_role import UserCreateRole
from .user_read import UserRead
from .user_read_role import UserReadRole
from .user_update import UserUpdate
from .wallet_deposit import WalletDeposit
from .wallet_deposit_read import WalletDepositRead
from .wallet_payment_read import WalletPaymentRead
from .wallet_payment_read_metadata import WalletPaymentReadMetadata
from .wallet_payment_read_method import WalletPaymentReadMethod
from .wallet_read import WalletRead
from .wallet_reset_read import WalletResetRead
from .wallet_reset_read_coins import WalletResetReadCoins

__all__ = (
    "Accepted",
    "AdminUserUpdate",
    "AdminUserUpdateRoleType0",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyRead",
    "AuthListUsersRoleType0",
    "AuthProblemDetail",
    "AuthProblemDetailErrorsType0Item",
    "AuthTokenLoginRequest",
    "BalanceCheck",
    "BalanceCheckCurrencies",
    "BodyCheckoutPayCheckoutSessionIdPost",
    "CallbackReceived",
    "CaptureCreate",
    "CartLineRead",
    "CartRead",
    "CatalogProblemDetail",
    "CatalogProblemDetailErrorsType0Item",
    "CheckoutSessionCreate",
    "CheckoutSessionRead",
    "CodeConfirm",
    "EmailChange",
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
    "OrdersHTTPValidationError",
    "OrdersProblemDetail",
    "OrdersProblemDetailErrorsType0Item",
    "OrderStatus",
    "OrdersValidationError",
    "OrdersValidationErrorContext",
    "PageApiKeyRead",
    "PageMessageRead",
    "PageOrderRead",
    "PagePaymentMethodRead",
    "PagePaymentRead",
    "PageProductRead",
    "PageRefundRead",
    "PageUserRead",
    "PasswordChange",
    "PasswordResetConfirm",
    "PasswordResetRequest",
    "PaymentCreate",
    "PaymentCreateCapture",
    "PaymentCreateMetadata",
    "PaymentDetail",
    "PaymentDetailMetadata",
    "PaymentDetailMethod",
    "PaymentMethodCreate",
    "PaymentMethodRead",
    "PaymentRead",
    "PaymentReadMetadata",
    "PaymentReadMethod",
    "PaymentsHTTPValidationError",
    "PaymentsListPaymentsStatusType0",
    "PaymentsProblemDetail",
    "PaymentsProblemDetailErrorsType0Item",
    "PaymentsValidationError",
    "PaymentsValidationErrorContext",
    "ProductCreate",
    "ProductRead",
    "ProductReplace",
    "ProductUpdate",
    "QuantityUpdate",
    "RefreshTokenBody",
    "RefundCreate",
    "RefundRead",
    "RefundSummary",
    "ShippingAddress",
    "ShippingRead",
    "ShippingReadStatus",
    "ShippingUpdate",
    "ShippingUpdateStatus",
    "StatusEntry",
    "StockAdjust",
    "TimelineEntry",
    "TokenPair",
    "UserCreate",
    "UserCreateRole",
    "UserRead",
    "UserReadRole",
    "UserUpdate",
    "WalletDeposit",
    "WalletDepositRead",
    "WalletPaymentRead",
    "WalletPaymentReadMetadata",
    "WalletPaymentReadMethod",
    "WalletRead",
    "WalletResetRead",
    "WalletResetReadCoins",
)
