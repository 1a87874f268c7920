// The recorded console answers (test/fixtures/console/, described in docs/console-api.md) and other fixture files:
// the one place tests, the simulator and the docs generator read them from.
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** A fixture file's text, by its path under test/fixtures/. */
export function fixtureText(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** A recorded console answer as sent, by file name under test/fixtures/console/. */
export function consoleFixtureText(name: string): string {
  return fixtureText(`console/${name}`);
}

/** A recorded console answer, parsed: the whole `{status, data, errMsg}` envelope. */
export function consoleFixture(name: string): unknown {
  return JSON.parse(consoleFixtureText(name)) as unknown;
}

/** The `data` of a recorded console answer. */
export function consoleFixtureData<T = unknown>(name: string): T {
  return (consoleFixture(name) as { data: T }).data;
}
