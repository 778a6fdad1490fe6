/** GET `<baseUrl>/health`; resolves when the service answers 2xx. */
export async function pingService(baseUrl: string, signal: AbortSignal): Promise<void> {
  const url = `${baseUrl.replace(/\/+$/, '')}/health`;
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new Error(`${url} is unreachable: ${reasonOf(error)}`, { cause: error });
  }
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
}

/** fetch hides the network error (ECONNREFUSED and the like) in its cause. */
function reasonOf(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error) return 'code' in cause ? String(cause.code) : cause.message;
  return error instanceof Error ? error.message : String(error);
}
