import { describe, expect, it } from 'vitest';
import { apiTypes, typeOf } from '../scripts/api-types';

describe('the web app’s API types from the OpenAPI document', () => {
  it('writes objects, optional fields, nullables, enums, tuples and references as TypeScript', () => {
    expect(
      typeOf({
        type: 'object',
        properties: {
          id: { type: 'string', format: 'uuid' },
          note: { type: ['string', 'null'] },
          kind: { type: 'string', enum: ['invoice', 'credit_note'] },
          at: { anyOf: [{ type: 'string' }, { type: 'null' }] },
          pair: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'boolean' }] },
          client: { $ref: '#/components/schemas/Client' },
          tags: { type: 'array', items: { const: 'x' } },
        },
        required: ['id', 'note', 'kind'],
        additionalProperties: false,
      }).replaceAll(/\s+/g, ' '),
    ).toBe(
      '{ "id": string; "note": string | null; "kind": "invoice" | "credit_note"; "at"?: string | null; ' +
        '"pair"?: [number, boolean]; "client"?: ApiSchemas["Client"]; "tags"?: Array<"x">; }',
    );
    expect(typeOf({ type: 'object', additionalProperties: { type: 'number' } }).replaceAll(/\s+/g, ' ')).toBe(
      '{ [key: string]: number; }',
    );
  });

  it('gives every operation its path and query parameters, body and responses', () => {
    const text = apiTypes({
      paths: {
        '/api/things/{id}': {
          post: {
            summary: 'Changes a thing',
            parameters: [
              { in: 'path', name: 'id', required: true, schema: { type: 'string' } },
              { in: 'query', name: 'dry', schema: { type: 'boolean' } },
            ],
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: {} } } } },
            responses: {
              '201': { content: { 'application/json': { schema: { type: 'integer' } } } },
              '204': {},
            },
          },
        },
      },
    }).replaceAll(/\s+/g, ' ');
    expect(text).toContain(
      '"/api/things/{id}": { /** Changes a thing */ post: { params: { "id": string; }; query: { "dry"?: boolean; }; ' +
        'body: { [key: string]: unknown; }; responses: { 201: number; 204: unknown; }; }; };',
    );
  });
});
