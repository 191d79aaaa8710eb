import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Unavailable } from './errors';
import { assertKey, type BlobStore, KEY } from './storage';

/** Where a chain's photos live: an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, …). */
export type S3Settings = {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style addresses (`endpoint/bucket/key`), as MinIO and most self-hosted stores want. */
  forcePathStyle: boolean;
};

export type S3Options = {
  /** How long to wait for a connection. */
  connectMs: number;
  /** How long one request may take in all. */
  requestMs: number;
  /** Tries per call, the first included. */
  attempts: number;
  /** Keys per ListObjectsV2 page (S3's maximum is 1000; tests page by fewer). */
  pageSize: number;
};

const DEFAULTS: S3Options = { connectMs: 3_000, requestMs: 10_000, attempts: 2, pageSize: 1000 };

const UNAVAILABLE =
  'the photo store (object storage) does not answer: nothing was saved or shown; try again in a moment, and if it lasts, tell the owner';

/**
 * Photos in an S3-compatible bucket, one object per key (the same keys as the folder store). The
 * bytes are sealed with the client's key before they get here: the bucket holds ciphertext only.
 * A store that does not answer within the timeouts rejects with `Unavailable` (503), never hangs a
 * request; a key that is not there rejects as the folder store does (`ENOENT`).
 */
export class S3BlobStore implements BlobStore {
  readonly kind = 's3' as const;
  private readonly client: S3Client;
  private readonly pageSize: number;

  constructor(
    private readonly settings: S3Settings,
    options: Partial<S3Options> = {},
  ) {
    const t = { ...DEFAULTS, ...options };
    this.pageSize = t.pageSize;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      maxAttempts: t.attempts,
      // Without throwOnRequestTimeout the SDK only logs a request past its timeout and keeps waiting.
      requestHandler: {
        connectionTimeout: t.connectMs,
        requestTimeout: t.requestMs,
        throwOnRequestTimeout: true,
      },
    });
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    assertKey(key);
    await this.call(() =>
      this.client.send(
        new PutObjectCommand({
          Bucket: this.settings.bucket,
          Key: key,
          Body: bytes,
          ContentType: 'application/octet-stream',
        }),
      ),
    );
  }

  async get(key: string): Promise<Buffer> {
    assertKey(key);
    const response = await this.call(
      () => this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: key })),
      key,
    );
    const body = response.Body;
    if (!body) throw missing(key);
    // The body streams after the answer began: a store failing mid-way is unavailable too, never half an image.
    return this.call(async () => Buffer.from(await body.transformToByteArray()));
  }

  async delete(key: string): Promise<void> {
    assertKey(key);
    await this.call(() =>
      this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key })),
    );
  }

  /** Every photo key in the bucket, a page of ListObjectsV2 at a time; other objects are left out. */
  async list(): Promise<{ key: string; modifiedAt: Date }[]> {
    const entries: { key: string; modifiedAt: Date }[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.settings.bucket,
            ContinuationToken: token,
            MaxKeys: this.pageSize,
          }),
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key && KEY.test(object.Key))
          entries.push({ key: object.Key, modifiedAt: object.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return entries;
  }

  async check(): Promise<void> {
    await this.call(() => this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket })));
  }

  /** Closes the client's connections (tests, and a server shutting down). */
  close(): void {
    this.client.destroy();
  }

  private async call<T>(request: () => Promise<T>, key?: string): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (key !== undefined && isNotFound(error)) throw missing(key);
      throw new Unavailable(UNAVAILABLE, { cause: error });
    }
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === 'NoSuchBucket') return false;
  return e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

function missing(key: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${key} is not in the photo store`), { code: 'ENOENT' });
}
