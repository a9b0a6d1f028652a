/** Placeholder while being built. */
export function PaymentDialog() {
  return null;
}
