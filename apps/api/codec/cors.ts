import type { Response } from 'express';

/** What the Web UI sends with its codec requests (X-Namespace, a token when configured). */
const ALLOWED_HEADERS = 'Content-Type, Authorization, X-Namespace';

export function allowCors(response: Response, origin: string): void {
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Access-Control-Allow-Credentials', 'true');
  response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
  response.setHeader('Access-Control-Max-Age', '600');
  response.setHeader('Vary', 'Origin');
}
