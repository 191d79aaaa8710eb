/**
 * Writes the web app's API types from the server's OpenAPI document, so a server change that breaks
 * the web fails `npm run typecheck` instead of a page at a clinic. Output:
 * web/src/shared/api-schema.gen.ts (git-ignored; made again by every type check).
 *
 * A small JSON-Schema-to-TypeScript writer for what the zod schemas produce (objects, arrays, tuples,
 * enums, constants, unions, nullables, references). openapi-typescript would do it, but it needs the
 * TypeScript 5 compiler API, and the project type-checks with TypeScript 7.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiDocument } from './openapi-document';

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema | Schema[];
  prefixItems?: Schema[];
  description?: string;
  format?: string;
};
type Operation = {
  summary?: string;
  parameters?: {
    in: 'path' | 'query' | 'header' | 'cookie';
    name: string;
    required?: boolean;
    schema: Schema;
  }[];
  requestBody?: { content?: Record<string, { schema: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema: Schema }> }>;
};
type Document = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function typeOf(schema: Schema | boolean | undefined, indent = ''): string {
  if (schema === undefined || schema === true) return 'unknown';
  if (schema === false) return 'never';
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    return `ApiSchemas[${JSON.stringify(name)}]`;
  }
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.anyOf || schema.oneOf)
    return union((schema.anyOf ?? schema.oneOf ?? []).map((s) => typeOf(s, indent)));
  if (schema.allOf) return schema.allOf.map((s) => `(${typeOf(s, indent)})`).join(' & ');
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return schema.properties ? objectType(schema, indent) : 'unknown';
  return union(types.map((type) => single(type, schema, indent)));
}

function single(type: string, schema: Schema, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      if (schema.prefixItems) return `[${schema.prefixItems.map((s) => typeOf(s, indent)).join(', ')}]`;
      if (Array.isArray(schema.items)) return `[${schema.items.map((s) => typeOf(s, indent)).join(', ')}]`;
      return `Array<${typeOf(schema.items, indent)}>`;
    case 'object':
      return objectType(schema, indent);
    default:
      return 'unknown';
  }
}

function objectType(schema: Schema, indent: string): string {
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const lines = Object.entries(schema.properties ?? {}).map(
    ([name, property]) =>
      `${inner}${JSON.stringify(name)}${required.has(name) ? '' : '?'}: ${typeOf(property, inner)};`,
  );
  const extra = schema.additionalProperties;
  if (extra && extra !== true) lines.push(`${inner}[key: string]: ${typeOf(extra, inner)};`);
  else if (extra === true || (extra === undefined && lines.length === 0))
    lines.push(`${inner}[key: string]: unknown;`);
  return lines.length === 0 ? '{}' : `{\n${lines.join('\n')}\n${indent}}`;
}

function union(parts: string[]): string {
  const unique = [...new Set(parts)];
  return unique.length === 1
    ? (unique[0] ?? 'unknown')
    : unique.map((p) => (p.includes('\n') ? p : p)).join(' | ');
}

function operationType(operation: Operation, indent: string): string {
  const inner = `${indent}  `;
  const parameters = (where: 'path' | 'query') => {
    const list = (operation.parameters ?? []).filter((p) => p.in === where);
    if (list.length === 0) return 'never';
    const props = list.map(
      (p) =>
        `${inner}  ${JSON.stringify(p.name)}${p.required ? '' : '?'}: ${typeOf(p.schema, `${inner}  `)};`,
    );
    return `{\n${props.join('\n')}\n${inner}}`;
  };
  const body = operation.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(operation.responses ?? {}).map(([status, response]) => {
    const json = response.content?.['application/json']?.schema;
    return `${inner}  ${status}: ${json ? typeOf(json, `${inner}  `) : 'unknown'};`;
  });
  return [
    '{',
    `${inner}params: ${parameters('path')};`,
    `${inner}query: ${parameters('query')};`,
    `${inner}body: ${body ? typeOf(body, inner) : 'never'};`,
    `${inner}responses: {\n${responses.join('\n')}\n${inner}};`,
    `${indent}}`,
  ].join('\n');
}

export function apiTypes(document: Document): string {
  const out: string[] = [
    '// Generated by scripts/api-types.ts from the server’s OpenAPI document. Do not edit: run `npm run typecheck`.',
    '',
    'export interface ApiSchemas {',
  ];
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    out.push(`  ${JSON.stringify(name)}: ${typeOf(schema, '  ')};`);
  }
  out.push('}', '', 'export interface ApiPaths {');
  for (const [route, item] of Object.entries(document.paths)) {
    const operations = METHODS.filter((method) => item[method]);
    if (operations.length === 0) continue;
    out.push(`  ${JSON.stringify(route)}: {`);
    for (const method of operations) {
      const operation = item[method] as Operation;
      if (operation.summary) out.push(`    /** ${operation.summary.replaceAll('*/', '* /')} */`);
      out.push(`    ${method}: ${operationType(operation, '    ')};`);
    }
    out.push('  };');
  }
  out.push('}', '');
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = fileURLToPath(new URL('../web/src/shared/api-schema.gen.ts', import.meta.url));
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, apiTypes((await openApiDocument()) as Document));
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
