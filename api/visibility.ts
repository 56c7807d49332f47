/**
 * Lists from Temporal's visibility store, by the search attributes workflows keep current. Values in queries
 * come only from validated codes, and are quoted.
 */
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';

export const q = (value: string) => `'${value.replace(/[^A-Za-z0-9_.:-]/g, '')}'`;

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export async function listPage<T>(
  client: Client,
  query: string,
  page: number,
  pageSize: number,
  map: (w: WorkflowExecutionInfo) => T,
): Promise<Page<T>> {
  const items: T[] = [];
  let index = 0;
  const start = (page - 1) * pageSize;
  for await (const w of client.workflow.list({ query, pageSize: Math.min(1000, start + pageSize + 1) })) {
    if (index >= start && items.length < pageSize) items.push(map(w));
    index += 1;
    if (index > start + pageSize) return { items, page, pageSize, hasMore: true };
  }
  return { items, page, pageSize, hasMore: false };
}

export function attr(w: WorkflowExecutionInfo, name: string): unknown {
  const v = (w.searchAttributes as Record<string, unknown[] | undefined>)[name];
  return Array.isArray(v) ? v[0] : v;
}
