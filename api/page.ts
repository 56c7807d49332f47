/** One page of a list: the rows asked for, and whether more follow. */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

/** The rows to ask the listing store for: one past the page, so the page can tell whether more follow. */
export const pageWindow = (page: number, pageSize: number) => ({ offset: (page - 1) * pageSize, limit: pageSize + 1 });

/** A page from up to pageSize + 1 rows read at the page's offset (`pageWindow`). */
export function pageOf<R, T>(rows: readonly R[], page: number, pageSize: number, map: (row: R) => T): Page<T> {
  return { items: rows.slice(0, pageSize).map(map), page, pageSize, hasMore: rows.length > pageSize };
}
