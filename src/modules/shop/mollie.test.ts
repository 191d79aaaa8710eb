import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

describe('the Mollie gateway', () => {
  // vitest hands a CommonJS package's default import over as its function; Node's own ESM loader,
  // which `npm start` and the benchmark server use, hands over the module object. So this is run
  // in a plain Node process, as the server is: with a key, the gateway must be built and offered.
  it('builds its client under Node’s own module loader, as the server starts it', () => {
    const script = `const { MollieGateway } = await import('./src/modules/shop/mollie.ts');
      const gateway = new MollieGateway({ mollieApiKey: 'test_aaaaaaaaaaaaaaaaaaaaaaaa', mollieApiUrl: 'https://127.0.0.1:9/v2/' });
      process.stdout.write(String(gateway.enabled));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: repoRoot,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }).toString();
    expect(out).toBe('true');
  });
});
