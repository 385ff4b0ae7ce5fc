/** Types of the demo server's `startDemo()` (used by the e2e suite, which is TypeScript). */
export interface DemoOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  origin?: string;
  relyingParty?: Record<string, unknown>;
  title?: string;
}

export interface RunningDemo {
  url: string;
  port: number;
  relyingParty: unknown;
  db: unknown;
  close(): Promise<void>;
}

export function startDemo(options?: DemoOptions): Promise<RunningDemo>;
