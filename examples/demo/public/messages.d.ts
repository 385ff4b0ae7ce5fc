/** Types of messages.js (the e2e suite is TypeScript). */
export declare const MESSAGES: Readonly<Record<string, string>>;
export declare function messageFor(code: string): string;
