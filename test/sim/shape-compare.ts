// Compares a JSON value's shape (keys and value types at every depth) with a recorded fixture's; used by the tests.

type JsonType = 'null' | 'string' | 'number' | 'boolean' | 'array' | 'object';

interface Shape {
  readonly types: Set<JsonType>;
  /** Object fields; for a map (keyed by names), the single key '*'. */
  readonly fields: Map<string, Shape>;
  /** Array element shape; undefined when every array seen was empty. */
  items: Shape | undefined;
}

function typeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean' || t === 'object') return t;
  throw new Error(`not a JSON value: ${t}`);
}

function emptyShape(): Shape {
  return { types: new Set(), fields: new Map(), items: undefined };
}

/** Adds one fixture value to a shape: unions types, fields and element shapes. `maps` lists paths whose objects are keyed by names. */
function learn(shape: Shape, value: unknown, path: string, maps: ReadonlySet<string>): void {
  const type = typeOf(value);
  shape.types.add(type);
  if (type === 'array') {
    for (const item of value as unknown[]) {
      shape.items ??= emptyShape();
      learn(shape.items, item, `${path}.[]`, maps);
    }
  } else if (type === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key, child] of entries) {
      const name = maps.has(path) ? '*' : key;
      let field = shape.fields.get(name);
      if (field === undefined) {
        field = emptyShape();
        shape.fields.set(name, field);
      }
      learn(field, child, `${path}.${name}`, maps);
    }
  }
}

function check(shape: Shape, value: unknown, path: string, maps: ReadonlySet<string>, problems: string[]): void {
  const type = typeOf(value);
  if (!shape.types.has(type)) {
    problems.push(`${path}: ${type}, fixture has ${[...shape.types].join('|')}`);
    return;
  }
  if (type === 'array' && shape.items !== undefined) {
    for (const item of value as unknown[]) check(shape.items, item, `${path}.[]`, maps, problems);
  } else if (type === 'object') {
    const object = value as Record<string, unknown>;
    if (maps.has(path)) {
      const values = shape.fields.get('*');
      if (values !== undefined) for (const child of Object.values(object)) check(values, child, `${path}.*`, maps, problems);
      return;
    }
    const expected = [...shape.fields.keys()].sort();
    const actual = Object.keys(object).sort();
    if (expected.join(',') !== actual.join(',')) {
      problems.push(`${path}: keys [${actual.join(', ')}], fixture has [${expected.join(', ')}]`);
      return;
    }
    for (const key of actual) check(shape.fields.get(key) as Shape, object[key], `${path}.${key}`, maps, problems);
  }
}

/** Problems found comparing `actual` with `fixture` (empty = same shape). Paths look like `data.[].address`, `data.*.topic`. */
export function shapeProblems(actual: unknown, fixture: unknown, maps: readonly string[] = []): string[] {
  const mapSet = new Set(maps.map((m) => `$.${m}`));
  const shape = emptyShape();
  learn(shape, fixture, '$', mapSet);
  const problems: string[] = [];
  check(shape, actual, '$', mapSet, problems);
  return problems;
}

/** A copy of `value` without the fields at `paths` (same path syntax; `[]` = every element, `*` = every map value). */
export function withoutFields(value: unknown, paths: readonly string[]): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(value));
  for (const path of paths) {
    const steps = path.split('.');
    const last = steps.pop() as string;
    let nodes: unknown[] = [copy];
    for (const step of steps) {
      nodes = nodes.flatMap((node): unknown[] => {
        if (node === null || typeof node !== 'object') return [];
        if (step === '[]' || step === '*') return Object.values(node);
        return [(node as Record<string, unknown>)[step]];
      });
    }
    for (const node of nodes) if (node !== null && typeof node === 'object') delete (node as Record<string, unknown>)[last];
  }
  return copy;
}
