import { expect } from 'vitest';

/**
 * A setup step's answer, checked: a test whose setup silently failed (a 400 on a changed body, a
 * 403 after a rights change) would otherwise assert on nothing and pass.
 */
export async function expectStatus<T extends { statusCode: number; body: string }>(
  pending: Promise<T> | T,
  status: number,
): Promise<T> {
  const response = await pending;
  expect(response.statusCode, response.body).toBe(status);
  return response;
}
