/** Every kind of e-mail the server queues (checked against src/ by test/web-i18n-dutch.test.ts). */
export const KINDS = [
  'booking_confirmation',
  'booking_cancellation',
  'booking_reschedule',
  'booking_reminder',
  'intake_link',
  'privacy_portal',
  'staff_invitation',
  'correction_request',
  'shop_order_confirmation',
  'shop_withdrawal_receipt',
] as const;
