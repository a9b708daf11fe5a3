import type { Widget } from "./widgets";

/** CloudWatch dashboards are 24 columns wide. */
export const GRID_COLUMNS = 24;

/** A titled row: a text header across the grid, then its widgets left to right, wrapping. */
export interface Row {
  readonly title: string;
  /** Shown under the title. @default none */
  readonly description?: string;
  readonly widgets: readonly Widget[];
}

/** A widget placed on the grid, as the dashboard body's `widgets` array holds it. */
export interface PlacedWidget extends Widget {
  readonly x: number;
  readonly y: number;
}

/** Places rows top to bottom; within a row widgets flow left to right and wrap at 24 columns. */
export function layoutRows(rows: readonly Row[]): PlacedWidget[] {
  const placed: PlacedWidget[] = [];
  let y = 0;
  for (const row of rows) {
    if (row.widgets.length === 0) throw new Error(`row "${row.title}": give at least one widget (drop the row instead)`);
    const header = row.description ? `## ${row.title}\n${row.description}` : `## ${row.title}`;
    const headerHeight = row.description ? 2 : 1;
    placed.push({ type: "text", width: GRID_COLUMNS, height: headerHeight, properties: { markdown: header }, x: 0, y });
    y += headerHeight;
    let x = 0;
    let lineHeight = 0;
    for (const widget of row.widgets) {
      if (widget.width < 1 || widget.width > GRID_COLUMNS) throw new Error(`row "${row.title}": widget width ${widget.width} is outside 1..${GRID_COLUMNS}`);
      if (x + widget.width > GRID_COLUMNS) {
        y += lineHeight;
        x = 0;
        lineHeight = 0;
      }
      placed.push({ ...widget, x, y });
      x += widget.width;
      lineHeight = Math.max(lineHeight, widget.height);
    }
    y += lineHeight;
  }
  return placed;
}

/** Pairs of placed widgets that share a grid cell (none, for what `layoutRows` returns). */
export function overlappingWidgets(widgets: readonly PlacedWidget[]): Array<[PlacedWidget, PlacedWidget]> {
  const overlap = (a: PlacedWidget, b: PlacedWidget) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  return widgets.flatMap((a, i) => widgets.slice(i + 1).filter((b) => overlap(a, b)).map((b): [PlacedWidget, PlacedWidget] => [a, b]));
}
