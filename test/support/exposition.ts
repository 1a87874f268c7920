// Parses Prometheus text exposition into samples, so tests can compare families with the simulator's truth.

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    samples.push(parseLine(line));
  }
  return samples;
}

function parseLine(line: string): Sample {
  const brace = line.indexOf('{');
  const space = line.lastIndexOf(' ');
  if (brace < 0 || brace > space) {
    return { name: line.slice(0, space), labels: {}, value: Number(line.slice(space + 1)) };
  }
  const name = line.slice(0, brace);
  const labels: Record<string, string> = {};
  let i = brace + 1;
  while (line[i] !== '}') {
    const eq = line.indexOf('=', i);
    const key = line.slice(i, eq);
    let value = '';
    let j = eq + 2;
    for (; line[j] !== '"'; j++) {
      if (line[j] === '\\') {
        j++;
        value += line[j] === 'n' ? '\n' : line[j];
      } else {
        value += line[j];
      }
    }
    labels[key] = value;
    i = line[j + 1] === ',' ? j + 2 : j + 1;
  }
  return { name, labels, value: Number(line.slice(line.indexOf('} ', i) + 2).split(' ')[0]) };
}

/** Samples of one family as `labelValue/labelValue -> value`, in the given label order. */
export function family(samples: readonly Sample[], name: string, labelOrder: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = labelOrder.map((l) => s.labels[l] ?? '').join('/');
    if (key in out) throw new Error(`duplicate series ${name}{${key}}`);
    out[key] = s.value;
  }
  return out;
}
