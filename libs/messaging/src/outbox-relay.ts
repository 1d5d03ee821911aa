import { trace } from '@opentelemetry/api';
import type { DataSource } from 'typeorm';
import type { EventBus } from './event-bus.js';
import type { EventSigner } from './signing.js';
import { CORRELATION_HEADER, isCorrelationId } from './correlation.js';
import {
  contextFromHeaders,
  markFailed,
  messagingAttributes,
  messagingTracer,
  SpanKind,
  traceHeaders,
} from './tracing.js';

/** Any constant works; it only has to be the same for every relay of one database. */
export const RELAY_LOCK = 7_303_774_201;

export interface RelayOptions {
  /** Rows per pass at most. Default 2,000 (measured: a pass's fixed cost made 500 the relay's bottleneck). */
  batchSize?: number;
  /**
   * Bytes of envelopes per pass at most (the rows past it wait for the next pass), so one send stays under the
   * broker's 1 MB `message.max.bytes` whatever the envelopes weigh. Default 768 KiB. A pass always takes one row.
   */
  maxBatchBytes?: number;
  /** Time between passes when nothing asked for one (`nudge`). Default 250 ms. */
  intervalMs?: number;
  onError?: (error: unknown) => void;
  /** Called with what each pass published (after the bus acknowledged it), e.g. for a log line per event. */
  onPublished?: (events: PublishedEvent[]) => void;
  /** Signs every envelope as this organisation before it leaves (ADR 0034). */
  signer?: EventSigner;
}

/** What the relay reports of an event it published: ids and type only, never the payload. */
export interface PublishedEvent {
  eventId: string;
  eventType: string;
  topic: string;
  correlationId: string | undefined;
}

interface OutboxRow {
  seq: string;
  event_id: string;
  topic: string;
  event_key: string;
  event_type: string;
  envelope: unknown;
  trace_headers: Record<string, string> | null;
}

/**
 * Moves committed outbox rows to the bus in commit order. One relay per database is active at a time (a
 * transaction-scoped advisory lock), so order per key holds even when several replicas run a relay. A row is marked
 * published only after the bus acknowledged it; a crash between the two republishes it, and consumers' inboxes drop
 * the duplicate.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private nudged = false;
  private published = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly options: RelayOptions = {},
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Ask for a pass now (after a commit that wrote events). */
  nudge(): void {
    if (this.stopped) return;
    // A pass under way may already have read past the new rows or not: remember, and go again right after it.
    if (this.running) this.nudged = true;
    else this.schedule(0);
  }

  get publishedCount(): number {
    return this.published;
  }

  /** Publishes every pending row; returns how many. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.relayOnce();
      total += n;
      if (n === 0) return total;
    }
  }

  async relayOnce(): Promise<number> {
    const batchSize = this.options.batchSize ?? 2000;
    const maxBytes = this.options.maxBatchBytes ?? 768 * 1024;
    const published = await this.dataSource.transaction(async (em): Promise<PublishedEvent[]> => {
      const [{ locked }] = (await em.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [RELAY_LOCK])) as {
        locked: boolean;
      }[];
      if (!locked) return [];
      const rows = (await em.query(
        `SELECT seq, event_id, topic, event_key, event_type, envelope, trace_headers FROM outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      )) as OutboxRow[];
      if (rows.length === 0) return [];
      const values = rows.map((r) => (typeof r.envelope === 'string' ? r.envelope : JSON.stringify(r.envelope)));
      // A prefix only, so order holds: the rest stay unpublished (and unlocked at COMMIT) for the next pass.
      let bytes = 0;
      let take = 0;
      while (take < rows.length) {
        const size = Buffer.byteLength(values[take]!);
        if (take > 0 && bytes + size > maxBytes) break;
        bytes += size;
        take += 1;
      }
      rows.length = take;
      const signer = this.options.signer;
      const correlation = rows.map((r) => correlationOf(r.envelope));
      const spans = rows.map(produceSpan);
      try {
        await this.bus.publish(
          rows.map((r, i) => {
            const message = {
              topic: r.topic,
              key: r.event_key,
              value: values[i]!,
              headers: {
                'event-id': r.event_id,
                'event-type': r.event_type,
                // A copy for tools that read headers only; the consumer trusts the signed envelope's own (ADR 0045).
                ...(correlation[i] ? { [CORRELATION_HEADER]: correlation[i] } : {}),
                // The produce span's context (ADR 0056); the row's own when this relay does not trace.
                ...(r.trace_headers ?? {}),
                ...(spans[i] ? traceHeaders(spans[i].context) : {}),
              },
            };
            return signer ? signer.sign(message) : message;
          }),
        );
      } catch (error) {
        for (const s of spans) if (s) markFailed(s.span, error);
        throw error;
      } finally {
        for (const s of spans) s?.span.end();
      }
      await em.query(`UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      return rows.map((r, i) => ({
        eventId: r.event_id,
        eventType: r.event_type,
        topic: r.topic,
        correlationId: correlation[i],
      }));
    });
    this.published += published.length;
    if (published.length > 0) this.options.onPublished?.(published);
    return published.length;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    if (this.running) return;
    let next = this.options.intervalMs ?? 250;
    let failed = false;
    this.nudged = false;
    const pass = this.drain().catch((error: unknown) => {
      this.options.onError?.(error);
      failed = true;
      next = Math.min(5_000, next * 4);
    });
    this.running = pass;
    await pass;
    this.running = undefined;
    if (!this.stopped) this.schedule(this.nudged && !failed ? 0 : next);
  }
}

/**
 * A PRODUCER span for a row written in a traced context (ADR 0056), child of that context: it covers the send until
 * the broker acknowledged it, and its context goes on in the message's headers. None for a row written untraced.
 */
function produceSpan(row: OutboxRow) {
  if (!row.trace_headers) return undefined;
  const parent = contextFromHeaders(row.trace_headers);
  const span = messagingTracer().startSpan(
    `send ${row.topic}`,
    {
      kind: SpanKind.PRODUCER,
      attributes: messagingAttributes('send', row.topic, { id: row.event_id, type: row.event_type }),
    },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}

function correlationOf(envelope: unknown): string | undefined {
  const parsed = (typeof envelope === 'string' ? JSON.parse(envelope) : envelope) as { correlationId?: unknown };
  return isCorrelationId(parsed?.correlationId) ? parsed.correlationId : undefined;
}
