import { WebAuthnError } from '../../src/errors.js';

/** The error code thrown by `fn`, the error's class name when it has no code, or 'no-throw'. */
export function outcome(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    const e = err as { code?: string; constructor: { name: string } };
    return e.code ?? e.constructor.name;
  }
  return 'no-throw';
}

/** The WebAuthnError a synchronous call throws; fails the test when it throws anything else or nothing. */
export function thrown(fn: () => unknown): WebAuthnError {
  try {
    fn();
  } catch (err) {
    if (err instanceof WebAuthnError) return err;
    throw new Error(`expected a WebAuthnError, got ${String(err)}`);
  }
  throw new Error('expected a WebAuthnError, the call returned');
}

/** The WebAuthnError a promise rejects with; fails the test when it rejects with anything else or resolves. */
export async function rejected(p: Promise<unknown>): Promise<WebAuthnError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WebAuthnError) return err;
    throw new Error(`expected a WebAuthnError, got ${String(err)}`);
  }
  throw new Error('expected a WebAuthnError, the promise resolved');
}
