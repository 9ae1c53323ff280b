/**
 * A table on wide screens; on narrow ones (phones) each row becomes a card whose cells
 * carry their column name (data-label), so nothing scrolls sideways at 360 px.
 */
import type { Key, ReactNode } from 'react';

export interface Column<T> {
  key: string;
  header: string;
  render: (row: T) => ReactNode;
  /** 'actions' cells get no label on cards and line their buttons up. */
  kind?: 'text' | 'actions' | 'code';
}

export interface DataTableProps<T> {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => Key;
  /** Hides the caption visually (it stays for screen readers) when a heading already says it. */
  captionHidden?: boolean;
  testId?: string;
}

export function DataTable<T>({ caption, columns, rows, rowKey, captionHidden = true, testId }: DataTableProps<T>) {
  return (
    <table className="data-table" data-testid={testId}>
      <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.key} scope="col">
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column) => (
              <td
                key={column.key}
                data-label={column.kind === 'actions' ? undefined : column.header}
                className={column.kind ? `data-table__cell--${column.kind}` : undefined}
              >
                <div className="data-table__value">{column.render(row)}</div>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
