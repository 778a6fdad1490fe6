export interface HttpResult<Body = unknown> {
  status: number;
  headers: Headers;
  contentType: string;
  body: Body;
}

/** The API over real HTTP, as one caller: with its bearer token, or anonymous without one. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
    /** The caller's id (the token's subject), when it has one. */
    readonly callerId = '',
  ) {}

  get<Body = unknown>(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<Body>> {
    return this.send('GET', path, undefined, headers);
  }

  post<Body = unknown>(
    path: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<Body>> {
    return this.send('POST', path, json, headers);
  }

  async send<Body>(
    method: string,
    path: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult<Body>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }),
        ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: json === undefined ? null : JSON.stringify(json),
    });
    return readResult<Body>(response);
  }
}

export async function readResult<Body>(response: Response): Promise<HttpResult<Body>> {
  const contentType = response.headers.get('content-type') ?? '';
  const body = (
    contentType.includes('json') ? await response.json() : await response.text()
  ) as Body;
  return { status: response.status, headers: response.headers, contentType, body };
}

/**
 * Repeats `check` until it stops throwing (a failed expect included), then returns its result;
 * after `timeoutMs` the last failure is the test's. For what is eventually true: a saga's
 * progress, visibility catching up.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
