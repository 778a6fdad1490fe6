/** Builds the links the payment service hands out, from its public base URL. */
export class PaymentLinks {
  constructor(private baseUrl: string | undefined) {}

  /** Without a configured public URL, the service's own listening URL is used. */
  useListeningUrlUnlessConfigured(url: string): void {
    this.baseUrl ??= url;
  }

  authenticate(chargeId: string): string {
    if (this.baseUrl === undefined) throw new Error('The payment service is not listening yet');
    return `${this.baseUrl}/charges/${encodeURIComponent(chargeId)}/authenticate`;
  }
}
