/**
 * PGlite that flushes to stable storage (issue 13; docs/decisions/0018-node-24-and-durability.md),
 * switched on with VELLUM_PGLITE_FSYNC=on. A prototype behind a flag while it is measured.
 *
 * PGlite 0.5.16 on Node loses nothing when the process is killed (the operating system still has
 * every write), but a power cut or an OS crash can lose acknowledged commits, for two reasons:
 *   - it starts PostgreSQL with `-F` (fsync=off), so PostgreSQL never asks for a flush;
 *   - Emscripten's Node file system has no `fsync`: `fsync()` reaches `fd_sync`, which calls a
 *     stream's `fsync` only if it has one (NODEFS has none), and `fdatasync()` is a stub that
 *     returns 0 without looking at the file.
 * So this starts PostgreSQL without `-F`, makes it flush the WAL with `fsync()` (wal_sync_method =
 * fsync, the call that reaches the file system), and gives NODEFS an `fsync` that calls Node's
 * `fdatasyncSync` on the real file (and, the first time, on its folder). PostgreSQL then does what it
 * does on a server: flushes the WAL before a commit returns, and the data files at each checkpoint.
 * Not covered: NODEFS renames over an existing file by unlinking it first (not atomic); PostgreSQL
 * renames over existing files only outside the commit path (configuration, statistics).
 */
import { closeSync, fdatasyncSync, fsyncSync, openSync } from 'node:fs';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

export function pgliteFlushes(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.VELLUM_PGLITE_FSYNC === 'on';
}

/** The options that make PGlite in `dataDir` durable; none when the flag is off. */
export function durablePgliteOptions(dataDir: string): Pick<PGliteOptions, 'fs' | 'startParams'> {
  if (dataDir.startsWith('memory://') || !pgliteFlushes()) return {};
  return {
    fs: new FlushingNodeFS(dataDir),
    startParams: [
      ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
      '-c',
      'wal_sync_method=fsync',
    ],
  };
}

type NodeStream = { nfd?: number; node: unknown };
type NodeFileSystem = { stream_ops: Record<string, unknown>; realPath(node: unknown): string };

class FlushingNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(...args);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [
          (mod) => {
            const nodefs = mod.NODEFS as unknown as NodeFileSystem;
            const synced = new Set<string>();
            nodefs.stream_ops.fsync = (stream: NodeStream) => {
              const file = nodefs.realPath(stream.node);
              if (stream.nfd === undefined) {
                syncPath(file); // a directory: NODEFS holds no descriptor for it
                return 0;
              }
              fdatasyncSync(stream.nfd);
              // NODEFS's directory fsync does not reach this function, so a file's first flush in
              // this process also flushes its folder: a new WAL segment or table file (created and
              // renamed by PostgreSQL) keeps its name after a power cut.
              if (!synced.has(file)) {
                syncPath(path.dirname(file));
                synced.add(file);
              }
              return 0;
            };
          },
          ...(emscriptenOpts.preRun ?? []),
        ],
      },
    };
  }
}

function syncPath(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
