import { VisuallyHidden } from '@mantine/core';
import { type CSSProperties, type PointerEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fromMinutes, localMinutesOf } from '../agenda-time';
import type { AgendaEntry } from '../agenda-types';
import { useZonedFormat } from '../zoned-format';
import classes from './agenda.module.css';
import { visibleHours } from './visible-hours';

export interface AgendaColumn {
  key: string;
  title: string;
  date: string;
  /** The practitioner of this column; null when the column holds the whole clinic's day. */
  practitionerId: string | null;
  today: boolean;
  entries: AgendaEntry[];
  /** Local minutes outside the working (or opening) hours, shaded. */
  shade?: { start: number; end: number }[];
  /** A public holiday the clinic is closed on: its name, and the whole day shaded. */
  closed?: string;
}

const HOUR_HEIGHT = 64;
const PX_PER_MINUTE = HOUR_HEIGHT / 60;
const SNAP_MINUTES = 15;
const DRAG_THRESHOLD = 5;

interface Drag {
  id: string;
  pointerId: number;
  x: number;
  y: number;
  dx: number;
  dy: number;
  moved: boolean;
}

/** Overlapping appointments in one column share its width side by side (ISO instants sort as text). */
function lanes(entries: AgendaEntry[]) {
  const placed = new Map<string, { lane: number; lanes: number }>();
  const sorted = [...entries].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  let cluster: { id: string; lane: number }[] = [];
  let laneEnds: string[] = [];
  let clusterEnd = '';
  const close = () => {
    for (const item of cluster) placed.set(item.id, { lane: item.lane, lanes: laneEnds.length });
    cluster = [];
    laneEnds = [];
  };
  for (const entry of sorted) {
    if (cluster.length > 0 && entry.startsAt >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= entry.startsAt);
    if (lane === -1) lane = laneEnds.push(entry.endsAt) - 1;
    else laneEnds[lane] = entry.endsAt;
    cluster.push({ id: entry.id, lane });
    if (entry.endsAt > clusterEnd || cluster.length === 1) clusterEnd = entry.endsAt;
  }
  close();
  return placed;
}

/** Below this many minutes an appointment's block shows its lines side by side, so the treatment stays visible. */
const COMPACT_MINUTES = 45;

