import { displayPath } from './progress.js';

export interface BannerInfo {
  apiUrl: string;
  /** The Temporal Web UI's base URL; undefined when it is not known (external Temporal). */
  webUiUrl: string | undefined;
  namespace: string;
  /** Kafka's bootstrap servers and whether the launcher runs it (`127.0.0.1:9092 (embedded)`). */
  kafka: string;
  /** The order read model's internal HTTP (the API's lists come from it). */
  readModelUrl: string;
  logsDir: string;
  dataDir: string;
  startedInMs: number;
}

/** Prints a 12-hour bearer token signed with the data folder's development key. */
export const TOKEN_COMMAND = 'npm run --silent token --';

/** The first line of the banner; tests and scripts wait for it. */
export const BANNER_HEADLINE = 'checkout-saga is running';

/** The Web UI's workflow list filtered by a visibility query (search attributes). */
export function workflowsUrl(webUiUrl: string, namespace: string, query?: string): string {
  const list = `${webUiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows`;
  return query === undefined ? list : `${list}?query=${encodeURIComponent(query)}`;
}

export function bannerText(info: BannerInfo): string {
  const rows: [string, string][] = [
    ['API', info.apiUrl],
    ['Swagger UI', `${info.apiUrl}/docs`],
  ];
  if (info.webUiUrl === undefined) {
    rows.push(['Temporal Web UI', 'set TEMPORAL_UI_URL to show it here']);
  } else {
    rows.push(
      ['Temporal Web UI', info.webUiUrl],
      ['  all orders', workflowsUrl(info.webUiUrl, info.namespace, 'WorkflowType="checkout"')],
      ['  failed orders', workflowsUrl(info.webUiUrl, info.namespace, 'OrderStatus="FAILED"')],
    );
  }
  rows.push(
    ['Kafka', info.kafka],
    ['Order read model', `${info.readModelUrl} (internal, behind the API's lists)`],
    ['Customer token', `${TOKEN_COMMAND} --customer cus_123`],
    ['Operator token', `${TOKEN_COMMAND} --operator ops_1`],
    ['Logs', displayPath(info.logsDir)],
    ['Data', displayPath(info.dataDir)],
  );
  const width = Math.max(...rows.map(([label]) => label.length));
  const rule = '─'.repeat(72);
  return [
    '',
    rule,
    `  ${BANNER_HEADLINE} (ready in ${(info.startedInMs / 1000).toFixed(1)} s)`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    `  /orders needs a bearer token: TOKEN=$(${TOKEN_COMMAND} --customer cus_123)`,
    `  then curl -H "Authorization: Bearer $TOKEN" ${info.apiUrl}/orders`,
    '  Press Ctrl-C to stop everything.',
    rule,
    '',
  ].join('\n');
}
