import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config';

const full = {
  VELLUM_S3_ENDPOINT: 'https://s3.eu-central-1.example.net',
  VELLUM_S3_BUCKET: 'kliniek-fotos',
  VELLUM_S3_REGION: 'eu-central-1',
  VELLUM_S3_ACCESS_KEY_ID: 'AKIAVELLUMTEST',
  VELLUM_S3_SECRET_ACCESS_KEY: 'a-secret-of-some-length',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the object store settings', () => {
  it('keeps photos in the data folder when no VELLUM_S3_* is set', () => {
    expect(loadConfig({}).s3).toBeUndefined();
  });

  it('names the bucket with all of them, path style by default', () => {
    expect(loadConfig(full).s3).toEqual({
      endpoint: 'https://s3.eu-central-1.example.net',
      bucket: 'kliniek-fotos',
      region: 'eu-central-1',
      accessKeyId: 'AKIAVELLUMTEST',
      secretAccessKey: 'a-secret-of-some-length',
      forcePathStyle: true,
    });
    expect(loadConfig({ ...full, VELLUM_S3_FORCE_PATH_STYLE: 'false' }).s3?.forcePathStyle).toBe(false);
  });

  it('stops the start with one line per missing or bad variable', () => {
    expect(problemsOf({ VELLUM_S3_BUCKET: 'kliniek-fotos' })).toEqual([
      'VELLUM_S3_ENDPOINT is required when VELLUM_S3_BUCKET is set',
      'VELLUM_S3_ACCESS_KEY_ID is required when VELLUM_S3_BUCKET is set',
      'VELLUM_S3_SECRET_ACCESS_KEY is required when VELLUM_S3_BUCKET is set',
    ]);
    const bad = problemsOf({
      ...full,
      VELLUM_S3_ENDPOINT: 'ftp://store',
      VELLUM_S3_BUCKET: 'Kliniek_Fotos',
      VELLUM_S3_FORCE_PATH_STYLE: 'yes',
    });
    expect(bad.map((line) => line.split(' ')[0])).toEqual([
      'VELLUM_S3_ENDPOINT',
      'VELLUM_S3_BUCKET',
      'VELLUM_S3_FORCE_PATH_STYLE',
    ]);
  });
});