export function AgendaGrid({
  columns,
  showPractitioner,
  practitionerName,
  onOpen,
  onDrop,
  minColumnWidth,
}: {
  columns: AgendaColumn[];
  showPractitioner: boolean;
  practitionerName: (id: string) => string;
  onOpen: (entry: AgendaEntry) => void;
  onDrop: (entry: AgendaEntry, column: AgendaColumn, deltaMinutes: number) => void;
  minColumnWidth: number;
}) {
  const { t } = useTranslation('agenda');
  const format = useZonedFormat();
  const all = columns.flatMap((column) => column.entries);
  const { start, end } = visibleHours(all, format.timeZone, columns);
  const [drag, setDrag] = useState<Drag>();
  const justDragged = useRef(false);
  const hours = Array.from({ length: (end - start) / 60 + 1 }, (_, i) => start + i * 60);
  const style = {
    '--columns': columns.length,
    '--column-min': `${minColumnWidth}px`,
    '--hour-height': `${HOUR_HEIGHT}px`,
    '--body-height': `${(end - start) * PX_PER_MINUTE}px`,
  } as CSSProperties;

  const snapped = (dy: number) => Math.round(dy / PX_PER_MINUTE / SNAP_MINUTES) * SNAP_MINUTES;

  const pointerDown = (event: PointerEvent<HTMLButtonElement>, entry: AgendaEntry) => {
    if (event.button !== 0 || event.pointerType === 'touch') return;
    event.currentTarget.setPointerCapture(event.pointerId);
    setDrag({
      id: entry.id,
      pointerId: event.pointerId,
      x: event.clientX,
      y: event.clientY,
      dx: 0,
      dy: 0,
      moved: false,
    });
  };
  const pointerMove = (event: PointerEvent<HTMLButtonElement>) => {
    if (!drag || drag.pointerId !== event.pointerId) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    const moved = drag.moved || Math.abs(dx) > DRAG_THRESHOLD || Math.abs(dy) > DRAG_THRESHOLD;
    setDrag({ ...drag, dx, dy, moved });
  };
  const pointerUp = (event: PointerEvent<HTMLButtonElement>, entry: AgendaEntry) => {
    if (!drag || drag.pointerId !== event.pointerId) return;
    setDrag(undefined);
    if (!drag.moved) return;
    justDragged.current = true;
    const target = document
      .elementsFromPoint(event.clientX, event.clientY)
      .find((element) => element instanceof HTMLElement && element.dataset.column !== undefined);
    const column = columns.find((c) => c.key === (target as HTMLElement | undefined)?.dataset.column);
    const delta = snapped(event.clientY - drag.y);
    if (column) onDrop(entry, column, delta);
  };

  return (
    <div className={classes.scroller}>
      <div className={classes.grid} style={style}>
        <div className={classes.corner} />
        {columns.map((column) => (
          <div key={column.key} className={classes.columnHead} data-today={column.today || undefined}>
            {column.title}
            {column.closed && <span className={classes.closedLabel}>{column.closed}</span>}
          </div>
        ))}
        <div className={classes.hours} aria-hidden="true">
          {hours.map((minute) => (
            <span
              key={minute}
              className={classes.hourLabel}
              data-testid="agenda-hour"
              style={{
                top: Math.min(
                  Math.max((minute - start) * PX_PER_MINUTE, 8),
                  (end - start) * PX_PER_MINUTE - 8,
                ),
              }}
            >
              {fromMinutes(minute)}
            </span>
          ))}
        </div>
        {columns.map((column) => {
          const placed = lanes(column.entries);
          return (
            <section
              key={column.key}
              className={classes.column}
              data-column={column.key}
              aria-label={column.title}
              data-testid="agenda-column"
              data-closed={column.closed ? true : undefined}
            >
              {(column.closed ? [{ start, end }] : (column.shade ?? []))
                .map((gap) => ({ start: Math.max(gap.start, start), end: Math.min(gap.end, end) }))
                .filter((gap) => gap.end > gap.start)
                .map((gap) => (
                  <div
                    key={gap.start}
                    className={classes.offHours}
                    style={{
                      top: (gap.start - start) * PX_PER_MINUTE,
                      height: (gap.end - gap.start) * PX_PER_MINUTE,
                    }}
                    aria-hidden="true"
                    data-testid="agenda-off-hours"
                  />
                ))}
              {column.entries.map((entry) => {
                const from = localMinutesOf(entry.startsAt, format.timeZone);
                const until = localMinutesOf(entry.endsAt, format.timeZone) || 24 * 60;
                const lane = placed.get(entry.id) ?? { lane: 0, lanes: 1 };
                const dragging = drag?.id === entry.id && drag.moved;
                const position: CSSProperties = {
                  top: (from - start) * PX_PER_MINUTE,
                  height: Math.max((until - from) * PX_PER_MINUTE - 2, 20),
                  left: `calc(${(100 / lane.lanes) * lane.lane}% + 2px)`,
                  width: `calc(${100 / lane.lanes}% - 4px)`,
                  ...(dragging
                    ? { transform: `translate(${drag.dx}px, ${snapped(drag.dy) * PX_PER_MINUTE}px)` }
                    : {}),
                };
                const when = `${format.time(entry.startsAt)}–${format.time(entry.endsAt)}`;
                const who = showPractitioner ? ` · ${practitionerName(entry.practitionerId)}` : '';
                if (!entry.client) {
                  return (
                    <div
                      key={entry.id}
                      className={`${classes.block} ${classes.busy}`}
                      style={position}
                      data-testid="agenda-busy"
                    >
                      <span className={classes.blockName}>{t('staff.busy')}</span>
                      <span className={classes.blockLine}>{when}</span>
                      {who && <span className={classes.blockLine}>{who.replace(/^ · /, '')}</span>}
                    </div>
                  );
                }
                const name = `${entry.client.firstName} ${entry.client.lastName}`;
                const compact = until - from < COMPACT_MINUTES;
                return (
                  <button
                    key={entry.id}
                    type="button"
                    className={classes.block}
                    data-compact={compact || undefined}
                    title={`${name} · ${when}${entry.treatmentName ? ` · ${entry.treatmentName}` : ''}`}
                    style={position}
                    data-status={entry.status}
                    data-dragging={dragging || undefined}
                    data-testid="agenda-appointment"
                    onPointerDown={(event) => pointerDown(event, entry)}
                    onPointerMove={pointerMove}
                    onPointerUp={(event) => pointerUp(event, entry)}
                    onPointerCancel={() => setDrag(undefined)}
                    onClick={() => {
                      if (justDragged.current) {
                        justDragged.current = false;
                        return;
                      }
                      onOpen(entry);
                    }}
                  >
                    {compact ? (
                      <span className={classes.blockLine}>
                        <span className={classes.compactName}>{name}</span>
                        {entry.treatmentName && ` · ${entry.treatmentName}`}
                        <VisuallyHidden>{`, ${when}`}</VisuallyHidden>
                      </span>
                    ) : (
                      <>
                        <span className={classes.blockName}>{name}</span>
                        <span className={classes.blockLine}>{when}</span>
                      </>
                    )}
                    {entry.treatmentName && !compact && (
                      <span className={classes.blockLine}>{entry.treatmentName}</span>
                    )}
                    {entry.warnings && entry.warnings.length > 0 && (
                      <span
                        className={`${classes.blockLine} ${classes.warning}`}
                        data-testid="appointment-warning"
                      >
                        {`⚠ ${t('staff.warningsMarker', { count: entry.warnings.length })}`}
                      </span>
                    )}
                    {who && <span className={classes.blockLine}>{who.replace(/^ · /, '')}</span>}
                    <VisuallyHidden>{`, ${t(`status.${entry.status}`)}`}</VisuallyHidden>
                  </button>
                );
              })}
            </section>
          );
        })}
      </div>
    </div>
  );
}
