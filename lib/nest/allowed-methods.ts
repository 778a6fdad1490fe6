import type { Request } from 'express';

interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): boolean;
}

/**
 * The methods the app declares for the request's path, e.g. ['GET', 'POST']; empty when no
 * route matches it at all. Read from Express's router, where Nest registers every route.
 */
export function allowedMethods(request: Request): string[] {
  const router = (request.app as unknown as { router?: { stack?: RouteLayer[] } }).router;
  const methods = new Set<string>();
  for (const layer of router?.stack ?? []) {
    if (!layer.route) continue;
    let matches = false;
    try {
      matches = layer.match(request.path);
    } catch {
      // A path Express cannot decode matches nothing.
    }
    if (!matches) continue;
    for (const [method, declared] of Object.entries(layer.route.methods)) {
      if (declared && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods].sort();
}
