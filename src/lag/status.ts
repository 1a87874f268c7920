// The status of each consumer group, from the exporter's own history of its walks (the console keeps no commit
// times): DESIGN.md, "Truth rules". Kept per group as the times of the last few events, not as a list of samples.

/** The states, in their order of precedence (README, "Group status"). */
export const GROUP_STATUSES = ['unknown', 'broadcast', 'uncommitted', 'ok', 'rewind', 'stopped', 'stalled', 'lagging'] as const;
export type GroupStatus = (typeof GROUP_STATUSES)[number];

/** What one walk saw of a clustering group with committed offsets. */
export interface GroupSample {
  /** When the rows were observed (ms). */
  readonly at: number;
  /** Unconsumed messages over the group's rows; NaN when no row could be read. */
  readonly lag: number;
  /** A consumer offset of the group moved on since its last observation. */
  readonly advanced: boolean;
  /** A consumer offset of the group went back since its last observation. */
  readonly rewound: boolean;
  /** Whether a consumer of the group is online. */
  readonly consuming: boolean;
}

interface Track {
  samples: number;
  /** The first sample (ms). */
  firstAt: number;
  /** The sample before the last one (ms). */
  previousAt: number;
  last: GroupSample;
  /** The sample time of the last event of each kind; for a change between two samples, the earlier one's. */
  zeroAt: number;
  rewoundFrom: number;
  movedFrom: number;
  decreasedFrom: number;
  increasedFrom: number;
  /** Walk of the last observation, to forget groups no longer walked. */
  walk: number;
}

const NEVER = -Infinity;

/**
 * One walk after another: `observe` each group the walk saw (the history of a group not observed in a walk is
 * forgotten at the next `startWalk`). `windowMs` is STATUS_WINDOW: the events that count are those since the start of
 * the window, or since the previous sample when walks are further apart (at least two walks).
 */
export class GroupHistory {
  private readonly tracks = new Map<string, Track>();
  private walk = 0;

  constructor(private readonly windowMs: number) {}

  startWalk(): void {
    for (const [group, track] of this.tracks) if (track.walk < this.walk) this.tracks.delete(group);
    this.walk++;
  }

  /** Whether a consumer offset of the group moved on within the window before its last observation. */
  movedWithinWindow(group: string): boolean {
    const track = this.tracks.get(group);
    return track !== undefined && track.movedFrom !== NEVER && track.movedFrom >= Math.min(track.last.at - this.windowMs, track.previousAt);
  }

  /** A group whose data this walk is carried from an earlier one: unknown now; its history is kept for the next walk. */
  carried(group: string): GroupStatus {
    const track = this.tracks.get(group);
    if (track !== undefined) track.walk = this.walk;
    return 'unknown';
  }

  /** A group with committed offsets, seen fresh in this walk. */
  observe(group: string, sample: GroupSample): GroupStatus {
    let track = this.tracks.get(group);
    if (track === undefined || !(sample.at > track.last.at)) {
      track = {
        samples: 0, firstAt: sample.at, previousAt: NEVER, last: sample,
        zeroAt: NEVER, rewoundFrom: NEVER, movedFrom: NEVER, decreasedFrom: NEVER, increasedFrom: NEVER, walk: this.walk,
      };
      this.tracks.set(group, track);
    } else {
      const from = track.last.at;
      if (sample.rewound) track.rewoundFrom = from;
      if (sample.advanced) track.movedFrom = from;
      if (sample.lag < track.last.lag) track.decreasedFrom = from;
      if (sample.lag > track.last.lag) track.increasedFrom = from;
    }
    if (sample.lag === 0) track.zeroAt = sample.at;
    if (track.samples > 0) track.previousAt = track.last.at;
    track.samples++;
    track.last = sample;
    track.walk = this.walk;
    return this.statusOf(track);
  }

  private statusOf(track: Track): GroupStatus {
    const { last } = track;
    if (track.samples < 2 || Number.isNaN(last.lag)) return 'unknown';
    const since = Math.min(last.at - this.windowMs, track.previousAt);
    if (track.zeroAt >= since) return 'ok';
    if (track.rewoundFrom >= since) return 'rewind';
    // What needs the whole window without progress is said only once the group has been watched over all of it.
    const watched = track.firstAt <= since;
    if (track.movedFrom < since) return watched ? (last.consuming ? 'stalled' : 'stopped') : 'unknown';
    if (track.decreasedFrom < since && track.increasedFrom >= since) return watched ? 'lagging' : 'unknown';
    return 'ok';
  }
}
