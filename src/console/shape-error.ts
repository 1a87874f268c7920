// A console body that is not the documented shape; the client turns it into a ConsoleMalformedResponseError.

export class ShapeError extends Error {
  /**
   * @param path where in the body, e.g. `data.queueStatInfoList[3].brokerOffset`
   * @param expected what should have been there, e.g. `expected a number`
   */
  constructor(readonly path: string, readonly expected: string, got: unknown) {
    super(`${path}: ${expected}, got ${describe(got)}`);
    this.name = 'ShapeError';
  }
}

// Says what kind of value it was, never the value: it may hold a clientId with a secret key.
function describe(value: unknown): string {
  if (value === undefined) return 'nothing (field missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value === '' ? 'an empty string' : 'a string';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
