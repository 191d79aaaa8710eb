/**
 * HTTP load with autocannon. Its own latency histogram counts whole milliseconds and has no p95,
 * so every response time (sub-millisecond, from autocannon's `response` event) is kept and the
 * percentiles are computed here.
 *
 * An HTTP measurement is a warm-up (caches, JIT), then the latency one user sees (one connection,
 * requests back to back), then throughput under load (`connections` at once, 10 in issue 7). Under
 * load on two cores, latency mostly measures the queue, so the targets' p95 is the first figure.
 */
import autocannon from 'autocannon';

export type LoadOptions = {
  url: string;
  /** Each request's path; called per request (e.g. a different search term every time). */
  path: () => string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: Buffer;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /**
   * Waits until the server has finished what a run left behind. A run ends with requests still in
   * flight; their work goes on, and would otherwise be queued in front of the next run's requests.
   */
  settle?: () => Promise<void>;
};

export type LoadResult = {
  requests: number;
  errors: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  seconds: number;
};

export type HttpMeasurement = { single: LoadResult; loaded: LoadResult };

export async function measureHttp(options: LoadOptions): Promise<HttpMeasurement> {
  if (options.warmupSeconds > 0) await run(options, options.warmupSeconds);
  const single = await run({ ...options, connections: 1 }, options.seconds);
  return { single, loaded: await run(options, options.seconds) };
}

/** One run at `connections`, after the warm-up if any. */
export async function measureLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await run(options, options.warmupSeconds);
  return run(options, options.seconds);
}

async function run(options: LoadOptions, seconds: number): Promise<LoadResult> {
  const result = await load(options, seconds);
  await options.settle?.();
  return result;
}

async function load(options: LoadOptions, seconds: number): Promise<LoadResult> {
  const times: number[] = [];
  let errors = 0;
  let instance: autocannon.Instance | undefined;
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: seconds,
        timeout: 30,
        requests: [
          {
            method: options.method ?? 'GET',
            headers: options.headers,
            body: options.body,
            setupRequest: (request) => ({ ...request, path: options.path() }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
  instance?.on('response', (_client, statusCode: number, _bytes, responseTime: number) => {
    if (statusCode >= 200 && statusCode < 300) times.push(responseTime);
    else errors += 1;
  });
  const result = await finished;
  errors += result.errors + result.timeouts;
  times.sort((a, b) => a - b);
  return {
    requests: times.length,
    errors,
    requestsPerSecond: round(times.length / result.duration, 1),
    p50: round(percentile(times, 0.5), 2),
    p95: round(percentile(times, 0.95), 2),
    p99: round(percentile(times, 0.99), 2),
    seconds: result.duration,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
