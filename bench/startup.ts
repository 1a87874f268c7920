// From process start to the first /metrics that holds a complete walk, as Prometheus would first see the exporter.
import { get, PROMETHEUS_HEADERS, textOf } from './http.js';
import type { ExporterUnderTest } from './measure.js';
import { spawnExporter, type SimProcess } from './processes.js';

/** Between two GET /metrics while the exporter is not yet listening, or answered without a complete walk. */
const POLL_MS = 25;

// The first walk counted complete: its lag families are in the same answer (the counter moves once they are served).
const COMPLETE_WALK = /^rocketmq_exporter_walks_total\{result="complete"\} [1-9]/m;
const LAG_SAMPLE = /^rocketmq_msg_diff_topic[{ ]/m;

/**
 * Starts the exporter `starts` times, one after the other, with default settings (only the console URL, listen address
 * and log level set), and asks GET /metrics as Prometheus does every POLL_MS from the spawn on until an answer holds a
 * complete walk and its lag families. Seconds from spawn to that answer's last byte, one per start.
 */
export async function measureStart(sim: SimProcess, exporter: ExporterUnderTest, starts: number): Promise<number[]> {
  const seconds: number[] = [];
  for (let i = 0; i < starts; i++) {
    const proc = await spawnExporter({ main: exporter.main, nodeArgs: exporter.nodeArgs, env: { ROCKETMQ_CONSOLE_URL: sim.url, ...exporter.env } });
    try {
      const answered = await proc.until('serving a complete walk', async () => {
        const text = textOf(await get(`${proc.base}/metrics`, PROMETHEUS_HEADERS));
        return COMPLETE_WALK.test(text) && LAG_SAMPLE.test(text) ? performance.now() : undefined;
      }, POLL_MS);
      seconds.push((answered - proc.spawnedAt) / 1000);
    } finally {
      await proc.stop();
    }
  }
  return seconds;
}
