import { randomToken, sameSecret } from '../../platform/crypto';

/**
 * The one-time code that browser setup asks for while no clinic exists. The server prints it at
 * start, so only someone with access to the server's console can become the owner of a fresh
 * installation that happens to be reachable from a network.
 */
export class SetupCode {
  private code: string | undefined;

  issue(): string {
    this.code ??= randomToken(9);
    return this.code;
  }

  matches(candidate: string): boolean {
    return this.code !== undefined && sameSecret(this.code, candidate);
  }

  clear(): void {
    this.code = undefined;
  }
}
