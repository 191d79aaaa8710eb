// The agenda's wall-clock arithmetic lives in src/platform/zoned-time.ts, shared with the web app.
export * from '../../platform/zoned-time';
